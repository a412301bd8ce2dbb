//! Probes for orchestrators: `/healthz` says the process serves, `/readyz` that it takes new work: the database
//! answers and the instance is not draining after SIGTERM.

use axum::extract::State;
use axum::http::StatusCode;
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
