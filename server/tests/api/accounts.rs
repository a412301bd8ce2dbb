//! Sign-up, sign-in, sign-out, sessions, password changes and rate limiting through the real router.

use app::types::Role;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shoulder_server::db::entities::session;

use crate::helpers::{TestApp, PASSWORD};

crate::on_both_databases!(
    sign_up_sign_out_sign_in_round_trip,
    signing_up_with_a_taken_address_answers_the_same_and_tells_its_owner,
    wrong_password_and_unknown_email_get_the_same_answer,
    a_deleted_session_is_refused,
    an_expired_session_is_refused,
    changing_the_password_signs_out_other_devices,
    repeated_failures_slow_that_client_down_but_never_lock_the_owner_out,
    invalid_sign_up_reports_every_field,
    many_failures_from_one_address_slow_that_address_down,
    parallel_wrong_passwords_are_counted_before_they_are_checked,
    guessing_the_current_password_is_throttled_too,
    an_admin_is_told_once_when_their_account_is_guessed_at,
    common_and_overlong_passwords_are_refused_with_a_reason,
    sign_ups_from_one_client_are_throttled,
    an_idle_session_ends_and_a_used_one_lives_on,
    a_member_sees_where_they_are_signed_in_and_signs_a_browser_out,
    two_step_sign_in_takes_a_fresh_code_or_a_recovery_code_once,
);

/// Signs in as if from the client address `from` (the test server trusts its client as a proxy).
async fn sign_in_from(app: &TestApp, from: &str, email: &str, password: &str) -> reqwest::Response {
    app.new_client()
        .0
        .post(app.url("/api/sign_in"))
        .header("x-forwarded-for", from)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("post")
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds")
}

async fn sign_up_sign_out_sign_in_round_trip(app: TestApp) {
    let response = app.sign_up("Ana Lima", "  Ana@Example.EDU ").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );
    assert_eq!(app.whoami().await.as_deref(), Some("Ana Lima"));

    assert_eq!(
        app.call("/api/sign_out", &[]).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.whoami().await, None);

    assert_eq!(
        app.sign_in("ana@example.edu", PASSWORD).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.whoami().await.as_deref(), Some("Ana Lima"));
}

async fn signing_up_with_a_taken_address_answers_the_same_and_tells_its_owner(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let answer = |response: reqwest::Response| async move {
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        let cookie = response.headers().contains_key("set-cookie");
        (status, location, cookie, response.text().await.unwrap())
    };
    let (someone, _) = app.new_client();
    let taken = answer(
        someone
            .post(app.url("/api/sign_up"))
            .form(&[
                ("name", "Another Ana"),
                ("email", "ANA@example.edu"),
                ("password", "another long password"),
                ("institution_name", "Elsewhere College"),
                ("institution_type", "Other"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    let fresh = answer(
        someone
            .post(app.url("/api/sign_up"))
            .form(&[
                ("name", "Bea Lima"),
                ("email", "BEA@example.edu"),
                ("password", "another long password"),
                ("institution_name", "Elsewhere College"),
                ("institution_type", "Other"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(taken.0, StatusCode::OK);
    assert!(!taken.2, "no session either way");
    assert_eq!(
        (
            taken.0,
            taken.1.map(|l| l.replace("ana", "bea")),
            taken.2,
            taken.3
        ),
        (fresh.0, fresh.1, fresh.2, fresh.3),
        "the same answer for a taken and a new address"
    );
    // Ana hears of it, with a way in; her account is unchanged.
    let notice = crate::helpers::latest_email_to(&app, "ana@example.edu")
        .await
        .expect("an email to Ana");
    assert_eq!(notice.subject, "You already have a Shoulder account");
    assert!(notice.body.contains("/reset-password?token="));
    assert_eq!(
        app.sign_in("ana@example.edu", PASSWORD).await.status(),
        StatusCode::OK
    );
}

async fn wrong_password_and_unknown_email_get_the_same_answer(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let wrong_password = app.sign_in("ben@example.edu", "not the password").await;
    let unknown_email = app.sign_in("nobody@example.edu", "not the password").await;
    assert_eq!(wrong_password.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown_email.status(), wrong_password.status());
    assert_eq!(
        wrong_password.text().await.expect("body"),
        unknown_email.text().await.expect("body")
    );
}

async fn a_deleted_session_is_refused(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let cookie = session_cookie(&app);
    app.call("/api/sign_out", &[]).await;
    // A second browser replays the old cookie: the row is gone, so it is worthless.
    let (other, jar) = app.new_client();
    jar.add_cookie_str(&cookie, &app.base.parse().expect("url"));
    let body: serde_json::Value =
        crate::helpers::call_with(&other, &app.url("/api/current_user"), &[])
            .await
            .json()
            .await
            .expect("json");
    assert!(body.is_null(), "{body}");
}

async fn an_expired_session_is_refused(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    assert!(app.whoami().await.is_some());
    session::Entity::update_many()
        .col_expr(
            session::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .filter(session::Column::UserId.gt(0))
        .exec(&app.state.db)
        .await
        .expect("expire sessions");
    assert_eq!(app.whoami().await, None);
    let change = [
        ("current_password", PASSWORD),
        ("new_password", "brand new passphrase"),
        ("confirm_password", "brand new passphrase"),
    ];
    assert_eq!(
        app.call("/api/change_password", &change).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn changing_the_password_signs_out_other_devices(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let (laptop, _) = app.new_client();
    crate::helpers::call_with(
        &laptop,
        &app.url("/api/sign_in"),
        &[("email", "ana@example.edu"), ("password", PASSWORD)],
    )
    .await;

    let wrong = app
        .call(
            "/api/change_password",
            &[
                ("current_password", "wrong one"),
                ("new_password", "brand new passphrase"),
                ("confirm_password", "brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = wrong.json().await.expect("json");
    assert!(body["Invalid"]["current_password"].is_string(), "{body}");

    let ok = app
        .call(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "brand new passphrase"),
                ("confirm_password", "brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(
        app.whoami().await.as_deref(),
        Some("Ana Lima"),
        "this device stays signed in"
    );
    let laptop_view: serde_json::Value =
        crate::helpers::call_with(&laptop, &app.url("/api/current_user"), &[])
            .await
            .json()
            .await
            .expect("json");
    assert!(laptop_view.is_null(), "the other device was signed out");
    assert_eq!(
        app.sign_in("ana@example.edu", "brand new passphrase")
            .await
            .status(),
        StatusCode::OK
    );
}

async fn repeated_failures_slow_that_client_down_but_never_lock_the_owner_out(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let guesser = "198.51.100.7";
    for _ in 0..5 {
        assert_eq!(
            sign_in_from(&app, guesser, "ben@example.edu", "guess guess guess")
                .await
                .status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // The guesser now waits, even with the right password: the limit is on attempts, not on wrong answers.
    let waiting = sign_in_from(&app, guesser, "ben@example.edu", PASSWORD).await;
    assert_eq!(waiting.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!((1..=2).contains(&retry_after(&waiting)));
    // Ben, from his own address, is not locked out; his sign-in does not forgive the guesser.
    assert_eq!(
        sign_in_from(&app, "203.0.113.20", "ben@example.edu", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        sign_in_from(&app, guesser, "ben@example.edu", "guess again")
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // After the delay the guesser may try once more, and the next delay is longer.
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    assert_eq!(
        sign_in_from(&app, guesser, "ben@example.edu", "guess again")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let longer = sign_in_from(&app, guesser, "ben@example.edu", "guess again").await;
    assert_eq!(longer.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        (3..=4).contains(&retry_after(&longer)),
        "{}",
        retry_after(&longer)
    );
}

async fn invalid_sign_up_reports_every_field(app: TestApp) {
    let response = app
        .call(
            "/api/sign_up",
            &[
                ("name", ""),
                ("email", "nope"),
                ("password", "short"),
                ("institution_name", ""),
                ("institution_type", "Castle"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = response.json().await.expect("json");
    for field in [
        "name",
        "email",
        "password",
        "institution_name",
        "institution_type",
    ] {
        assert!(
            body["Invalid"][field].is_string(),
            "{field} missing in {body}"
        );
    }
}

async fn many_failures_from_one_address_slow_that_address_down(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    // Guessing across many accounts: each stays under its own limit, the address does not.
    let guesser = "198.51.100.8";
    for i in 0..30 {
        let email = format!("guess{i}@example.edu");
        assert_eq!(
            sign_in_from(&app, guesser, &email, "guess guess guess")
                .await
                .status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        sign_in_from(&app, guesser, "ben@example.edu", PASSWORD)
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_in_from(&app, "203.0.113.21", "ben@example.edu", PASSWORD)
            .await
            .status(),
        StatusCode::OK,
        "another address is not affected"
    );
}

async fn parallel_wrong_passwords_are_counted_before_they_are_checked(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let attempts = (0..24).map(|i| {
        let app = &app;
        async move {
            sign_in_from(
                app,
                "198.51.100.9",
                "ben@example.edu",
                &format!("guess {i}"),
            )
            .await
            .status()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + refused, 24, "{statuses:?}");
    assert!(checked <= 5, "at most 5 passwords checked, got {checked}");
}

async fn guessing_the_current_password_is_throttled_too(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let change = |current: &'static str| {
        [
            ("current_password", current),
            ("new_password", "another long password"),
            ("confirm_password", "another long password"),
        ]
    };
    for _ in 0..5 {
        assert_eq!(
            app.call("/api/change_password", &change("not it at all"))
                .await
                .status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let waiting = app.call("/api/change_password", &change(PASSWORD)).await;
    assert_eq!(waiting.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&waiting) >= 1);
}

async fn an_admin_is_told_once_when_their_account_is_guessed_at(app: TestApp) {
    app.create_user("Maya Admin", "maya@example.edu", Role::Admin)
        .await;
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let burst = |email: &'static str| {
        let app = &app;
        async move {
            // Ten failures from two addresses: within every free allowance, so all are checked.
            for i in 0..10 {
                let from = if i < 5 {
                    "198.51.100.10"
                } else {
                    "198.51.100.11"
                };
                assert_eq!(
                    sign_in_from(app, from, email, "wrong wrong wrong")
                        .await
                        .status(),
                    StatusCode::UNPROCESSABLE_ENTITY
                );
            }
        }
    };
    burst("maya@example.edu").await;
    burst("ben@example.edu").await;
    let alert = crate::helpers::latest_email_to(&app, "maya@example.edu")
        .await
        .expect("an alert to the admin");
    assert!(
        alert.subject.contains("failed sign-ins"),
        "{}",
        alert.subject
    );
    assert!(alert.body.contains("10 attempts"), "{}", alert.body);
    // One email per burst, and none for members.
    let _ = sign_in_from(&app, "198.51.100.12", "maya@example.edu", "wrong").await;
    assert_eq!(crate::helpers::emails_to(&app, "maya@example.edu").await, 1);
    assert_eq!(crate::helpers::emails_to(&app, "ben@example.edu").await, 0);
}

/// The session cookie the client holds, as `name=value`.
fn session_cookie(app: &TestApp) -> String {
    use reqwest::cookie::CookieStore;
    let header = app
        .jar
        .cookies(&app.base.parse().expect("url"))
        .expect("a cookie");
    header.to_str().expect("ascii").to_owned()
}

async fn common_and_overlong_passwords_are_refused_with_a_reason(app: TestApp) {
    let sign_up = |password: String| {
        let app = &app;
        async move {
            app.call(
                "/api/sign_up",
                &[
                    ("name", "Ana Lima"),
                    ("email", "ana@example.edu"),
                    ("password", &password),
                    ("institution_name", "Northfield State University"),
                    ("institution_type", "Public four-year"),
                ],
            )
            .await
        }
    };
    for password in [
        "Password1234!",
        "qwertyuiop123",
        "abcabcabcabc",
        "short pass",
    ] {
        let refused = sign_up(password.to_owned()).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password}"
        );
        let body: serde_json::Value = refused.json().await.expect("json");
        let message = body["Invalid"]["password"].as_str().unwrap_or_default();
        assert!(
            message.contains("attackers try") || message.contains("at least 12"),
            "{password}: {body}"
        );
    }
    let overlong = sign_up("a".repeat(129)).await;
    assert_eq!(overlong.status(), StatusCode::UNPROCESSABLE_ENTITY);

    app.sign_up("Ana Lima", "ana@example.edu").await;
    let change = app
        .call(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "monkey123456"),
                ("confirm_password", "monkey123456"),
            ],
        )
        .await;
    assert_eq!(change.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = change.json().await.expect("json");
    assert!(body["Invalid"]["new_password"]
        .as_str()
        .is_some_and(|m| m.contains("attackers try")));
    // A sign-in with a megabyte-long password is a plain wrong password, answered without hashing it.
    let long = "x".repeat(1 << 20);
    let answer = app.sign_in("ana@example.edu", &long).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn sign_ups_from_one_client_are_throttled(app: TestApp) {
    let sign_up_from = |from: &'static str, i: usize| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/sign_up"))
                .header("x-forwarded-for", from)
                .form(&[
                    ("name", "Someone New"),
                    ("email", &format!("new{i}@example.edu")),
                    ("password", "another long password"),
                    ("institution_name", "Elsewhere College"),
                    ("institution_type", "Other"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..20 {
        assert_eq!(sign_up_from("198.51.100.30", i).await, StatusCode::OK);
    }
    assert_eq!(
        sign_up_from("198.51.100.30", 20).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_up_from("198.51.100.31", 21).await,
        StatusCode::OK,
        "another client is not affected"
    );
}

/// Moves the last use of every session of the client's cookie back by `minutes`.
async fn age_sessions(app: &TestApp, minutes: i64) {
    use sea_orm::{ActiveModelTrait, Set};
    for found in session::Entity::find().all(&app.state.db).await.unwrap() {
        let last = found.last_seen_at.unwrap_or(found.created_at);
        let mut active: session::ActiveModel = found.into();
        active.last_seen_at = Set(Some(last - Duration::minutes(minutes)));
        active.update(&app.state.db).await.unwrap();
    }
}

async fn an_idle_session_ends_and_a_used_one_lives_on(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    // Used 20 minutes ago: still alive (the limit is 30), and this request counts as a new use.
    age_sessions(&app, 20).await;
    assert_eq!(app.whoami().await.as_deref(), Some("Ana Lima"));
    let session = session::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(session.last_seen_at.unwrap() > Utc::now() - Duration::minutes(1));
    // 31 idle minutes: signed out.
    age_sessions(&app, 31).await;
    assert_eq!(app.whoami().await, None);
}

async fn a_member_sees_where_they_are_signed_in_and_signs_a_browser_out(app: TestApp) {
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let browser = |user_agent: &'static str| {
        let app = &app;
        async move {
            let (client, _) = app.new_client();
            let signed_in = client
                .post(app.url("/api/sign_in"))
                .header("user-agent", user_agent)
                .form(&[("email", "ben@example.edu"), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            assert_eq!(signed_in.status(), StatusCode::OK);
            client
        }
    };
    const FIREFOX_ANDROID: &str =
        "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";
    let phone = browser(FIREFOX_ANDROID).await;
    let laptop = browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36").await;
    let list = |client: &reqwest::Client| {
        let client = client.clone();
        let url = app.url("/api/my_sessions");
        async move {
            client
                .post(url)
                .header(
                    "user-agent",
                    "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
                )
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    // The phone's first request with its session records its browser; then the laptop asks.
    phone
        .post(app.url("/api/current_user"))
        .header("user-agent", FIREFOX_ANDROID)
        .send()
        .await
        .unwrap();
    let sessions = list(&laptop).await;
    let sessions = sessions.as_array().expect("a list");
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    let mine = sessions
        .iter()
        .find(|s| s["current"] == true)
        .expect("this browser");
    assert_eq!(mine["device"], "Chrome on Linux");
    let other = sessions
        .iter()
        .find(|s| s["current"] == false)
        .expect("the phone");
    assert_eq!(other["device"], "Firefox on Android");

    let ended = crate::helpers::call_with(
        &laptop,
        &app.url("/api/end_my_session"),
        &[("session_id", &other["id"].to_string())],
    )
    .await;
    assert_eq!(ended.status(), StatusCode::OK);
    assert_eq!(list(&laptop).await.as_array().map(Vec::len), Some(1));
    let phone_now = phone
        .post(app.url("/api/current_user"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        phone_now.json::<serde_json::Value>().await.unwrap(),
        serde_json::Value::Null
    );

    // Someone else's session is not theirs to end.
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let anas = session::Entity::find()
        .order_by_desc(session::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let refused = crate::helpers::call_with(
        &laptop,
        &app.url("/api/end_my_session"),
        &[("session_id", &anas.id.to_string())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.whoami().await.as_deref(), Some("Ana Lima"));
}

async fn two_step_sign_in_takes_a_fresh_code_or_a_recovery_code_once(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let setup = crate::helpers::start_two_step(&app).await;
    let key = setup["secret"].as_str().expect("a key").to_owned();
    assert!(setup["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Shoulder:ana%40example.edu"));
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    let wrong = app
        .call("/api/confirm_two_step", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let code = crate::helpers::totp_code_for(&key);
    let confirmed = app.call("/api/confirm_two_step", &[("code", &code)]).await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let recovery: Vec<String> = confirmed.json().await.unwrap();
    assert_eq!(recovery.len(), 10);

    // A password alone now leads to the code page, not into the account.
    let (laptop, _) = app.new_client();
    let password_only = crate::helpers::call_with(
        &laptop,
        &app.url("/api/sign_in"),
        &[("email", "ana@example.edu"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(password_only.status(), StatusCode::OK);
    let me = |client: &reqwest::Client| {
        let (client, url) = (client.clone(), app.url("/api/current_user"));
        async move {
            client
                .post(url)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(me(&laptop).await, serde_json::Value::Null);
    let with_code = |code: String| {
        let (laptop, url) = (laptop.clone(), app.url("/api/sign_in_code"));
        async move {
            crate::helpers::call_with(&laptop, &url, &[("code", &code)])
                .await
                .status()
        }
    };
    assert_eq!(
        with_code("123456".into()).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The code that turned it on was used up: replaying it fails.
    assert_eq!(
        with_code(code.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(with_code(recovery[0].to_uppercase()).await, StatusCode::OK);
    assert_eq!(me(&laptop).await["two_step"], true);

    // A recovery code works once; a browser without the password's ticket gets nowhere with a code.
    let (phone, _) = app.new_client();
    crate::helpers::call_with(
        &phone,
        &app.url("/api/sign_in"),
        &[("email", "ana@example.edu"), ("password", PASSWORD)],
    )
    .await;
    let reused = crate::helpers::call_with(
        &phone,
        &app.url("/api/sign_in_code"),
        &[("code", &recovery[0])],
    )
    .await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (stranger, _) = app.new_client();
    let no_ticket = crate::helpers::call_with(
        &stranger,
        &app.url("/api/sign_in_code"),
        &[("code", &recovery[1])],
    )
    .await;
    assert_eq!(no_ticket.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_ticket.text().await.unwrap().contains("expired"));

    // Turning it off takes a code too.
    assert_eq!(
        app.call("/api/disable_two_step", &[("code", "999999")])
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.call("/api/disable_two_step", &[("code", &recovery[2])])
            .await
            .status(),
        StatusCode::OK
    );
    let (tablet, _) = app.new_client();
    crate::helpers::call_with(
        &tablet,
        &app.url("/api/sign_in"),
        &[("email", "ana@example.edu"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(me(&tablet).await["name"], "Ana Lima");
}
