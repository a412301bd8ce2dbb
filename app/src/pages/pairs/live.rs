//! Keeps a workspace current: the server sends a "changed" event on `/pairs/{id}/events` after any shared
//! change, and the page re-reads the workspace; also after the stream comes back, for the changes missed
//! meanwhile.

use leptos::prelude::*;

use crate::types::PairId;

/// Calls `refresh` after every change to pair `pair_id` (in the browser; nothing on the server).
pub fn follow(pair_id: PairId, refresh: Callback<()>) {
    #[cfg(feature = "hydrate")]
    {
        use std::cell::Cell;
        use std::rc::Rc;

        use crate::live_stream::{keep_open, Listeners};

        let lost = Rc::new(Cell::new(false));
        keep_open(
            format!("/pairs/{pair_id}/events"),
            Listeners {
                events: &["changed"],
                on_event: Box::new(move |_, _| refresh.run(())),
                on_connected: Box::new(move |connected| {
                    if connected && lost.replace(false) {
                        refresh.run(());
                    }
                    if !connected {
                        lost.set(true);
                    }
                }),
            },
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (pair_id, refresh);
}
