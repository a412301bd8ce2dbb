//! Accounts that belong to their owner, through the real router: confirming a new account's address, resets,
//! sign-in links, invitations, taking back an unconfirmed account for its owner, and the throttling of link
//! requests. Links are read from the outbox, where the email that carries them waits.

use app::types::Role;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::EntityTrait;
use serde_json::{json, Value};
use shoulder_server::db::entities::account_token;

use crate::helpers::{
    call_with, demo_closed_cycle, emails_to, latest_email_to, token_in, TestApp, PASSWORD,
};

crate::on_both_databases!(
    a_new_account_confirms_its_address_with_a_single_use_link,
    a_reset_link_sets_a_new_password_once_and_signs_out_everywhere,
    asking_for_a_link_never_says_who_has_an_account_and_is_throttled,
    an_expired_or_unknown_link_is_refused_with_a_way_forward,
    a_sign_in_link_signs_in_once,
    an_admin_invites_a_pasted_list_and_the_invitee_sets_a_password,
    an_import_takes_back_an_unconfirmed_account_for_the_owner_of_the_address,
    the_closed_cycles_applicants_can_be_invited_and_get_in,
    single_sign_on_links_by_verified_email_and_remembers_the_subject,
);

/// Mallory signs up with someone else's `address` (and never confirms it), then signs in with the password she
/// chose; her browser.
async fn mallory_claims(app: &TestApp, address: &str) -> reqwest::Client {
    let (mallory, _) = app.new_client();
    let signed_up = call_with(
        &mallory,
        &app.url("/api/sign_up"),
        &[
            ("name", "Mallory"),
            ("email", address),
            ("password", "mallory's password"),
            ("institution_name", "Elsewhere"),
            ("institution_type", "Other"),
        ],
    )
    .await;
    assert!(signed_up.status().is_success());
    call_with(
        &mallory,
        &app.url("/api/sign_in"),
        &[("email", address), ("password", "mallory's password")],
    )
    .await;
    mallory
}

async fn me(client: &reqwest::Client, app: &TestApp) -> Value {
    client
        .post(app.url("/api/current_user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn a_new_account_confirms_its_address_with_a_single_use_link(app: TestApp) {
    assert_eq!(
        app.sign_up_form("Zoë Martin", "zoe@example.edu")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        me(&app.client, &app).await,
        Value::Null,
        "signing up alone does not sign in"
    );
    let email = latest_email_to(&app, "zoe@example.edu")
        .await
        .expect("an email");
    assert_eq!(email.subject, "Confirm your email address for Shoulder");
    let token = token_in(&email.body, "/verify-email");
    // Only the hash is stored.
    let stored = account_token::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(stored
        .iter()
        .all(|t| t.token_hash != token && t.token_hash.len() == 64));

    // Opening the page shows whose address it is, and uses nothing up.
    let (other, _) = app.new_client();
    let details = call_with(
        &other,
        &app.url("/api/check_link"),
        &[("purpose", "verify"), ("token", &token)],
    )
    .await;
    assert_eq!(details.status(), StatusCode::OK);
    assert_eq!(
        details.json::<Value>().await.unwrap()["email"],
        "zoe@example.edu"
    );

    let confirmed = call_with(&other, &app.url("/api/verify_email"), &[("token", &token)]).await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let zoe = me(&other, &app).await;
    assert_eq!(
        (zoe["email"].as_str(), zoe["email_verified"].as_bool()),
        (Some("zoe@example.edu"), Some(true)),
        "the link confirms and signs in"
    );

    let again = call_with(&other, &app.url("/api/verify_email"), &[("token", &token)]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().await.unwrap().contains("already been used"));
    // A confirmed member has nothing left to resend.
    assert_eq!(
        call_with(&other, &app.url("/api/resend_verification"), &[])
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

async fn a_reset_link_sets_a_new_password_once_and_signs_out_everywhere(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    // Ben is signed in on another device.
    let (laptop, _) = app.new_client();
    call_with(
        &laptop,
        &app.url("/api/sign_in"),
        &[("email", "ben@example.edu"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(me(&laptop, &app).await["name"], "Ben Carter");

    let asked = app
        .call(
            "/api/request_password_reset",
            &[("email", " BEN@example.edu ")],
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let email = latest_email_to(&app, "ben@example.edu").await.unwrap();
    assert_eq!(email.subject, "Reset your Shoulder password");
    let token = token_in(&email.body, "/reset-password");

    let mismatch = app
        .call(
            "/api/reset_password",
            &[
                ("token", &token),
                ("new_password", "a brand new password"),
                ("confirm_password", "a different one"),
            ],
        )
        .await;
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.text().await.unwrap().contains("confirm_password"));

    let reset = app
        .call(
            "/api/reset_password",
            &[
                ("token", &token),
                ("new_password", "a brand new password"),
                ("confirm_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(
        app.whoami().await.as_deref(),
        Some("Ben Carter"),
        "signed in here"
    );
    assert_eq!(
        me(&laptop, &app).await,
        Value::Null,
        "signed out everywhere else"
    );
    assert_eq!(
        app.sign_in("ben@example.edu", PASSWORD).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.sign_in("ben@example.edu", "a brand new password")
            .await
            .status(),
        StatusCode::OK
    );
    let reused = app
        .call(
            "/api/reset_password",
            &[
                ("token", &token),
                ("new_password", "yet another password"),
                ("confirm_password", "yet another password"),
            ],
        )
        .await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.text().await.unwrap().contains("already been used"));
}

async fn asking_for_a_link_never_says_who_has_an_account_and_is_throttled(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let known = app
        .call(
            "/api/request_password_reset",
            &[("email", "ben@example.edu")],
        )
        .await;
    let unknown = app
        .call(
            "/api/request_password_reset",
            &[("email", "nobody@example.edu")],
        )
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(emails_to(&app, "ben@example.edu").await, 1);
    assert_eq!(emails_to(&app, "nobody@example.edu").await, 0);

    // Five requests an hour per address, then 429 with the wait, whether or not it has an account.
    for _ in 0..4 {
        let ok = app
            .call(
                "/api/request_sign_in_link",
                &[("email", "nobody@example.edu")],
            )
            .await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
    let refused = app
        .call(
            "/api/request_sign_in_link",
            &[("email", "nobody@example.edu")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 3000 && wait <= 3600, "{wait}");

    // Twenty an hour from one client, across addresses: no sweeping through an address book.
    let mut statuses = Vec::new();
    for i in 0..16 {
        let response = app
            .call(
                "/api/request_password_reset",
                &[("email", &format!("person{i}@example.edu"))],
            )
            .await;
        statuses.push(response.status());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        14,
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}

async fn an_expired_or_unknown_link_is_refused_with_a_way_forward(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    app.call(
        "/api/request_password_reset",
        &[("email", "ben@example.edu")],
    )
    .await;
    let token = token_in(
        &latest_email_to(&app, "ben@example.edu").await.unwrap().body,
        "/reset-password",
    );
    // An hour and a minute later.
    account_token::Entity::update_many()
        .col_expr(
            account_token::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .exec(&app.state.db)
        .await
        .unwrap();
    for (token, says) in [
        (token.as_str(), "expired"),
        ("x".repeat(43).as_str(), "not valid"),
        ("short", "not valid"),
    ] {
        let response = app
            .call("/api/check_link", &[("purpose", "reset"), ("token", token)])
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.unwrap();
        let message = body["Invalid"]["token"].as_str().unwrap_or_default();
        assert!(
            message.contains(says) && message.contains("Ask for a new one"),
            "{body}"
        );
    }
    // A reset link is not a sign-in link.
    let wrong_kind = app
        .call("/api/sign_in_with_link", &[("token", &token)])
        .await;
    assert_eq!(wrong_kind.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_sign_in_link_signs_in_once(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    app.call("/api/request_sign_in_link", &[("email", "ben@example.edu")])
        .await;
    let email = latest_email_to(&app, "ben@example.edu").await.unwrap();
    assert_eq!(email.subject, "Your sign-in link for Shoulder");
    let token = token_in(&email.body, "/sign-in/link");
    let (phone, _) = app.new_client();
    let signed_in = call_with(
        &phone,
        &app.url("/api/sign_in_with_link"),
        &[("token", &token)],
    )
    .await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    assert_eq!(me(&phone, &app).await["name"], "Ben Carter");
    let (other, _) = app.new_client();
    let again = call_with(
        &other,
        &app.url("/api/sign_in_with_link"),
        &[("token", &token)],
    )
    .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me(&other, &app).await, Value::Null);
}

async fn an_admin_invites_a_pasted_list_and_the_invitee_sets_a_password(app: TestApp) {
    app.create_user("Maya Okafor", "admin@example.edu", Role::Admin)
        .await;
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    // A member cannot invite.
    let (member, _) = app.new_client();
    call_with(
        &member,
        &app.url("/api/sign_in"),
        &[("email", "ben@example.edu"), ("password", PASSWORD)],
    )
    .await;
    let refused = call_with(
        &member,
        &app.url("/api/admin/invite_people"),
        &[("addresses", "x@example.edu"), ("role", "member")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    app.sign_in("admin@example.edu", PASSWORD).await;
    let report: Value = app
        .call(
            "/api/admin/invite_people",
            &[
                (
                    "addresses",
                    "Nia Patel <NIA@example.edu>, ben@example.edu\nnot an address",
                ),
                ("role", "facilitator"),
            ],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["invited"], json!(["nia@example.edu"]));
    assert_eq!(report["created"], 1);
    assert_eq!(report["already_active"], json!(["ben@example.edu"]));
    assert_eq!(report["problems"].as_array().unwrap().len(), 1);

    let users: Value = app
        .call("/api/admin/list_users", &[])
        .await
        .json()
        .await
        .unwrap();
    let nia = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "nia@example.edu")
        .unwrap()
        .clone();
    assert_eq!(nia["state"], "not_signed_in_yet");
    assert_eq!(nia["role"], "facilitator");
    assert!(nia["invited_at"].is_string());

    let email = latest_email_to(&app, "nia@example.edu").await.unwrap();
    assert_eq!(email.subject, "Maya Okafor invites you to Shoulder");
    let token = token_in(&email.body, "/invitation");
    let (nia_browser, _) = app.new_client();
    let bad = call_with(
        &nia_browser,
        &app.url("/api/accept_invitation"),
        &[
            ("token", &token),
            ("name", " "),
            ("new_password", "short"),
            ("confirm_password", "short"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad: Value = bad.json().await.unwrap();
    assert!(bad["Invalid"]["name"].is_string() && bad["Invalid"]["new_password"].is_string());
    let accepted = call_with(
        &nia_browser,
        &app.url("/api/accept_invitation"),
        &[
            ("token", &token),
            ("name", "Nia Patel-Rao"),
            ("new_password", "my own good password"),
            ("confirm_password", "my own good password"),
        ],
    )
    .await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let nia_now = me(&nia_browser, &app).await;
    assert_eq!(nia_now["name"], "Nia Patel-Rao");
    assert_eq!(nia_now["email_verified"], true);
    assert_eq!(nia_now["role"], "facilitator");
}

async fn an_import_takes_back_an_unconfirmed_account_for_the_owner_of_the_address(app: TestApp) {
    let cycle = demo_closed_cycle(&app).await;
    // Mallory signs up first with Rosa's address and never confirms it.
    let mallory = mallory_claims(&app, "rosa.lima@example.edu").await;
    assert_eq!(me(&mallory, &app).await["email_verified"], false);

    let csv = crate::helpers::applications_csv(&app, cycle).await;
    // The first applicant's row, with Rosa's address.
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let first = lines.next().unwrap();
    let email_column = header.split(',').position(|c| c == "email").unwrap();
    let mut cells: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(first.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    cells[email_column] = "rosa.lima@example.edu".to_owned();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header.split(',')).unwrap();
    writer.write_record(&cells).unwrap();
    let file = String::from_utf8(writer.into_inner().unwrap()).unwrap();

    let report: Value = app
        .call_json(
            "/api/admin/import_applications",
            &json!({ "cycle_id": cycle, "csv": file, "dry_run": false }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["imported"], true, "{report}");
    assert_eq!(report["reclaimed"], 1, "{report}");
    // Mallory is out: her session ended and her password no longer opens the account.
    assert_eq!(me(&mallory, &app).await, Value::Null);
    let tried = call_with(
        &mallory,
        &app.url("/api/sign_in"),
        &[
            ("email", "rosa.lima@example.edu"),
            ("password", "mallory's password"),
        ],
    )
    .await;
    assert_eq!(tried.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The owner of the address gets in with a reset link sent to it.
    app.call(
        "/api/request_password_reset",
        &[("email", "rosa.lima@example.edu")],
    )
    .await;
    let token = token_in(
        &latest_email_to(&app, "rosa.lima@example.edu")
            .await
            .unwrap()
            .body,
        "/reset-password",
    );
    let (rosa, _) = app.new_client();
    let reset = call_with(
        &rosa,
        &app.url("/api/reset_password"),
        &[
            ("token", &token),
            ("new_password", "rosa's own password"),
            ("confirm_password", "rosa's own password"),
        ],
    )
    .await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(me(&rosa, &app).await["email_verified"], true);
}

async fn the_closed_cycles_applicants_can_be_invited_and_get_in(app: TestApp) {
    let cycle = demo_closed_cycle(&app).await;
    let report: Value = app
        .call(
            "/api/admin/invite_applicants",
            &[("cycle_id", &cycle.to_string())],
        )
        .await
        .json()
        .await
        .unwrap();
    // Everyone but Rosa and Kwame, who already sign in.
    assert_eq!(report["invited"].as_array().unwrap().len(), 119, "{report}");
    assert_eq!(report["created"], 0);
    let invited = report["invited"][0].as_str().unwrap().to_owned();
    let email = latest_email_to(&app, &invited)
        .await
        .unwrap_or_else(|| panic!("no email to {invited}"));
    assert!(
        email
            .body
            .contains("You applied to Registrar Peer Mentoring"),
        "{}",
        email.body
    );
    let token = token_in(&email.body, "/invitation");
    let (browser, _) = app.new_client();
    let details: Value = call_with(
        &browser,
        &app.url("/api/check_link"),
        &[("purpose", "invite"), ("token", &token)],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(details["email"], invited.as_str());
    let name = details["name"].as_str().unwrap().to_owned();
    let accepted = call_with(
        &browser,
        &app.url("/api/accept_invitation"),
        &[
            ("token", &token),
            ("name", &name),
            ("new_password", "an applicant's password"),
            ("confirm_password", "an applicant's password"),
        ],
    )
    .await;
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(me(&browser, &app).await["name"], name.as_str());
    // Inviting again invites the other 118 (the one who got in now signs in with a password).
    let again: Value = app
        .call(
            "/api/admin/invite_applicants",
            &[("cycle_id", &cycle.to_string())],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["invited"].as_array().unwrap().len(), 118);
}

/// The account side of single sign-on (the browser side, against a real provider, is in end2end/).
async fn single_sign_on_links_by_verified_email_and_remembers_the_subject(app: TestApp) {
    let issuer = "https://login.example.edu";
    let session_name = |token: String| {
        let app = &app;
        async move {
            let (client, jar) = app.new_client();
            jar.add_cookie_str(
                &format!("shoulder_session={token}"),
                &app.base.parse().unwrap(),
            );
            me(&client, app).await
        }
    };
    // Without a provider configured, the routes do not exist.
    let none = app
        .client
        .get(app.url("/auth/sso/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::NOT_FOUND);

    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let first = app
        .state
        .accounts
        .sign_in_with_identity(issuer, "sub-ben", "ben@example.edu", Some("Benjamin C."))
        .await
        .unwrap();
    assert_eq!(
        session_name(first.token).await["name"],
        "Ben Carter",
        "linked, not renamed"
    );
    // The provider's subject is remembered: a changed address still reaches the same account.
    let again = app
        .state
        .accounts
        .sign_in_with_identity(issuer, "sub-ben", "ben.carter@example.edu", None)
        .await
        .unwrap();
    assert_eq!(session_name(again.token).await["email"], "ben@example.edu");

    // An unconfirmed claim on an address goes to whoever the provider vouches for.
    let mallory = mallory_claims(&app, "rosa@example.edu").await;
    let rosa = app
        .state
        .accounts
        .sign_in_with_identity(
            issuer,
            "sub-rosa",
            "rosa@example.edu",
            Some("Rosa Martínez"),
        )
        .await
        .unwrap();
    assert_eq!(
        me(&mallory, &app).await,
        Value::Null,
        "the claim's session ended"
    );
    assert_eq!(session_name(rosa.token).await["email_verified"], true);

    // Someone new gets a confirmed member account named as the provider says.
    let new = app
        .state
        .accounts
        .sign_in_with_identity(issuer, "sub-sam", "sam@example.edu", Some("Sam Okoro"))
        .await
        .unwrap();
    let sam = session_name(new.token).await;
    assert_eq!(sam["name"], "Sam Okoro");
    assert_eq!(sam["role"], "member");
    assert_eq!(sam["email_verified"], true);
}
