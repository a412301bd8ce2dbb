//! The admin writes to a cycle's members: one pair, the pairs at risk, or everyone who applied; previewed,
//! then one email per person in the outbox with the program's contact as Reply-To.

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{emails_to, latest_email_to, TestApp};
use crate::workspace::rosa_and_kwame;

crate::on_both_databases!(the_admin_previews_then_sends_to_one_pair_the_pairs_at_risk_or_the_cycle);

async fn call(app: &TestApp, endpoint: &str, cycle: i64, audience: Value) -> (StatusCode, Value) {
    let response = app
        .call_json(
            &format!("/api/admin/{endpoint}"),
            &json!({ "cycle_id": cycle, "form": {
                "audience": audience, "subject": "Mid-point check", "body": "How are things going?" } }),
        )
        .await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn the_admin_previews_then_sends_to_one_pair_the_pairs_at_risk_or_the_cycle(app: TestApp) {
    let (cycle, rosa, _, pair) = rosa_and_kwame(&app).await;

    // One pair: both members, the first email in full, nothing queued by the preview.
    let before = emails_to(&app, "rosa@example.edu").await;
    let (status, preview) = call(&app, "preview_message", cycle, json!({ "Pair": pair })).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["recipients"], 2);
    assert_eq!(preview["names"], json!(["Kwame Mensah", "Rosa Martínez"]));
    assert_eq!(preview["reply_to"], "mentoring@example.edu");
    assert!(preview["body"]
        .as_str()
        .unwrap()
        .starts_with("Hello Kwame,\n\nHow are things going?\n"));
    assert_eq!(emails_to(&app, "rosa@example.edu").await, before);
    let (status, sent) = call(&app, "send_message", cycle, json!({ "Pair": pair })).await;
    assert_eq!((status, sent), (StatusCode::OK, json!(2)));
    let email = latest_email_to(&app, "rosa@example.edu").await.unwrap();
    assert_eq!(email.subject, "Mid-point check");
    assert_eq!(email.reply_to.as_deref(), Some("mentoring@example.edu"));
    assert!(email.body.starts_with("Hello Rosa,"), "{}", email.body);

    // Nobody at risk yet: said at the audience. Then every pair quiet for 50 days: all 120 paired members.
    let (status, error) = call(&app, "preview_message", cycle, json!("AtRisk")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(error.to_string().contains("No pair is at risk"), "{error}");
    quiet_for_fifty_days(&app, cycle).await;
    let (_, preview) = call(&app, "preview_message", cycle, json!("AtRisk")).await;
    assert_eq!(preview["recipients"], 120);
    assert_eq!(preview["names"].as_array().unwrap().len(), 10);

    // Everyone who applied: the 121, one email each.
    let (status, sent) = call(&app, "send_message", cycle, json!("Cycle")).await;
    assert_eq!((status, sent), (StatusCode::OK, json!(121)));
    assert_eq!(emails_to(&app, "kwame@example.edu").await, before + 2);

    // A pair of no cycle of the admin's choosing is not found; an empty subject is pointed at.
    let (status, _) = call(&app, "preview_message", cycle, json!({ "Pair": 999_999 })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = app
        .call_json(
            "/api/admin/send_message",
            &json!({ "cycle_id": cycle, "form": { "audience": "Cycle", "subject": " ", "body": "Hi" } }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("subject"));

    // Members cannot write to a cycle.
    let (status, _) = rosa
        .post(
            "/api/admin/send_message",
            json!({ "cycle_id": cycle, "form": { "audience": "Cycle", "subject": "Hi", "body": "Hi" } }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Every pair of the cycle formed 50 days ago, without a check-in since.
async fn quiet_for_fifty_days(app: &TestApp, cycle: i64) {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use shoulder_server::db::entities::peer_pair;
    peer_pair::Entity::update_many()
        .col_expr(
            peer_pair::Column::CreatedAt,
            Expr::value(Utc::now() - chrono::Duration::days(50)),
        )
        .filter(peer_pair::Column::CycleId.eq(cycle))
        .exec(&app.state.db)
        .await
        .unwrap();
}
