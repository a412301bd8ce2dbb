//! A program's rhythm proposes its next cycle; its interest list hears when a window opens and, with anyone
//! holding a draft, shortly before it closes; never those who already submitted.

use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{call_json_with, call_with, emails_to, latest_email_to, TestApp};
use crate::programs::{add_cycle, admin_with_program, complete_form, member, save, submit, ZONE};

crate::on_both_databases!(
    the_next_cycle_is_proposed_from_the_programs_rhythm,
    the_list_hears_of_a_window_once_and_those_yet_to_apply_before_it_closes,
);

async fn program_view(app: &TestApp, program: i64) -> Value {
    let programs: Value = app
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .unwrap();
    programs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == program)
        .cloned()
        .expect("the program")
}

async fn save_rhythm(
    app: &TestApp,
    program: i64,
    months: &[u32],
    length: &str,
) -> (StatusCode, Value) {
    let response = app
        .call_json(
            "/api/admin/save_rhythm",
            &json!({ "program_id": program, "form": {
                "months": months, "window_days": "14", "matching_after_days": "5",
                "start_after_days": "3", "length_months": length } }),
        )
        .await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn the_next_cycle_is_proposed_from_the_programs_rhythm(app: TestApp) {
    let program = admin_with_program(&app).await;
    // A new program has the seed's rhythm.
    let view = program_view(&app, program).await;
    assert!(
        view["rhythm_summary"]
            .as_str()
            .unwrap()
            .starts_with("Windows open on the 1st of February and September for 21 days"),
        "{view}"
    );
    let opens = view["next_cycle"]["opens_at"].as_str().unwrap().to_owned();
    assert!(
        opens.contains("-02-01T09:00") || opens.contains("-09-01T09:00"),
        "{opens}"
    );

    // Bad rhythms are refused field by field, and nothing changes.
    let (status, body) = save_rhythm(&app, program, &[], "5").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = body.to_string();
    assert!(text.contains("Tick at least one month"), "{text}");
    assert!(text.contains("at least six"), "{text}");

    // Every month: the next window opens on the 1st of next month (program time), 14 days long.
    let all: Vec<u32> = (1..=12).collect();
    let (status, body) = save_rhythm(&app, program, &all, "9").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let tz: chrono_tz::Tz = ZONE.parse().unwrap();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let next_month = today
        .with_day(1)
        .unwrap()
        .checked_add_months(chrono::Months::new(1))
        .unwrap();
    let view = program_view(&app, program).await;
    let proposal = &view["next_cycle"];
    assert_eq!(proposal["opens_at"], format!("{next_month}T09:00"));
    assert_eq!(
        proposal["closes_at"],
        format!("{}T17:00", next_month + Duration::days(13))
    );
    assert_eq!(
        proposal["matching_on"],
        (next_month + Duration::days(18)).to_string()
    );
    assert_eq!(
        proposal["relationship_starts_on"],
        (next_month + Duration::days(21)).to_string()
    );
    assert_eq!(proposal["length_months"], "9");

    // Saved as proposed, the following proposal moves a month on.
    let response = app
        .call_json(
            "/api/admin/save_cycle",
            &json!({ "program_id": program, "cycle_id": null, "form": proposal }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let after = program_view(&app, program).await;
    let month_after = next_month
        .checked_add_months(chrono::Months::new(1))
        .unwrap();
    assert_eq!(
        after["next_cycle"]["opens_at"],
        format!("{month_after}T09:00")
    );
    assert_eq!(after["cycles"][0]["form"]["name"], proposal["name"]);
}

async fn announce(app: &TestApp, at: chrono::DateTime<Utc>) -> usize {
    shoulder_server::programs::interest::announce_windows(
        &app.state.db,
        at,
        "https://mentoring.example.edu",
    )
    .await
    .unwrap()
}

async fn set_interest(app: &TestApp, client: &reqwest::Client, program: i64, on: bool) {
    let response = call_json_with(
        client,
        &app.url("/api/set_interest"),
        &json!({ "program_id": program, "on_list": on }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

async fn the_list_hears_of_a_window_once_and_those_yet_to_apply_before_it_closes(app: TestApp) {
    let program = admin_with_program(&app).await;
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;
    let ben = member(&app, "Ben Carter", "ben@example.edu").await;
    let chloe = member(&app, "Chloé Dubois", "chloe@example.edu").await;
    let dev = member(&app, "Dev Patel", "dev@example.edu").await;
    // Ana and Chloé join (Ana twice: still once on the list); Ben joins and leaves; Dev never joins.
    for client in [&ana, &ana, &ben, &chloe] {
        set_interest(&app, client, program, true).await;
    }
    set_interest(&app, &ben, program, false).await;
    let listed: Value = call_with(&ana, &app.url("/api/list_interest"), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["on_list"], true);
    assert_eq!(listed[0]["window_months"], "February and September");
    let unlisted: Value = call_with(&ben, &app.url("/api/list_interest"), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unlisted[0]["on_list"], false);
    let response = call_json_with(
        &dev,
        &app.url("/api/set_interest"),
        &json!({ "program_id": 999, "on_list": true }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A window that opened a day ago and closes in ten days.
    let cycle = add_cycle(&app, program, "Spring 2027", -1, 10).await;
    let now = Utc::now();
    assert_eq!(announce(&app, now).await, 1);
    assert_eq!(announce(&app, now).await, 0, "once");
    for (address, expected) in [("ana@", 1), ("chloe@", 1), ("ben@", 0), ("dev@", 0)] {
        assert_eq!(emails_to(&app, address).await, expected, "{address}");
    }
    let opening = latest_email_to(&app, "ana@example.edu").await.unwrap();
    assert!(
        opening
            .subject
            .starts_with("Registrar Peer Mentoring: applications are open until"),
        "{}",
        opening.subject
    );
    assert!(
        opening.body.contains(&format!(
            "https://mentoring.example.edu/cycles/{cycle}/apply"
        )),
        "{}",
        opening.body
    );
    assert!(
        opening.body.contains("leave it at any time"),
        "{}",
        opening.body
    );

    // Chloé submits; Dev (not on the list) saves a draft.
    let saved: Value = save(&app, &chloe, cycle, &complete_form(), 0)
        .await
        .json()
        .await
        .unwrap();
    let response = submit(
        &app,
        &chloe,
        cycle,
        &complete_form(),
        saved["version"].as_i64().unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = save(&app, &dev, cycle, &complete_form(), 0).await;
    assert_eq!(response.status(), StatusCode::OK);

    // Not yet within three days of the close: nothing; then Ana and Dev are reminded once, Chloé not.
    let chloe_before = emails_to(&app, "chloe@").await;
    assert_eq!(announce(&app, now + Duration::days(5)).await, 0);
    assert_eq!(announce(&app, now + Duration::days(8)).await, 1);
    assert_eq!(announce(&app, now + Duration::days(9)).await, 0, "once");
    assert_eq!(emails_to(&app, "ana@").await, 2);
    assert_eq!(
        emails_to(&app, "chloe@").await,
        chloe_before,
        "Chloé has submitted"
    );
    let reminder = latest_email_to(&app, "dev@example.edu").await.unwrap();
    assert!(
        reminder.subject.contains("applications close"),
        "{}",
        reminder.subject
    );
    assert!(
        reminder.body.contains("saved as a draft"),
        "{}",
        reminder.body
    );
    // After the close nothing more is sent.
    assert_eq!(announce(&app, now + Duration::days(11)).await, 0);
}
