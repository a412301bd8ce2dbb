//! Saving drafts as the member goes: a short pause after typing, at once on a step change, one request at
//! a time, retried while offline. A conflict (another tab saved first) loads the newer copy.

use leptos::prelude::*;

use super::state::{SaveState, Wizard};
use crate::error::AppError;

/// How long typing must pause before a save.
const DEBOUNCE_MS: u64 = 800;
/// How long to wait before retrying when the server could not be reached.
const RETRY_MS: u64 = 5000;

#[derive(Clone, Copy)]
pub struct Autosave {
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Changes not yet sent.
    dirty: RwSignal<bool>,
    in_flight: RwSignal<bool>,
}

impl Autosave {
    pub fn new() -> Self {
        Autosave {
            timer: StoredValue::new(None),
            dirty: RwSignal::new(false),
            in_flight: RwSignal::new(false),
        }
    }

    /// Something changed: save after a pause.
    pub fn changed(&self, wizard: Wizard) {
        self.dirty.set(true);
        wizard.save.set(SaveState::Pending);
        self.schedule(wizard, DEBOUNCE_MS);
    }

    pub fn is_idle(&self) -> bool {
        !self.dirty.get_untracked() && !self.in_flight.get_untracked()
    }

    /// Forgets unsent changes (the server's copy replaced them, or a submit carried them).
    pub fn settle(&self) {
        self.cancel_timer();
        self.dirty.set(false);
    }

    fn cancel_timer(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    fn schedule(&self, wizard: Wizard, delay_ms: u64) {
        self.cancel_timer();
        let this = *self;
        if let Ok(handle) = set_timeout_with_handle(
            move || this.flush(wizard),
            std::time::Duration::from_millis(delay_ms),
        ) {
            self.timer.set_value(Some(handle));
        }
    }

    /// Sends the unsent changes now (or right after the request already on its way).
    pub fn flush(&self, wizard: Wizard) {
        self.cancel_timer();
        if self.in_flight.get_untracked() || !self.dirty.get_untracked() {
            return;
        }
        self.dirty.set(false);
        self.in_flight.set(true);
        wizard.save.set(SaveState::Saving);
        let this = *self;
        leptos::task::spawn_local(async move {
            let result = crate::api::applications::save_application_draft(
                wizard.cycle_id,
                wizard.form.get_untracked(),
                wizard.step.get_untracked(),
                wizard.version.get_untracked(),
            )
            .await;
            this.in_flight.set(false);
            this.after_save(wizard, result);
        });
    }

    fn after_save(&self, wizard: Wizard, result: Result<crate::application::Saved, AppError>) {
        match result {
            Ok(saved) => {
                wizard.version.set(saved.version);
                wizard.status.set(saved.status);
                wizard.unsubmitted_changes.set(saved.unsubmitted_changes);
                if self.dirty.get_untracked() {
                    self.flush(wizard);
                } else {
                    wizard.save.set(SaveState::Saved);
                }
            }
            Err(AppError::Transport(_) | AppError::Internal) => {
                self.dirty.set(true);
                wizard.save.set(SaveState::Offline);
                self.schedule(wizard, RETRY_MS);
            }
            Err(AppError::Conflict(message)) => {
                wizard.notice.set(Some(message.clone()));
                wizard.save.set(SaveState::Refused(message));
                reload(wizard);
            }
            Err(error) => wizard.save.set(SaveState::Refused(error.to_string())),
        }
    }
}

/// Saves what is unsent when the member leaves: at once when the tab is hidden, and with a beacon (which
/// outlives the page) when it is closed or reloaded inside the debounce pause.
pub fn save_when_leaving(wizard: Wizard) {
    #[cfg(feature = "hydrate")]
    {
        let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().hidden() {
                wizard.autosave.flush(wizard);
            }
        });
        let closing = window_event_listener(leptos::ev::pagehide, move |_| {
            if wizard.autosave.dirty.get_untracked() && !wizard.autosave.in_flight.get_untracked() {
                wizard.autosave.settle();
                send_beacon(wizard);
            }
        });
        on_cleanup(move || {
            hidden.remove();
            closing.remove();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = wizard;
}

#[cfg(feature = "hydrate")]
fn send_beacon(wizard: Wizard) {
    use web_sys::js_sys::Array;
    use web_sys::wasm_bindgen::JsValue;
    let body = serde_json::json!({
        "cycle_id": wizard.cycle_id,
        "form": wizard.form.get_untracked(),
        "step": wizard.step.get_untracked(),
        "version": wizard.version.get_untracked(),
    });
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let parts = Array::of1(&JsValue::from_str(&body.to_string()));
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        let _ = window()
            .navigator()
            .send_beacon_with_opt_blob("/api/save_application_draft", Some(&blob));
    }
}

/// Loads the server's copy into the wizard (the member keeps their place).
pub fn reload(wizard: Wizard) {
    leptos::task::spawn_local(async move {
        if let Ok(data) = crate::api::applications::load_application(wizard.cycle_id).await {
            wizard.autosave.settle();
            wizard.replace(data);
            if !matches!(wizard.save.get_untracked(), SaveState::Refused(_)) {
                wizard.save.set(SaveState::Saved);
            }
        }
    });
}

/// Waits until no save is pending or on its way, so a submit or withdrawal carries the latest version.
pub async fn settled(wizard: Wizard) {
    wizard.autosave.flush(wizard);
    for _ in 0..100 {
        if wizard.autosave.is_idle() {
            return;
        }
        pause_ms(100).await;
    }
}

async fn pause_ms(ms: u32) {
    #[cfg(feature = "hydrate")]
    gloo_timers::future::TimeoutFuture::new(ms).await;
    #[cfg(not(feature = "hydrate"))]
    let _ = ms;
}
