//! `GET /room/{code}/events`: the Server-Sent Events stream every screen of a session listens to.
//!
//! The first event is the current snapshot, so a screen that connects, reloads or reconnects (the browser's
//! `EventSource` does so by itself) is caught up at once; then one event per change. Public, like the
//! projector: the join code is the key, and snapshots carry no email addresses or notes.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;

use super::DbSpeed;
use app::speed::session::normalize_code;

/// Proxies and the browser see traffic at least this often, so idle connections are not cut.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub async fn session_events(State(speed): State<DbSpeed>, Path(code): Path<String>) -> Response {
    let session = match speed.session_by_code(&normalize_code(&code)).await {
        Ok(session) => session,
        Err(crate::error::Error::User(app::error::AppError::NotFound)) => {
            return (StatusCode::NOT_FOUND, "No session has this code.").into_response()
        }
        Err(error) => {
            tracing::error!(%error, "opening a session stream");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Subscribe before reading the first snapshot, so no change between the two is missed.
    let receiver = speed.hub().subscribe(session.id);
    speed.watch(session.id);
    let first = match speed.snapshot_text(session.id).await {
        Ok(text) => text,
        Err(error) => {
            tracing::error!(%error, "first snapshot");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut response = Sse::new(snapshots(speed, session.id, first, receiver))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    // Tell buffering reverse proxies (nginx) to pass events through as they come.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct Feed {
    speed: DbSpeed,
    session: i64,
    first: Option<Arc<str>>,
    receiver: Receiver<Arc<str>>,
}

fn snapshots(
    speed: DbSpeed,
    session: i64,
    first: Arc<str>,
    receiver: Receiver<Arc<str>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let feed = Feed {
        speed,
        session,
        first: Some(first),
        receiver,
    };
    stream::unfold(feed, |mut feed| async move {
        let text = match feed.first.take() {
            Some(text) => text,
            None => next_snapshot(&mut feed).await?,
        };
        Some((Ok(Event::default().event("snapshot").data(&*text)), feed))
    })
}

/// The next snapshot to send; after falling behind, the current one (every snapshot is complete).
async fn next_snapshot(feed: &mut Feed) -> Option<Arc<str>> {
    match feed.receiver.recv().await {
        Ok(text) => Some(text),
        Err(RecvError::Lagged(_)) => {
            feed.receiver = feed.receiver.resubscribe();
            feed.speed.snapshot_text(feed.session).await.ok()
        }
        Err(RecvError::Closed) => None,
    }
}
