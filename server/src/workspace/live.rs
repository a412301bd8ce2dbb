//! Live updates of a pair's workspace: after any shared change (a goal, a check-in, the pair ending) every
//! open workspace of the pair is told, and re-reads the workspace through its server function. The stream
//! itself carries no data, so what each member may see is decided in one place.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::Duration;

use app::api::ports::RequestAuth;
use app::error::AppError;
use app::types::PairId;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use super::DbWorkspaces;
use crate::cluster::Cluster;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// One broadcast channel per pair with open workspaces.
#[derive(Default)]
pub struct PairHub {
    pairs: Mutex<HashMap<PairId, broadcast::Sender<()>>>,
}

impl PairHub {
    fn sender(&self, pair: PairId) -> broadcast::Sender<()> {
        let mut pairs = self.pairs.lock().unwrap_or_else(|p| p.into_inner());
        pairs
            .entry(pair)
            .or_insert_with(|| broadcast::channel(8).0)
            .clone()
    }

    pub fn subscribe(&self, pair: PairId) -> broadcast::Receiver<()> {
        self.sender(pair).subscribe()
    }

    /// The pairs with a workspace open here.
    pub fn watched(&self) -> Vec<PairId> {
        let pairs = self.pairs.lock().unwrap_or_else(|p| p.into_inner());
        pairs
            .iter()
            .filter(|(_, sender)| sender.receiver_count() > 0)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Tells every open workspace of the pair to re-read it (none open is fine).
    pub fn changed(&self, pair: PairId) {
        let _ = self.sender(pair).send(());
    }
}

/// `GET /pairs/{id}/events`: a "changed" event whenever the pair's shared workspace changes. Members only.
pub async fn pair_events(
    State(workspaces): State<DbWorkspaces>,
    State(cluster): State<Cluster>,
    Extension(auth): Extension<RequestAuth>,
    Path(pair_id): Path<PairId>,
) -> Response {
    if cluster.draining() {
        return crate::http::health::draining();
    }
    let Some(viewer) = auth.user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match super::access::for_member(&workspaces.db, &viewer, pair_id).await {
        Ok(_) => {}
        Err(crate::error::Failure::User(AppError::NotFound)) => {
            return StatusCode::NOT_FOUND.into_response()
        }
        Err(error) => {
            tracing::error!(%error, "opening a pair stream");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let receiver = workspaces.hub.subscribe(pair_id);
    // On draining, the last event tells the browser to reconnect soon (through the balancer, elsewhere).
    let reconnect = Event::default().retry(Duration::from_millis(500));
    let events = changes(receiver)
        .take_until(cluster.drained())
        .chain(stream::once(async move { Ok(reconnect) }));
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// One event per change; after falling behind, one event stands for all that were missed.
fn changes(receiver: broadcast::Receiver<()>) -> impl Stream<Item = Result<Event, Infallible>> {
    let open = crate::http::metrics::OpenStream::new("pair");
    stream::unfold((receiver, open), |(mut receiver, open)| async move {
        match receiver.recv().await {
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => Some((
                Ok(Event::default().event("changed").data("1")),
                (receiver, open),
            )),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    })
}
