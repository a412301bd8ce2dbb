//! Workshops announced to a program: its members (applicants and those on its list) see them on their start
//! page until the day is over, with the join link on the day; nobody else does; the announcement is checked.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{call_json_with, TestApp};
use crate::programs::{add_cycle, admin_with_program, complete_form, member, save, ZONE};

crate::on_both_databases!(
    an_announced_workshop_reaches_the_programs_members_only,
    an_announcement_is_checked_field_by_field,
);

/// `days` from today in the test program's zone, at `time`, as the form's `datetime-local` value.
fn local_start(days: i64, time: &str) -> String {
    let zone: chrono_tz::Tz = ZONE.parse().expect("zone");
    let day = (Utc::now().with_timezone(&zone) + Duration::days(days)).date_naive();
    format!("{}T{time}", day.format("%Y-%m-%d"))
}

fn workshop(title: &str, program: Option<i64>, starts_at: &str, place: &str) -> Value {
    json!({ "form": {
        "title": title, "prep_minutes": 3, "rounds": 2, "round_minutes": 6, "break_minutes": 0,
        "odd_mode": "Trio", "questions": [],
        "program_id": program, "starts_at": starts_at, "place": place,
    }})
}

/// Creates a workshop as the signed-in facilitator: (status, body).
async fn create(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let response = app.call_json("/api/facilitate/create_session", &body).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn upcoming(app: &TestApp, client: &reqwest::Client) -> Vec<Value> {
    let response = call_json_with(client, &app.url("/api/upcoming_workshops"), &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("workshops")
}

async fn an_announced_workshop_reaches_the_programs_members_only(app: TestApp) {
    let program = admin_with_program(&app).await;
    let cycle = add_cycle(&app, program, "Spring 2027", -1, 20).await;
    // Rosa applied (a draft is enough), Kwame joined the list, Lee did neither.
    let rosa = member(&app, "Rosa Diaz", "rosa@example.edu").await;
    assert_eq!(
        save(&app, &rosa, cycle, &complete_form(), 0).await.status(),
        StatusCode::OK
    );
    let kwame = member(&app, "Kwame Mensah", "kwame@example.edu").await;
    let listed = call_json_with(
        &kwame,
        &app.url("/api/set_interest"),
        &json!({ "program_id": program, "on_list": true }),
    )
    .await;
    assert_eq!(listed.status(), StatusCode::OK);
    let lee = member(&app, "Lee Park", "lee@example.edu").await;

    // The admin (a facilitator too) announces one workshop in ten days, one today, and keeps one unlisted.
    let later = local_start(10, "10:00");
    let (status, _) = create(
        &app,
        workshop("Winter workshop", Some(program), &later, "Room 204"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, today_id) = create(
        &app,
        workshop(
            "Today's workshop",
            Some(program),
            &local_start(0, "00:01"),
            "",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = create(&app, workshop("Private rehearsal", None, "", "")).await;
    assert_eq!(status, StatusCode::OK);

    for client in [&rosa, &kwame] {
        let workshops = upcoming(&app, client).await;
        let titles: Vec<&str> = workshops
            .iter()
            .filter_map(|w| w["title"].as_str())
            .collect();
        assert_eq!(
            titles,
            ["Today's workshop", "Winter workshop"],
            "soonest first"
        );
        assert!(
            workshops[0]["join_href"]
                .as_str()
                .is_some_and(|href| href.starts_with("/join/")),
            "joinable on the day: {workshops:?}"
        );
        assert!(workshops[1]["join_href"].is_null(), "not ten days ahead");
        let day = chrono::NaiveDate::parse_from_str(&later[..10], "%Y-%m-%d").expect("date");
        let starts = workshops[1]["starts"].as_str().unwrap_or_default();
        assert!(
            starts.starts_with(&day.format("%a %-d %b %Y, 10:00 AM").to_string()),
            "{starts}"
        );
        assert_eq!(workshops[1]["place"], "Room 204");
        assert_eq!(workshops[1]["program_name"], "Registrar Peer Mentoring");
    }
    assert!(
        upcoming(&app, &lee).await.is_empty(),
        "not a member of the program"
    );

    // The facilitator's list says where each is announced.
    let sessions: Vec<Value> = app
        .call_json("/api/facilitate/list_sessions", &json!({}))
        .await
        .json()
        .await
        .expect("sessions");
    let winter = sessions
        .iter()
        .find(|s| s["title"] == "Winter workshop")
        .expect("listed");
    let line = winter["announced"].as_str().unwrap_or_default();
    assert!(
        line.ends_with(" · Registrar Peer Mentoring · Room 204"),
        "{line}"
    );
    let rehearsal = sessions
        .iter()
        .find(|s| s["title"] == "Private rehearsal")
        .expect("listed");
    assert!(rehearsal["announced"].is_null());
    // Reusing a session keeps its program and place and leaves the date for the next one.
    assert_eq!(winter["form"]["program_id"], program);
    assert_eq!(winter["form"]["starts_at"], "");

    // Once today's workshop ends, it leaves the start page.
    for control in ["Start", "End"] {
        let response = app
            .call_json(
                "/api/facilitate/control",
                &json!({ "session_id": today_id, "control": control }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{control}");
    }
    let titles: Vec<String> = upcoming(&app, &rosa)
        .await
        .iter()
        .filter_map(|w| w["title"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(titles, ["Winter workshop"]);
}

async fn an_announcement_is_checked_field_by_field(app: TestApp) {
    let program = admin_with_program(&app).await;
    let refusals = [
        (workshop("A", Some(program), " ", ""), "starts_at"),
        (
            workshop("A", None, &local_start(3, "10:00"), ""),
            "program_id",
        ),
        (workshop("A", None, "", "Room 204"), "program_id"),
        (
            workshop("A", Some(program + 100), &local_start(3, "10:00"), ""),
            "program_id",
        ),
        (
            workshop("A", Some(program), &local_start(-2, "10:00"), ""),
            "starts_at",
        ),
        (
            workshop("A", Some(program), "next Tuesday", ""),
            "starts_at",
        ),
        (
            workshop(
                "A",
                Some(program),
                &local_start(3, "10:00"),
                &"x".repeat(200),
            ),
            "place",
        ),
    ];
    for (body, field) in refusals {
        let (status, answer) = create(&app, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(answer["Invalid"][field].is_string(), "{field}: {answer}");
    }
    // Only facilitators list the programs to announce to.
    let ana = member(&app, "Ana Member", "ana@example.edu").await;
    let refused = call_json_with(
        &ana,
        &app.url("/api/facilitate/workshop_programs"),
        &json!({}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let programs: Vec<Value> = app
        .call_json("/api/facilitate/workshop_programs", &json!({}))
        .await
        .json()
        .await
        .expect("programs");
    assert_eq!(programs.len(), 1);
    assert_eq!(programs[0]["time_zone"], ZONE);
}
