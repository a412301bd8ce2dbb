//! Surveys: sent to the cycle's members on their date, answered once with drafts kept, reminded once,
//! counted; anonymous answers never linked to a member.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{demo_closed_cycle, emails_to, latest_email_to, TestApp};
use crate::workspace::{admin_post, Member};

crate::on_both_databases!(
    a_survey_is_sent_answered_once_reminded_once_and_tallied,
    anonymous_answers_are_never_linked_to_a_member,
);

fn kick_off(anonymous: bool) -> Value {
    // "Today" for the demo program, whose surveys go out by its own calendar (New York), not UTC's.
    let today = Utc::now()
        .with_timezone(&chrono_tz::America::New_York)
        .date_naive();
    json!({
        "title": "Kick-off needs survey",
        "intro": "Tell us where you start from.",
        "anonymous": anonymous,
        "sends_on": today.to_string(),
        "closes_on": (today + Duration::days(14)).to_string(),
        "questions": serde_json::to_value(app::survey::Template::KickOff.questions()).unwrap(),
    })
}

async fn answer(
    member: &Member,
    survey: i64,
    answers: Value,
    submit: bool,
) -> (StatusCode, String) {
    member
        .post(
            "/api/answer_survey",
            json!({ "survey_id": survey, "answers": answers, "submit": submit }),
        )
        .await
}

async fn a_survey_is_sent_answered_once_reminded_once_and_tallied(app: TestApp) {
    let cycle = demo_closed_cycle(&app).await;
    // A survey without questions is refused at the field.
    let response = app
        .call_json("/api/admin/create_survey", &json!({ "cycle_id": cycle, "form": { "questions": [], "title": "", "intro": "", "anonymous": false, "sends_on": "", "closes_on": "" } }))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let survey = admin_post(
        &app,
        "/api/admin/create_survey",
        json!({ "cycle_id": cycle, "form": kick_off(false) }),
    )
    .await
    .as_i64()
    .unwrap();
    // Dated today: sent at once to the cycle's 121 members, each with their link.
    let email = latest_email_to(&app, "rosa@example.edu").await.unwrap();
    assert!(
        email.subject.ends_with("Kick-off needs survey"),
        "{}",
        email.subject
    );
    assert!(
        email.body.contains(&format!("/surveys/{survey}")),
        "{}",
        email.body
    );
    let list = admin_post(
        &app,
        "/api/admin/cycle_surveys",
        json!({ "cycle_id": cycle }),
    )
    .await;
    assert_eq!(list["surveys"][0]["invited"], 121);

    let rosa = Member::sign_in(&app, "rosa@example.edu").await;
    let kwame = Member::sign_in(&app, "kwame@example.edu").await;
    let (status, text) = rosa.post("/api/open_surveys", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("Kick-off needs survey"), "{text}");

    // A draft is kept; an incomplete answer cannot be sent; a wrong choice is a field error.
    let (status, _) = answer(&rosa, survey, json!({ "0": ["No"] }), false).await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = rosa
        .post("/api/load_survey", json!({ "survey_id": survey }))
        .await;
    let page: Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["answers"]["0"], json!(["No"]));
    let (status, text) = answer(&rosa, survey, json!({ "0": ["No"] }), true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("Please answer this question."), "{text}");
    let (status, _) = answer(&rosa, survey, json!({ "0": ["Maybe"] }), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Sent once; a second sending is refused.
    let full = json!({ "0": ["No"], "1": ["No"], "2": ["4"], "4": ["Time to think."] });
    let (status, text) = answer(&rosa, survey, full.clone(), true).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, _) = answer(&rosa, survey, full, true).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = answer(
        &kwame,
        survey,
        json!({ "0": ["Yes"], "1": ["Not sure"], "2": ["5"] }),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Someone not asked is told it does not exist.
    let ana = Member::sign_in(&app, "ana@example.edu").await;
    let (status, _) = ana
        .post("/api/load_survey", json!({ "survey_id": survey }))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Results: the rate, the counts, the mean, the texts; and the CSV of the charts' data.
    let results = admin_post(
        &app,
        "/api/admin/survey_results",
        json!({ "survey_id": survey }),
    )
    .await;
    assert_eq!(
        (results["invited"].as_i64(), results["responded"].as_i64()),
        (Some(121), Some(2))
    );
    assert_eq!(
        results["questions"][0]["counts"],
        json!([["Yes", 1], ["No", 1]])
    );
    assert_eq!(results["questions"][2]["mean"], 4.5);
    assert_eq!(results["questions"][4]["texts"], json!(["Time to think."]));
    let csv = app
        .client
        .get(app.url(&format!("/admin/surveys/{survey}/results.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Have you taken part in a mentoring program before?,single,No,1,50,"),
        "{csv}"
    );

    // Reminded once, three days before it closes, only those who have not answered.
    let before = emails_to(&app, "rosa@example.edu").await;
    let remind = |days: i64| {
        shoulder_server::surveys::send::remind_due(
            &app.state.db,
            Utc::now() + Duration::days(days),
            "https://m.example.edu",
        )
    };
    assert_eq!(remind(2).await.unwrap(), 0, "not yet");
    assert_eq!(remind(11).await.unwrap(), 1);
    assert_eq!(remind(12).await.unwrap(), 0, "once");
    assert_eq!(
        emails_to(&app, "rosa@example.edu").await,
        before,
        "Rosa answered"
    );
    let outbox_reminders = crate::helpers::outbox(&app)
        .await
        .iter()
        .filter(|e| {
            e["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with("Reminder: Kick-off"))
        })
        .count();
    assert_eq!(outbox_reminders, 119);
}

async fn anonymous_answers_are_never_linked_to_a_member(app: TestApp) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use shoulder_server::db::entities::survey_response;
    let cycle = demo_closed_cycle(&app).await;
    let survey = admin_post(
        &app,
        "/api/admin/create_survey",
        json!({ "cycle_id": cycle, "form": kick_off(true) }),
    )
    .await
    .as_i64()
    .unwrap();
    let rosa = Member::sign_in(&app, "rosa@example.edu").await;
    let secret = "My office is understaffed.";
    let (status, _) = answer(
        &rosa,
        survey,
        json!({ "0": ["No"], "1": ["No"], "2": ["2"], "4": [secret] }),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Stored without the member, with a random id and only the day.
    let stored = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].user_id, None);
    assert_eq!(stored[0].id.len(), 36);
    // Rosa's own page no longer shows the answers; the results carry no name.
    let (_, page) = rosa
        .post("/api/load_survey", json!({ "survey_id": survey }))
        .await;
    let page: Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["submitted"], true);
    assert_eq!(page["answers"], json!({}));
    let results = admin_post(
        &app,
        "/api/admin/survey_results",
        json!({ "survey_id": survey }),
    )
    .await;
    let text = results.to_string();
    assert!(text.contains(secret));
    assert!(!text.contains("Rosa") && !text.contains("rosa@"), "{text}");
}
