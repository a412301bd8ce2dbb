//! Every server function is refused to people who may not call it, and admin pages refuse with a status.

use app::api::{is_public, ADMIN_PREFIX, FACILITATOR_PREFIX, ROOM_PREFIX};
use app::types::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

crate::on_both_databases!(
    every_private_server_function_refuses_anonymous_callers,
    every_admin_server_function_refuses_members_and_facilitators,
    every_facilitator_server_function_refuses_members,
    room_functions_refuse_phones_that_have_not_joined,
    admin_changes_a_role_and_it_is_audited,
    an_admin_cannot_change_their_own_role,
    the_admin_page_refuses_members_with_403_and_anonymous_with_401,
    cross_site_posts_are_refused,
);

/// Arguments for server functions that take some, so that the call reaches the authorization check
/// instead of failing to parse. A new server function with arguments must be added here, or the tests
/// below fail for it.
/// Arguments a server function accepts, so a refusal is the guard's and not the argument parser's.
enum Sample {
    Form(Vec<(&'static str, &'static str)>),
    Json(serde_json::Value),
}

fn sample_args(path: &str) -> Sample {
    let form = serde_json::to_value(app::application::ApplicationForm::default()).unwrap();
    let cycle = serde_json::to_value(app::program::CycleForm::default()).unwrap();
    let program = serde_json::to_value(app::program::ProgramForm::default()).unwrap();
    match path {
        "/api/change_password" => Sample::Form(vec![
            ("current_password", "x"),
            ("new_password", "yyyyyyyyyyyy"),
            ("confirm_password", "yyyyyyyyyyyy"),
        ]),
        "/api/admin/set_user_role" => Sample::Form(vec![("user_id", "1"), ("role", "admin")]),
        "/api/end_my_session" => Sample::Form(vec![("session_id", "1")]),
        "/api/confirm_two_step" | "/api/disable_two_step" => Sample::Form(vec![("code", "123456")]),
        "/api/cycle_page" | "/api/load_application" | "/api/admin/list_applications" => {
            Sample::Form(vec![("cycle_id", "1")])
        }
        "/api/admin/program_options" => Sample::Form(vec![("program_id", "1")]),
        "/api/admin/add_program_option" => Sample::Json(
            json!({ "program_id": 1, "kind": "area", "competency_set_id": null, "label": "x", "description": "" }),
        ),
        "/api/admin/set_option_retired" => Sample::Json(json!({ "option_id": 1, "retired": true })),
        "/api/admin/delete_program_option" => Sample::Json(json!({ "option_id": 1 })),
        "/api/save_application_draft" => {
            Sample::Json(json!({ "cycle_id": 1, "form": form, "step": "You", "version": 0 }))
        }
        "/api/submit_application" => {
            Sample::Json(json!({ "cycle_id": 1, "form": form, "version": 0 }))
        }
        "/api/withdraw_application" => Sample::Json(json!({ "cycle_id": 1, "version": 0 })),
        "/api/admin/import_applications" => {
            Sample::Json(json!({ "cycle_id": 1, "csv": "", "dry_run": true }))
        }
        "/api/admin/save_program" => Sample::Json(json!({ "program_id": null, "form": program })),
        "/api/facilitate/create_session" => Sample::Json(
            json!({ "form": app::speed::session::SessionForm { title: "T".into(), ..Default::default() } }),
        ),
        "/api/facilitate/console" => Sample::Form(vec![("session_id", "1")]),
        "/api/facilitate/control" => Sample::Json(json!({ "session_id": 1, "control": "Start" })),
        "/api/facilitate/remove_participant" => {
            Sample::Json(json!({ "session_id": 1, "participant_id": 1 }))
        }
        "/api/admin/retry_email" => Sample::Json(json!({ "email_id": 1 })),
        "/api/admin/invite_people" => {
            Sample::Form(vec![("addresses", "x@example.edu"), ("role", "member")])
        }
        "/api/admin/invite_applicants" => Sample::Form(vec![("cycle_id", "1")]),
        "/api/admin/invite_speed_pairs" => Sample::Json(json!({ "session_id": 1, "cycle_id": 1 })),
        "/api/room/me" | "/api/room/screen" => Sample::Form(vec![("code", "ABC234")]),
        "/api/room/save_notes" => Sample::Json(json!({ "code": "ABC234", "notes": "n" })),
        "/api/room/save_wrap_up" => Sample::Json(json!({ "code": "ABC234", "answers": ["a"] })),
        "/api/room/email_notes" => {
            Sample::Json(json!({ "code": "ABC234", "email": "a@example.org" }))
        }
        "/api/room/choose_follow_ups" => Sample::Json(json!({ "code": "ABC234", "chosen": [] })),
        "/api/room/leave" => Sample::Json(json!({ "code": "ABC234" })),
        "/api/admin/load_matching" => Sample::Json(json!({ "cycle_id": 1, "run": null })),
        "/api/admin/load_groups" => {
            Sample::Json(json!({ "cycle_id": 1, "run": 1, "query": "", "offset": 0 }))
        }
        "/api/admin/find_people" => Sample::Json(json!({ "cycle_id": 1, "run": 1, "query": "a" })),
        "/api/admin/load_moved" => Sample::Json(json!({ "cycle_id": 1, "run": 1 })),
        "/api/admin/matching_progress" => Sample::Json(json!({ "cycle_id": 1 })),
        "/api/admin/preview_matching" => {
            Sample::Json(json!({ "cycle_id": 1, "mode": "total", "weights": {}, "against": null }))
        }
        "/api/admin/run_matching" => {
            Sample::Json(json!({ "cycle_id": 1, "mode": "total", "weights": {} }))
        }
        "/api/admin/set_pair_rule" => {
            Sample::Json(json!({ "cycle_id": 1, "pair": [1, 2], "rule": "Lock" }))
        }
        "/api/admin/preview_adjustment" | "/api/admin/apply_adjustment" => Sample::Json(
            json!({ "cycle_id": 1, "run": 1, "adjustment": { "PairWith": { "person": 1, "peer": 2 } } }),
        ),
        "/api/admin/save_intro_template" => {
            Sample::Json(json!({ "program_id": 1, "template": { "subject": "S", "body": "B" } }))
        }
        "/api/admin/preview_intro" => Sample::Json(
            json!({ "cycle_id": 1, "run": 1, "member": 1, "template": { "subject": "S", "body": "B" } }),
        ),
        "/api/admin/publish_matching" => Sample::Json(json!({ "cycle_id": 1, "run": 1 })),
        "/api/pairs/load_workspace" => Sample::Json(json!({ "pair_id": 1 })),
        "/api/pairs/add_goal" => Sample::Json(
            json!({ "pair_id": 1, "form": { "title": "T", "why": "", "target_on": "", "owner": "Both" } }),
        ),
        "/api/pairs/update_goal" => {
            Sample::Json(json!({ "goal_id": 1, "update": { "progress": 1, "status": "Done" } }))
        }
        "/api/pairs/log_check_in" => Sample::Json(json!({ "pair_id": 1, "form": {
            "met_on": "2026-01-01", "how": "Phone", "notes": "", "goals_moved": [], "usefulness": 3, "private_note": "" } })),
        "/api/pairs/save_private_note" => Sample::Json(json!({ "check_in_id": 1, "note": "n" })),
        "/api/pairs/set_checklist" => {
            Sample::Json(json!({ "pair_id": 1, "item": "before-email", "done": true }))
        }
        "/api/pairs/end_pair" => Sample::Json(json!({ "pair_id": 1, "reason": "r" })),
        "/api/admin/save_rhythm" => Sample::Json(json!({ "program_id": 1, "form": {
            "months": [2, 9], "window_days": "21", "matching_after_days": "7", "start_after_days": "7", "length_months": "6" } })),
        "/api/set_interest" => Sample::Json(json!({ "program_id": 1, "on_list": true })),
        "/api/admin/cycle_surveys" => Sample::Json(json!({ "cycle_id": 1 })),
        "/api/admin/create_survey" => Sample::Json(json!({ "cycle_id": 1, "form": {
            "title": "t", "intro": "", "anonymous": false, "sends_on": "2027-01-01", "closes_on": "2027-01-08", "questions": [] } })),
        "/api/admin/survey_results" => Sample::Json(json!({ "survey_id": 1 })),
        "/api/load_survey" => Sample::Json(json!({ "survey_id": 1 })),
        "/api/answer_survey" => {
            Sample::Json(json!({ "survey_id": 1, "answers": {}, "submit": false }))
        }
        "/api/pairs/record_outcome" => Sample::Json(
            json!({ "pair_id": 1, "form": { "outcome": "completed", "reflection": "" } }),
        ),
        "/api/admin/pairs_overview" => Sample::Json(json!({ "cycle_id": 1 })),
        "/api/admin/preview_message" | "/api/admin/send_message" => Sample::Json(
            json!({ "cycle_id": 1, "form": { "audience": "Cycle", "subject": "Hi", "body": "Hello" } }),
        ),
        "/api/admin/audit_log" => Sample::Json(json!({ "filter": {
            "action": "", "who": "", "from": "", "to": "", "before": null } })),
        "/api/admin/program_evaluation" => {
            Sample::Json(json!({ "program_id": 1, "cycle_id": null }))
        }
        "/api/admin/reassign" => {
            Sample::Json(json!({ "cycle_id": 1, "person": 1, "peer": 2, "reason": "r" }))
        }
        "/api/admin/create_competency_set" => Sample::Json(json!({ "program_id": 1, "form": {
            "name": "x", "entry": "a", "middle": "b", "expert": "c", "copy_from": null } })),
        "/api/admin/save_cycle" => {
            Sample::Json(json!({ "program_id": 1, "cycle_id": null, "form": cycle }))
        }
        _ => Sample::Form(vec![]),
    }
}

async fn call_sample(client: &reqwest::Client, url: &str, path: &str) -> reqwest::Response {
    match sample_args(path) {
        Sample::Form(args) => crate::helpers::call_with(client, url, &args).await,
        Sample::Json(body) => crate::helpers::call_json_with(client, url, &body).await,
    }
}

fn private_paths() -> Vec<&'static str> {
    let mut paths: Vec<_> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .filter(|path| !is_public(path))
        .collect();
    paths.sort_unstable();
    assert!(
        paths.len() >= 3,
        "server functions should be registered: {paths:?}"
    );
    paths
}

async fn every_private_server_function_refuses_anonymous_callers(app: TestApp) {
    for path in private_paths() {
        let response = call_sample(&app.client, &app.url(path), path).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{path} answered an anonymous caller"
        );
    }
}

async fn every_admin_server_function_refuses_members_and_facilitators(app: TestApp) {
    let admin_paths: Vec<_> = private_paths()
        .into_iter()
        .filter(|p| p.starts_with(ADMIN_PREFIX))
        .collect();
    assert!(!admin_paths.is_empty());
    for role in [Role::Member, Role::Facilitator] {
        let email = format!("{}@example.edu", role.as_str());
        app.create_user("Someone", &email, role).await;
        let (client, _) = app.new_client();
        crate::helpers::call_with(
            &client,
            &app.url("/api/sign_in"),
            &[("email", &email), ("password", PASSWORD)],
        )
        .await;
        for path in &admin_paths {
            let response = call_sample(&client, &app.url(path), path).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{path} answered a {role}"
            );
        }
    }
}

async fn every_facilitator_server_function_refuses_members(app: TestApp) {
    let paths: Vec<_> = private_paths()
        .into_iter()
        .filter(|p| p.starts_with(FACILITATOR_PREFIX))
        .collect();
    assert!(paths.len() >= 4, "{paths:?}");
    app.create_user("Mo Member", "member@example.edu", Role::Member)
        .await;
    app.sign_in("member@example.edu", PASSWORD).await;
    for path in paths {
        let response = call_sample(&app.client, &app.url(path), path).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{path} answered a member"
        );
    }
}

/// Room functions need no account, but everything except joining, reading the room and the clock acts on
/// the participant the phone's cookie names: without one (in a session that exists) they answer 401.
async fn room_functions_refuse_phones_that_have_not_joined(app: TestApp) {
    app.create_user("Fran", "fran@example.edu", Role::Facilitator)
        .await;
    app.sign_in("fran@example.edu", PASSWORD).await;
    let form = app::speed::session::SessionForm {
        title: "Workshop".into(),
        ..Default::default()
    };
    let id: i64 = app
        .call_json("/api/facilitate/create_session", &json!({ "form": form }))
        .await
        .json()
        .await
        .unwrap();
    let console: serde_json::Value = app
        .call(
            "/api/facilitate/console",
            &[("session_id", &id.to_string())],
        )
        .await
        .json()
        .await
        .unwrap();
    let code = console["snapshot"]["code"].as_str().unwrap().to_owned();
    let (phone, _) = app.new_client();
    let mut room_paths: Vec<_> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .filter(|p| p.starts_with(ROOM_PREFIX))
        .filter(|p| !["/api/room/join", "/api/room/screen", "/api/room/clock"].contains(p))
        .collect();
    room_paths.sort_unstable();
    assert!(room_paths.len() >= 5, "{room_paths:?}");
    for path in room_paths {
        let body = match sample_args(path) {
            Sample::Json(mut body) => {
                body["code"] = json!(code);
                body
            }
            Sample::Form(_) => json!({ "code": code }),
        };
        let response = if path == "/api/room/me" {
            crate::helpers::call_with(&phone, &app.url(path), &[("code", &code)]).await
        } else {
            crate::helpers::call_json_with(&phone, &app.url(path), &body).await
        };
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{path} answered a phone that has not joined"
        );
    }
}

async fn admin_changes_a_role_and_it_is_audited(app: TestApp) {
    let ben = app
        .create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    app.create_user("Maya Okafor", "admin@example.edu", Role::Admin)
        .await;
    app.sign_in("admin@example.edu", PASSWORD).await;
    let response = app
        .call(
            "/api/admin/set_user_role",
            &[("user_id", &ben.to_string()), ("role", "facilitator")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let users: serde_json::Value = app
        .call("/api/admin/list_users", &[])
        .await
        .json()
        .await
        .expect("json");
    let ben_row = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["id"] == ben))
        .expect("Ben listed");
    assert_eq!(ben_row["role"], "facilitator");

    use sea_orm::{EntityTrait, PaginatorTrait};
    let entries = shoulder_server::db::entities::audit_log::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count");
    assert_eq!(entries, 1);

    let bad = app
        .call(
            "/api/admin/set_user_role",
            &[("user_id", &ben.to_string()), ("role", "emperor")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = app
        .call(
            "/api/admin/set_user_role",
            &[("user_id", "999999"), ("role", "admin")],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn an_admin_cannot_change_their_own_role(app: TestApp) {
    let maya = app
        .create_user("Maya Okafor", "admin@example.edu", Role::Admin)
        .await;
    app.sign_in("admin@example.edu", PASSWORD).await;
    let response = app
        .call(
            "/api/admin/set_user_role",
            &[("user_id", &maya.to_string()), ("role", "member")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

async fn the_admin_page_refuses_members_with_403_and_anonymous_with_401(app: TestApp) {
    assert_eq!(
        app.client
            .get(app.url("/admin/users"))
            .send()
            .await
            .expect("get")
            .status(),
        StatusCode::UNAUTHORIZED
    );
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let page = app
        .client
        .get(app.url("/admin/users"))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(page.text().await.expect("body").contains("Not allowed"));
}

async fn cross_site_posts_are_refused(app: TestApp) {
    app.sign_up("Ana Lima", "ana@example.edu").await;
    let response = app
        .client
        .post(app.url("/api/sign_out"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // DNS rebinding: the attacker's host name points at the server, so Origin and Host agree.
    let rebound = app
        .client
        .post(app.url("/api/sign_out"))
        .header("origin", "http://rebind.evil.example")
        .header("host", "rebind.evil.example")
        .send()
        .await
        .expect("post");
    assert_eq!(rebound.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.whoami().await.as_deref(),
        Some("Ana Lima"),
        "the forged sign-outs did nothing"
    );

    // Without Origin, only a request the browser marks same-origin passes.
    let bare = reqwest::Client::new();
    let anonymous = bare
        .post(app.url("/api/sign_in"))
        .form(&[("email", "ana@example.edu"), ("password", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(anonymous.status(), StatusCode::FORBIDDEN);
    let same_origin = bare
        .post(app.url("/api/sign_in"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", "ana@example.edu"), ("password", "x")])
        .send()
        .await
        .expect("post");
    assert_ne!(same_origin.status(), StatusCode::FORBIDDEN);
}
