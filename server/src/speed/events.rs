//! `GET /room/{code}/events`: the Server-Sent Events stream every screen of a session listens to.
//!
//! The first event is the current snapshot, so a screen that connects, reloads or reconnects (the browser's
//! `EventSource` does so by itself) is caught up at once; then one event per change. Public, like the
//! projector: the join code is the key, and snapshots carry no email addresses or notes.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;

use super::DbSpeed;
use crate::cluster::Cluster;
use app::speed::session::normalize_code;

/// Proxies and the browser see traffic at least this often, so idle connections are not cut.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub async fn session_events(
    State(speed): State<DbSpeed>,
    State(cluster): State<Cluster>,
    Path(code): Path<String>,
) -> Response {
    if cluster.draining() {
        return crate::http::health::draining();
    }
    let session = match speed.session_by_code(&normalize_code(&code)).await {
        Ok(session) => session,
        Err(crate::error::Failure::User(app::error::AppError::NotFound)) => {
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
    let first = match speed.snapshot_frame(session.id).await {
        Ok(frame) => frame,
        Err(error) => {
            tracing::error!(%error, "first snapshot");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let feed = Feed {
        speed,
        session: session.id,
        first: Some(first),
        receiver,
        drained: Box::pin(cluster.drained()),
        ended: false,
        _open: crate::http::metrics::OpenStream::new("workshop"),
    };
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("text/event-stream")),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            // Tell buffering reverse proxies (nginx) to pass events through as they come.
            (
                HeaderName::from_static("x-accel-buffering"),
                HeaderValue::from_static("no"),
            ),
        ],
        Body::from_stream(frames(feed)),
    )
        .into_response()
}

/// One SSE event carrying a snapshot (JSON, one line). Built once per change and shared by every connection, so a
/// phase change reaching 5,000 screens costs one encoding and 5,000 writes of the same buffer.
pub fn frame(snapshot_json: &str) -> Bytes {
    let mut out = String::with_capacity(snapshot_json.len() + 24);
    out.push_str("event: snapshot\n");
    for line in snapshot_json.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    Bytes::from(out)
}

/// A comment line: keeps an idle stream alive through proxies; `EventSource` ignores it.
const KEEP_ALIVE_FRAME: &[u8] = b":\n\n";

/// The last frame of a draining instance: `EventSource` reconnects after this many milliseconds (through the
/// balancer, to another instance) and is sent the current snapshot there.
const RECONNECT_FRAME: &[u8] = b"retry: 500\n\n";

struct Feed {
    speed: DbSpeed,
    session: i64,
    first: Option<Bytes>,
    receiver: Receiver<Bytes>,
    /// Resolves when the instance drains: the stream then ends with [`RECONNECT_FRAME`].
    drained: Pin<Box<dyn Future<Output = ()> + Send>>,
    /// Set once the reconnect hint is sent.
    ended: bool,
    /// Counts the stream as open until the screen goes away.
    _open: crate::http::metrics::OpenStream,
}

fn frames(feed: Feed) -> impl Stream<Item = Result<Bytes, Infallible>> {
    stream::unfold(feed, |mut feed| async move {
        if feed.ended {
            return None;
        }
        if let Some(first) = feed.first.take() {
            return Some((Ok(first), feed));
        }
        let next = tokio::time::timeout(
            KEEP_ALIVE,
            next_frame(&mut feed.receiver, &feed.speed, feed.session),
        );
        tokio::select! {
            next = next => match next {
                Ok(Some(frame)) => Some((Ok(frame), feed)),
                Ok(None) => None,
                Err(_) => Some((Ok(Bytes::from_static(KEEP_ALIVE_FRAME)), feed)),
            },
            () = &mut feed.drained => {
                // The hint is the last frame: the stream ends at the next poll.
                feed.ended = true;
                Some((Ok(Bytes::from_static(RECONNECT_FRAME)), feed))
            }
        }
    })
}

/// The next change to send; after falling behind, the current snapshot (every snapshot is complete).
async fn next_frame(
    receiver: &mut Receiver<Bytes>,
    speed: &DbSpeed,
    session: i64,
) -> Option<Bytes> {
    match receiver.recv().await {
        Ok(frame) => Some(frame),
        Err(RecvError::Lagged(_)) => {
            *receiver = receiver.resubscribe();
            speed.snapshot_frame(session).await.ok()
        }
        Err(RecvError::Closed) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_one_snapshot_event() {
        assert_eq!(
            &frame(r#"{"phase":"talk"}"#)[..],
            b"event: snapshot\ndata: {\"phase\":\"talk\"}\n\n"
        );
        // Were the text ever to span lines, each line stays part of the same event.
        assert_eq!(&frame("a\nb")[..], b"event: snapshot\ndata: a\ndata: b\n\n");
    }
}
