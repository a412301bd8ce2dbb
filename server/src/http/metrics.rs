//! Prometheus metrics at `GET /metrics`, for an operator's scraper: requests and their latencies by route,
//! open event streams, the outbox's depth and the age of its oldest waiting email, and job runs. Off unless
//! `SHOULDER_METRICS_TOKEN` is set; the scraper then sends it as a bearer token (anyone else gets a 404, as
//! if there were no such page).

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::db::entities::outbox_email;
use crate::state::AppState;

const REQUESTS: &str = "shoulder_http_requests_total";
const LATENCY: &str = "shoulder_http_request_duration_seconds";
const OPEN_STREAMS: &str = "shoulder_event_streams_open";
const OUTBOX_QUEUED: &str = "shoulder_outbox_queued";
const OUTBOX_OLDEST: &str = "shoulder_outbox_oldest_queued_age_seconds";
/// Counted by the jobs themselves: `job` and `outcome` labels.
pub const JOB_RUNS: &str = "shoulder_job_runs_total";
/// Counted by the outbox worker: `outcome` is sent, retrying or failed.
pub const EMAILS: &str = "shoulder_outbox_emails_total";

/// Latency buckets (seconds): pages answer in milliseconds; anything near the 30 s timeout is a problem.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0,
];

/// The process's recorder, installed on first use (one per process: tests run many apps in one).
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(LATENCY.to_owned()), &BUCKETS)
                .and_then(PrometheusBuilder::install_recorder)
                .map_err(|error| tracing::error!(%error, "metrics recorder"))
                .ok()
        })
        .as_ref()
}

/// Installs the recorder, so counts start with the process rather than with the first scrape.
pub fn install() {
    let _ = handle();
}

/// Counts each request and its latency under its route's pattern (`/pairs/{id}`, never the raw path, so the
/// number of series stays small).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(LATENCY, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Held by each open event stream; the gauge goes down when the stream is dropped (the screen went away).
pub struct OpenStream {
    kind: &'static str,
}

impl OpenStream {
    pub fn new(kind: &'static str) -> Self {
        metrics::gauge!(OPEN_STREAMS, "kind" => kind).increment(1.0);
        OpenStream { kind }
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        metrics::gauge!(OPEN_STREAMS, "kind" => self.kind).decrement(1.0);
    }
}

/// `GET /metrics`: the Prometheus text format, for the bearer of the configured token.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let offered = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if !offered.is_some_and(|offered| same_secret(offered, token)) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(handle) = handle() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    if let Err(error) = record_outbox(&state).await {
        tracing::error!(%error, "reading the outbox for metrics");
    }
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

/// The outbox's depth and the age of its oldest queued email, read at scrape time.
async fn record_outbox(state: &AppState) -> Result<(), sea_orm::DbErr> {
    let queued = outbox_email::Entity::find().filter(outbox_email::Column::Status.eq("queued"));
    let depth = queued.clone().count(&state.db).await?;
    let oldest = queued
        .order_by_asc(outbox_email::Column::CreatedAt)
        .one(&state.db)
        .await?
        .map_or(0.0, |email| {
            (Utc::now() - email.created_at).num_milliseconds() as f64 / 1000.0
        });
    metrics::gauge!(OUTBOX_QUEUED).set(depth as f64);
    metrics::gauge!(OUTBOX_OLDEST).set(oldest);
    Ok(())
}

/// Compares without stopping at the first differing byte, so response times do not reveal the token.
fn same_secret(offered: &str, expected: &str) -> bool {
    offered.len() == expected.len()
        && offered
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_must_match_exactly() {
        assert!(same_secret("s3cret-token", "s3cret-token"));
        assert!(!same_secret("s3cret-tokeN", "s3cret-token"));
        assert!(!same_secret("s3cret", "s3cret-token"));
        assert!(!same_secret("", "s3cret-token"));
    }
}
