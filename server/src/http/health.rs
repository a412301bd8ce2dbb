//! Probes for orchestrators: `/healthz` says the process serves, `/readyz` that it takes new work: the database
//! answers and the instance is not draining after SIGTERM.

use axum::extract::State;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;

use crate::cluster::Cluster;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(
    State(db): State<DatabaseConnection>,
    State(cluster): State<Cluster>,
) -> (StatusCode, &'static str) {
    if cluster.draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, "draining");
    }
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::error!(%error, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// A new event stream on a draining instance: refused, so a balancer retries it on another instance (and a
/// phone's page, which reopens refused streams, lands there).
pub fn draining() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(RETRY_AFTER, HeaderValue::from_static("1"))],
        "This instance is shutting down; reconnect.",
    )
        .into_response()
}
