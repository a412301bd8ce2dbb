//! Waiting for a pause in typing before asking the server: one request per pause, not one per key, which a
//! phone on a slow connection feels.

use leptos::prelude::*;

/// How long typing must pause before a search is sent.
const PAUSE_MS: u64 = 250;

/// Runs only the last of calls made less than [`PAUSE_MS`] apart, that long after it.
#[derive(Clone, Copy)]
pub struct Debounce(StoredValue<Option<TimeoutHandle>>);

impl Debounce {
    pub fn new() -> Self {
        Debounce(StoredValue::new(None))
    }

    pub fn call(self, work: impl FnOnce() + 'static) {
        if let Some(earlier) = self.0.try_update_value(Option::take).flatten() {
            earlier.clear();
        }
        if let Ok(handle) =
            set_timeout_with_handle(work, std::time::Duration::from_millis(PAUSE_MS))
        {
            self.0.set_value(Some(handle));
        }
    }
}

impl Default for Debounce {
    fn default() -> Self {
        Self::new()
    }
}
