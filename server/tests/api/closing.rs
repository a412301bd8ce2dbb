//! The end of a relationship: asked once at the end date, answered by each member for themselves, counted for
//! the admin, never shown to the peer.

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{emails_to, latest_email_to, TestApp};
use crate::workspace::{admin_post, relationship_starts_in, rosa_and_kwame, Member};

crate::on_both_databases!(
    a_finished_pair_is_asked_once_and_each_member_answers_for_themselves,
    a_pair_that_ended_early_is_not_asked,
);

const URL: &str = "https://mentoring.example.edu";

async fn ask(app: &TestApp) -> usize {
    shoulder_server::workspace::closing::ask_for_outcomes(&app.state.db, Utc::now(), URL)
        .await
        .unwrap()
}

async fn answer(
    member: &Member,
    pair: i64,
    outcome: &str,
    reflection: &str,
) -> (StatusCode, String) {
    member
        .post(
            "/api/pairs/record_outcome",
            json!({ "pair_id": pair, "form": { "outcome": outcome, "reflection": reflection } }),
        )
        .await
}

async fn workspace(member: &Member, pair: i64) -> Value {
    let (status, text) = member.workspace(pair).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn a_finished_pair_is_asked_once_and_each_member_answers_for_themselves(app: TestApp) {
    let (cycle, rosa, kwame, pair) = rosa_and_kwame(&app).await;
    // Before the end date there is nothing to answer, and nobody is asked.
    let (status, text) = answer(&rosa, pair, "completed", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    assert!(text.contains("from its end date"), "{text}");
    assert_eq!(ask(&app).await, 0);

    // Started 200 days ago, six months long: over some 17 days ago.
    relationship_starts_in(&app, pair, -200).await;
    let pairs = rosa.pairs().await;
    assert_eq!(pairs[0]["status"], "Finished");
    assert_eq!(pairs[0]["awaiting_outcome"], true);
    assert_eq!(ask(&app).await, 60, "every pair of the cycle, once");
    assert_eq!(ask(&app).await, 0, "never twice");
    assert_eq!(
        emails_to(&app, "rosa@example.edu").await,
        2,
        "introduction, then the question"
    );
    let question = latest_email_to(&app, "rosa@example.edu").await.unwrap();
    assert!(
        question
            .subject
            .ends_with("how did your peer relationship end?"),
        "{}",
        question.subject
    );
    assert!(
        question.body.starts_with("Hello Rosa,"),
        "{}",
        question.body
    );
    assert!(
        question.body.contains("with Kwame Mensah"),
        "{}",
        question.body
    );
    assert!(
        question.body.contains(&format!("{URL}/pairs/{pair}")),
        "{}",
        question.body
    );
    // Reminders have stopped.
    let reminded =
        shoulder_server::workspace::reminders::queue_reminders(&app.state.db, Utc::now(), 30, URL)
            .await
            .unwrap();
    assert_eq!(reminded, 0);

    // A choice is required, a reflection bounded.
    let (status, text) = answer(&rosa, pair, "", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(
        text.contains("Choose how your relationship ended."),
        "{text}"
    );
    let (status, text) = answer(&rosa, pair, "completed", &"x".repeat(2_001)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");

    // Rosa answers, then changes her mind: one answer, the latest.
    let reflection = "More on transfer credit next time.";
    let (status, text) = answer(&rosa, pair, "new_peer", reflection).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    // Wanting a new peer puts her on the program's list, to hear when the next window opens.
    let (status, text) = rosa.post("/api/list_interest", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let lists: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(lists[0]["on_list"], true, "{lists}");
    let (status, text) = answer(&rosa, pair, "completed", reflection).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let mine = workspace(&rosa, pair).await;
    assert_eq!(mine["outcome"]["outcome"], "Completed");
    assert_eq!(mine["outcome"]["reflection"], reflection);
    assert_eq!(rosa.pairs().await[0]["awaiting_outcome"], false);

    // Kwame never reads it; he can still log the closing conversation, but not end the pair early.
    let his = workspace(&kwame, pair).await;
    assert_eq!(his["outcome"], Value::Null);
    assert!(!his.to_string().contains(reflection));
    let yesterday = (Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    let (status, text) = kwame
        .post("/api/pairs/log_check_in", json!({ "pair_id": pair, "form": {
            "met_on": yesterday, "how": "Video call", "notes": "Closing chat.", "goals_moved": [], "usefulness": 5, "private_note": "" } }))
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, _) = kwame
        .post(
            "/api/pairs/end_pair",
            json!({ "pair_id": pair, "reason": "Done." }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Nobody outside the pair may answer for it.
    let other = Member::sign_in(&app, "ana@example.edu").await;
    let (status, _) = answer(&other, pair, "completed", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The admin counts the outcomes and reads the reflection, on the page and in the CSV.
    let overview = admin_post(
        &app,
        "/api/admin/pairs_overview",
        json!({ "cycle_id": cycle }),
    )
    .await;
    assert_eq!(overview["finished"], 60);
    assert_eq!(overview["active"], 0);
    assert_eq!(overview["at_risk"], 0, "a finished pair is not at risk");
    assert_eq!(
        overview["outcomes"],
        json!({ "completed": 1, "continuing": 0, "new_peer": 0, "unanswered": 119 })
    );
    let row = overview["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair_id"] == pair)
        .unwrap();
    assert_eq!(row["outcomes"][0]["name"], "Rosa Martínez");
    assert_eq!(row["outcomes"][0]["reflection"], reflection);
    let csv = app
        .client
        .get(app.url(&format!("/admin/cycles/{cycle}/overview.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Rosa Martínez: completed"), "{csv}");
    assert!(csv.contains(reflection), "{csv}");
}

async fn a_pair_that_ended_early_is_not_asked(app: TestApp) {
    let (_, rosa, kwame, pair) = rosa_and_kwame(&app).await;
    let (status, text) = kwame
        .post(
            "/api/pairs/end_pair",
            json!({ "pair_id": pair, "reason": "Our schedules do not fit." }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    relationship_starts_in(&app, pair, -200).await;
    let before = emails_to(&app, "rosa@example.edu").await;
    assert_eq!(ask(&app).await, 59, "every other pair");
    assert_eq!(emails_to(&app, "rosa@example.edu").await, before);
    assert_eq!(rosa.pairs().await[0]["status"], "Ended");
    let (status, text) = answer(&rosa, pair, "completed", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
}
