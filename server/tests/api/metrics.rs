//! `/metrics` for a Prometheus scraper: only with the configured bearer token; requests counted under their
//! route's pattern with latency buckets, open event streams, the outbox's depth.

use reqwest::StatusCode;
use serde_json::json;
use shoulder_server::mail::outbox::{self, Email};

use crate::helpers::{spawn_app, Backend, TestApp};

const TOKEN: &str = "a-metrics-token-of-some-length";

crate::on_both_databases!(
    settings [("SHOULDER_METRICS_TOKEN", super::TOKEN)];
    metrics_are_scraped_with_the_token_only,
);

async fn scrape(app: &TestApp, token: Option<&str>) -> (StatusCode, String) {
    let mut request = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("scrape");
    (response.status(), response.text().await.unwrap_or_default())
}

/// The value of the first sample whose line starts with `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|line| line.starts_with(series))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

async fn metrics_are_scraped_with_the_token_only(app: TestApp) {
    assert_eq!(scrape(&app, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        scrape(&app, Some("a-metrics-token-of-some-lengtH")).await.0,
        StatusCode::NOT_FOUND
    );

    for _ in 0..3 {
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("healthz");
    }
    let missing = app
        .client
        .get(app.url("/room/NOPE23/events"))
        .send()
        .await
        .expect("events");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // A workshop screen stays connected while we scrape.
    app.create_user(
        "Fran Facilitator",
        "fran@example.edu",
        app::types::Role::Facilitator,
    )
    .await;
    app.sign_in("fran@example.edu", crate::helpers::PASSWORD)
        .await;
    let created: i64 = app
        .call_json(
            "/api/facilitate/create_session",
            &json!({ "form": { "title": "Metrics", "prep_minutes": 3, "rounds": 2, "round_minutes": 6,
                "break_minutes": 0, "odd_mode": "Trio", "questions": [] } }),
        )
        .await
        .json()
        .await
        .expect("session id");
    let console: serde_json::Value = app
        .call(
            "/api/facilitate/console",
            &[("session_id", &created.to_string())],
        )
        .await
        .json()
        .await
        .expect("console");
    let code = console["snapshot"]["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let mut screen = app
        .client
        .get(app.url(&format!("/room/{code}/events")))
        .send()
        .await
        .expect("stream");
    screen.chunk().await.expect("first event");
    for n in 0..2 {
        outbox::queue(
            &app.state.db,
            Email::new(format!("m{n}@example.org"), "Hello", "Hi.\n".to_owned()),
        )
        .await
        .expect("queued");
    }

    let (status, text) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK);
    let healthz = sample(
        &text,
        r#"shoulder_http_requests_total{method="GET",route="/healthz",status="200"}"#,
    );
    assert!(healthz.is_some_and(|n| n >= 3.0), "{text}");
    assert!(
        text.contains(r#"route="/room/{code}/events",status="404""#),
        "counted under the route's pattern, not the code: {text}"
    );
    assert!(
        text.contains(r#"shoulder_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.005"}"#),
        "{text}"
    );
    assert!(
        sample(&text, r#"shoulder_event_streams_open{kind="workshop"}"#).is_some_and(|n| n >= 1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "shoulder_outbox_queued "),
        Some(2.0),
        "{text}"
    );
    assert!(
        sample(&text, "shoulder_outbox_oldest_queued_age_seconds ").is_some(),
        "{text}"
    );
    drop(screen);

    // Without a token configured there is no such page.
    let plain = spawn_app(Backend::Sqlite).await.expect("app");
    assert_eq!(scrape(&plain, Some(TOKEN)).await.0, StatusCode::NOT_FOUND);
}
