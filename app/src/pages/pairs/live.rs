//! Keeps a workspace current: the server sends a "changed" event on `/pairs/{id}/events` after any shared
//! change, and the page re-reads the workspace. The browser's `EventSource` reconnects by itself.

use leptos::prelude::*;

/// Calls `refresh` after every change to pair `pair_id` (in the browser; nothing on the server).
pub fn follow(pair_id: i64, refresh: Callback<()>) {
    #[cfg(feature = "hydrate")]
    browser::listen(pair_id, refresh);
    #[cfg(not(feature = "hydrate"))]
    let _ = (pair_id, refresh);
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    pub fn listen(pair_id: i64, refresh: Callback<()>) {
        let Ok(source) = EventSource::new(&format!("/pairs/{pair_id}/events")) else {
            return;
        };
        let on_change =
            Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| refresh.run(()));
        let _ =
            source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
        let held = SendWrapper::new((source, on_change));
        on_cleanup(move || held.0.close());
    }
}
