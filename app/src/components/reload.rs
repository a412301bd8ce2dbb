//! When a page's list reloads after a form's action: after a change that succeeded only. Keying the list's
//! resource on every attempt instead re-renders the form after a refusal and wipes what the person typed.

use leptos::prelude::*;

/// A counter to key a list's resource on; it goes up each time a watched action succeeds (or on [`bump`]).
///
/// [`bump`]: Reload::bump
#[derive(Clone, Copy)]
pub struct Reload(RwSignal<u32>);

impl Default for Reload {
    fn default() -> Self {
        Self::new()
    }
}

impl Reload {
    pub fn new() -> Self {
        Reload(RwSignal::new(0))
    }

    /// Goes up each time `value` (a `ServerAction`'s value) turns into a success.
    pub fn after<T, E, S>(self, value: S) -> Self
    where
        S: With<Value = Option<Result<T, E>>> + Send + Sync + 'static,
    {
        Effect::new(move |_| {
            if value.with(|v| matches!(v, Some(Ok(_)))) {
                self.bump();
            }
        });
        self
    }

    /// A change made some other way (a callback) succeeded.
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }

    /// The count, tracked: read it in a resource's key.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}
