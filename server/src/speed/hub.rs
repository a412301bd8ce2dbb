//! The in-process fan-out of session changes to every open screen, plus one lock and one wake-up per session.
//!
//! Every change (a facilitator's control, a phase ending, someone joining) is published once as the
//! session's serialized [`app::speed::session::Snapshot`]; each SSE connection holds a broadcast receiver
//! and forwards the same text. A screen that falls behind (lagged receiver) or reconnects is sent the current
//! snapshot instead, so no screen ever needs the events it missed.
//!
//! The hub serves one process. With several instances, [`crate::cluster`] carries "session N changed" between
//! them and each republishes to its own hub; the lock here only spares an instance from racing itself (the stored
//! timer is written with a compare-and-swap, see `schedule.rs`), and a lease names the one instance whose ticker
//! ends the phases.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use tokio::sync::{broadcast, Notify, OwnedMutexGuard};

/// How many snapshots a slow screen may fall behind before it is sent the latest instead.
const BACKLOG: usize = 16;

#[derive(Clone)]
struct Room {
    /// Each change as its finished SSE frame: encoded once, shared by every connection.
    sender: broadcast::Sender<Bytes>,
    /// Serializes read-modify-write of the session's timer and rounds.
    lock: Arc<tokio::sync::Mutex<()>>,
    /// Wakes the session's phase ticker after a control changed the schedule.
    wake: Arc<Notify>,
    /// Whether a ticker task runs for the session.
    ticking: Arc<AtomicBool>,
}

impl Room {
    fn new() -> Self {
        Room {
            sender: broadcast::channel(BACKLOG).0,
            lock: Arc::new(tokio::sync::Mutex::new(())),
            wake: Arc::new(Notify::new()),
            ticking: Arc::new(AtomicBool::new(false)),
        }
    }
}

#[derive(Default)]
pub struct Hub {
    rooms: Mutex<HashMap<i64, Room>>,
}

impl Hub {
    fn room(&self, session: i64) -> Room {
        // A poisoned map only means another thread panicked mid-insert; the map itself is still usable.
        let mut rooms = self.rooms.lock().unwrap_or_else(|p| p.into_inner());
        rooms.entry(session).or_insert_with(Room::new).clone()
    }

    pub fn subscribe(&self, session: i64) -> broadcast::Receiver<Bytes> {
        self.room(session).sender.subscribe()
    }

    /// Sends a snapshot's SSE frame to every screen of the session (none listening is fine).
    pub fn publish(&self, session: i64, frame: Bytes) {
        let _ = self.room(session).sender.send(frame);
    }

    /// The sessions with screens connected here.
    pub fn watched(&self) -> Vec<i64> {
        let rooms = self.rooms.lock().unwrap_or_else(|p| p.into_inner());
        rooms
            .iter()
            .filter(|(_, room)| room.sender.receiver_count() > 0)
            .map(|(id, _)| *id)
            .collect()
    }

    /// How many screens are connected to the session.
    pub fn screens(&self, session: i64) -> usize {
        self.room(session).sender.receiver_count()
    }

    /// Held while reading and writing the session's timer or rounds.
    pub async fn lock(&self, session: i64) -> OwnedMutexGuard<()> {
        self.room(session).lock.lock_owned().await
    }

    /// Claims the ticker of the session; `false` when one already runs.
    pub fn claim_ticker(&self, session: i64) -> bool {
        !self.room(session).ticking.swap(true, Ordering::AcqRel)
    }

    pub fn release_ticker(&self, session: i64) {
        self.room(session).ticking.store(false, Ordering::Release);
    }

    /// Wakes the ticker (a permit is stored if it is not waiting yet, so no wake-up is lost).
    pub fn wake(&self, session: i64) {
        self.room(session).wake.notify_one();
    }

    pub fn waker(&self, session: i64) -> Arc<Notify> {
        self.room(session).wake
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_subscriber_gets_each_snapshot() {
        let hub = Hub::default();
        let (mut a, mut b) = (hub.subscribe(1), hub.subscribe(1));
        let mut other = hub.subscribe(2);
        hub.publish(1, Bytes::from_static(b"one"));
        assert_eq!(&a.recv().await.expect("a")[..], b"one");
        assert_eq!(&b.recv().await.expect("b")[..], b"one");
        assert!(other.try_recv().is_err(), "another session hears nothing");
        assert_eq!(hub.screens(1), 2);
    }

    #[test]
    fn only_one_ticker_per_session() {
        let hub = Hub::default();
        assert!(hub.claim_ticker(7));
        assert!(!hub.claim_ticker(7));
        hub.release_ticker(7);
        assert!(hub.claim_ticker(7));
    }
}
