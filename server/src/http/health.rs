//! Probes for orchestrators: `/healthz` says the process serves, `/readyz` that the database answers.

use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::DatabaseConnection;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(db): State<DatabaseConnection>) -> (StatusCode, &'static str) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::error!(%error, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
