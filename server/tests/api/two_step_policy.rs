//! `SHOULDER_ADMIN_TWO_STEP=required`: an admin without two-step sign-in has a member's powers until they turn
//! it on, and cannot turn it off again; other roles are not affected.

use app::types::Role;
use reqwest::StatusCode;

use crate::helpers::{TestApp, PASSWORD};

crate::on_both_databases!(
    settings [("SHOULDER_ADMIN_TWO_STEP", "required")];
    an_admin_acts_as_a_member_until_two_step_sign_in_is_on,
    members_and_facilitators_are_not_asked_for_two_step_sign_in,
);

async fn current_user(app: &TestApp) -> serde_json::Value {
    app.call("/api/current_user", &[])
        .await
        .json()
        .await
        .unwrap()
}

async fn an_admin_acts_as_a_member_until_two_step_sign_in_is_on(app: TestApp) {
    app.create_user("Ada Admin", "ada@example.edu", Role::Admin)
        .await;
    app.sign_in("ada@example.edu", PASSWORD).await;
    let me = current_user(&app).await;
    assert_eq!(me["role"], "admin");
    assert_eq!(me["two_step_required"], true);

    // Admin and facilitator work is refused with a reason that says what to do; the account still works.
    for path in ["/api/admin/list_users", "/api/facilitate/list_sessions"] {
        let refused = app.call(path, &[]).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(
            refused.text().await.unwrap().contains("TwoStepRequired"),
            "{path}"
        );
    }
    assert_eq!(
        app.call("/api/my_sessions", &[]).await.status(),
        StatusCode::OK
    );

    // Turning it on opens the admin pages in the same session.
    let setup = crate::helpers::start_two_step(&app).await;
    let code = crate::helpers::totp_code_for(setup["secret"].as_str().expect("a key"));
    let confirmed = app.call("/api/confirm_two_step", &[("code", &code)]).await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let recovery: Vec<String> = confirmed.json().await.unwrap();
    assert_eq!(
        app.call("/api/admin/list_users", &[]).await.status(),
        StatusCode::OK
    );

    // And it stays on.
    let kept = app
        .call("/api/disable_two_step", &[("code", &recovery[0])])
        .await;
    assert_eq!(kept.status(), StatusCode::CONFLICT);
    assert!(kept.text().await.unwrap().contains("requires two-step"));
    assert_eq!(current_user(&app).await["two_step"], true);
}

async fn members_and_facilitators_are_not_asked_for_two_step_sign_in(app: TestApp) {
    app.create_user("Fay Facilitator", "fay@example.edu", Role::Facilitator)
        .await;
    app.sign_in("fay@example.edu", PASSWORD).await;
    assert_eq!(current_user(&app).await["two_step_required"], false);
    assert_eq!(
        app.call("/api/facilitate/list_sessions", &[])
            .await
            .status(),
        StatusCode::OK
    );
}
