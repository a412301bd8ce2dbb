//! A program's evaluation: each chart counts what happened, across cycles, month by month and in one cycle,
//! and downloads as CSV for admins only.

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::workspace::{admin_post, rosa_and_kwame};

crate::on_both_databases!(the_charts_count_what_the_pairs_did);

fn chart<'a>(evaluation: &'a Value, section: &str, key: &str) -> &'a Value {
    evaluation[section]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == key)
        .unwrap_or_else(|| panic!("no chart {key} in {section}"))
}

/// A row's values by its label.
fn row<'a>(chart: &'a Value, label: &str) -> &'a Value {
    &chart["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row {label} in {chart}"))["values"]
}

async fn the_charts_count_what_the_pairs_did(app: TestApp) {
    let (cycle, rosa, kwame, pair) = rosa_and_kwame(&app).await;
    let yesterday = Utc::now().date_naive().pred_opt().unwrap();
    let (status, body) = rosa
        .post(
            "/api/pairs/log_check_in",
            json!({ "pair_id": pair, "form": {
            "met_on": yesterday.to_string(), "how": "Video call", "notes": "", "goals_moved": [],
            "usefulness": 4, "private_note": "" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = kwame
        .post(
            "/api/pairs/add_goal",
            json!({ "pair_id": pair, "form": {
            "title": "Lead the transcript project", "why": "", "target_on": "", "owner": "Me" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let workspace: Value = serde_json::from_str(&kwame.workspace(pair).await.1).unwrap();
    let (status, _) = kwame
        .post(
            "/api/pairs/update_goal",
            json!({ "goal_id": workspace["goals"][0]["id"], "update": { "progress": 100, "status": "Done" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let programs: Value = app
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .unwrap();
    let program = programs[0]["id"].as_i64().unwrap();
    let closed = programs[0]["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == cycle)
        .unwrap()["form"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let evaluation = admin_post(
        &app,
        "/api/admin/program_evaluation",
        json!({ "program_id": program, "cycle_id": null }),
    )
    .await;
    assert_eq!(evaluation["cycles"].as_array().unwrap().len(), 2);

    // Across cycles: 120 of the closed cycle's 121 applicants in its 60 pairs; the open one's five not yet.
    let applications = chart(&evaluation, "across_cycles", "applications");
    assert_eq!(row(applications, &closed), &json!([121.0, 0.0, 120.0]));
    let open = evaluation["cycles"][1][1].as_str().unwrap();
    assert_eq!(row(applications, open), &json!([5.0, 0.0, 0.0]));
    let quality = row(
        chart(&evaluation, "across_cycles", "match-quality"),
        &closed,
    );
    assert!(quality[1].as_f64().unwrap() <= quality[0].as_f64().unwrap());
    assert_eq!(
        row(chart(&evaluation, "across_cycles", "match-quality"), open),
        &json!([null, null]),
        "no pairs, no scores"
    );
    assert_eq!(
        row(chart(&evaluation, "across_cycles", "goals"), &closed),
        &json!([1.0, 1.0])
    );
    assert_eq!(
        row(chart(&evaluation, "across_cycles", "usefulness"), &closed),
        &json!([4.0, 1.0])
    );

    // The demo's kick-off survey: 100 of the 121 members asked answered.
    assert_eq!(
        row(
            chart(&evaluation, "across_cycles", "survey-responses"),
            &format!("{closed} \u{b7} Kick-off needs survey")
        ),
        &json!([83.0, 100.0, 121.0])
    );

    // Month by month: the check-in in its month; every pair active this month, none quiet for 45 days yet.
    let month = yesterday.format("%b %Y").to_string();
    assert_eq!(
        row(chart(&evaluation, "over_time", "check-ins"), &month),
        &json!([1.0])
    );
    let at_risk = chart(&evaluation, "over_time", "at-risk");
    // The program's month (New York), which is not UTC's for a few hours at each month's turn.
    let this_month = Utc::now()
        .with_timezone(&chrono_tz::America::New_York)
        .date_naive()
        .format("%b %Y")
        .to_string();
    assert_eq!(row(at_risk, &this_month), &json!([0.0, 60.0]));

    // One cycle, chosen by default as the latest with pairs: its 60 groups by score, the weakest named.
    assert_eq!(evaluation["cycle_id"], cycle);
    let scores = &evaluation["cycle_charts"][0];
    let total: f64 = scores["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["values"][0].as_f64().unwrap())
        .sum();
    assert!((total - 60.0).abs() < f64::EPSILON, "{scores}");
    assert!(
        scores["summary"]
            .as_str()
            .unwrap()
            .contains("Weakest pair:"),
        "{scores}"
    );

    // Each chart as CSV, for admins only.
    let client = &app.client;
    let csv = |query: String| {
        let url = app.url(&format!("/admin/programs/{program}/evaluation.csv?{query}"));
        async move { client.get(url).send().await.unwrap() }
    };
    let response = csv("chart=goals".to_owned()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.text().await.unwrap(),
        format!("Cycle,Set,Completed\n{closed},1,1\n{open},0,0\n")
    );
    let response = csv(format!("chart=scores&cycle={cycle}")).await;
    assert!(response.text().await.unwrap().starts_with("Score,Pairs\n"));
    assert_eq!(
        csv("chart=nothing".to_owned()).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rosa.get(&format!(
            "/admin/programs/{program}/evaluation.csv?chart=goals"
        ))
        .await,
        StatusCode::FORBIDDEN
    );
}
