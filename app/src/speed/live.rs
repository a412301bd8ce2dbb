//! Keeping a screen in step with the room: the session's event stream replaces the snapshot on every change,
//! the screen estimates its clock offset from the server, and a local timer (gloo-timers) refreshes "now"
//! exactly when the countdown's second changes, so every screen flips the same second at the same moment.

use leptos::prelude::*;

use super::session::Snapshot;
use super::timer::TimerView;

/// The live state of one screen.
#[derive(Clone, Copy)]
pub struct Live {
    pub snapshot: RwSignal<Snapshot>,
    /// Whether the event stream is connected (a screen shows "Reconnecting…" otherwise).
    pub connected: RwSignal<bool>,
    /// The server's clock now, in milliseconds, refreshed whenever the countdown changes.
    pub now: RwSignal<i64>,
}

impl Live {
    /// What the screen shows now.
    pub fn view(&self) -> TimerView {
        let now = self.now.get();
        self.snapshot.with(|s| s.view_at(now))
    }
}

/// Starts listening to the session's events (in the browser) from the server-rendered `initial` snapshot.
pub fn use_live(initial: Snapshot) -> Live {
    let code = initial.code.clone();
    let live = Live {
        snapshot: RwSignal::new(initial),
        connected: RwSignal::new(true),
        now: RwSignal::new(server_now_guess()),
    };
    #[cfg(feature = "hydrate")]
    browser::start(live, &code);
    #[cfg(not(feature = "hydrate"))]
    let _ = code;
    live
}

/// The clock before any offset is known: the server's own on the server, the device's in the browser.
fn server_now_guess() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        // Milliseconds since the epoch fit an i64 exactly; the fraction is dropped on purpose.
        #[allow(clippy::cast_possible_truncation)]
        let now = web_sys::js_sys::Date::now() as i64;
        now
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }
}

/// How long until the countdown shows another second (or a phase ends), at least 5 ms, at most 1 s.
pub fn ms_to_next_change(snapshot: &Snapshot, now: i64) -> u32 {
    let phases = snapshot.phases();
    let mut timer = snapshot.timer.clone();
    timer.catch_up(&phases, now);
    let wait = match timer.phase_ends_at() {
        Some(end) => (end - now).rem_euclid(1000) + 1,
        None => 1000,
    };
    u32::try_from(wait.clamp(5, 1000)).unwrap_or(1000)
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    use leptos::prelude::*;

    use super::{ms_to_next_change, server_now_guess, Live};
    use crate::live_stream::{keep_open, Listeners};
    use crate::speed::session::Snapshot;
    use crate::speed::timer::{estimate_offset, ClockSample};

    /// Round trips used to estimate the clock offset; the quickest wins.
    const CLOCK_SAMPLES: usize = 5;

    pub fn start(live: Live, code: &str) {
        let alive = Arc::new(AtomicBool::new(true));
        let offset = Arc::new(std::sync::atomic::AtomicI64::new(0));
        listen(live, code);
        measure_offset(offset.clone(), live);
        tick(live, alive.clone(), offset);
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }

    /// Subscribes to `/room/{code}/events`, kept open; the first event after (re)connecting is the full current
    /// snapshot.
    fn listen(live: Live, code: &str) {
        keep_open(
            format!("/room/{code}/events"),
            Listeners {
                events: &["snapshot"],
                on_event: Box::new(move |_, text| {
                    if let Ok(snapshot) = serde_json::from_str::<Snapshot>(&text) {
                        live.snapshot.set(snapshot);
                        live.connected.set(true);
                    }
                }),
                on_connected: Box::new(move |connected| {
                    if !connected {
                        live.connected.set(false);
                    }
                }),
            },
        );
    }

    /// Samples the server's clock a few times and keeps the offset of the quickest round trip.
    fn measure_offset(offset: Arc<std::sync::atomic::AtomicI64>, live: Live) {
        leptos::task::spawn_local(async move {
            let mut samples = Vec::with_capacity(CLOCK_SAMPLES);
            for _ in 0..CLOCK_SAMPLES {
                let sent = server_now_guess();
                if let Ok(server) = crate::api::speed::speed_clock().await {
                    samples.push(ClockSample {
                        sent,
                        server,
                        received: server_now_guess(),
                    });
                }
            }
            if let Some(estimate) = estimate_offset(&samples) {
                offset.store(estimate, Ordering::Relaxed);
                live.now.set(server_now_guess() + estimate);
            }
        });
    }

    /// Refreshes `now` each time the countdown's second changes, until the page goes away.
    fn tick(live: Live, alive: Arc<AtomicBool>, offset: Arc<std::sync::atomic::AtomicI64>) {
        leptos::task::spawn_local(async move {
            while alive.load(Ordering::Relaxed) {
                let now = server_now_guess() + offset.load(Ordering::Relaxed);
                live.now.set(now);
                let wait = live.snapshot.with_untracked(|s| ms_to_next_change(s, now));
                gloo_timers::future::TimeoutFuture::new(wait).await;
            }
        });
    }
}

/// Speaks phase changes in an `aria-live` region, and on request beeps and vibrates.
pub mod announce {
    use crate::speed::session::phase_label;
    use crate::speed::timer::PhaseKind;

    /// The sentence announced when a phase begins.
    pub fn sentence(kind: Option<PhaseKind>, rounds: u32, ended: bool) -> String {
        if ended {
            return "The session has ended. Thank you!".to_owned();
        }
        match kind {
            None => String::new(),
            Some(PhaseKind::Round(n)) => {
                format!("Round {n} begins. Find your table; the first speaker starts.")
            }
            Some(PhaseKind::Break(_)) => {
                "Time is up. Thank your partner and find your next table.".to_owned()
            }
            Some(kind) => format!("{} begins.", phase_label(Some(kind), rounds)),
        }
    }

    /// A short beep and a vibration, where the device allows them.
    pub fn signal() {
        #[cfg(feature = "hydrate")]
        {
            let _ = leptos::prelude::window()
                .navigator()
                .vibrate_with_duration(400);
            beep();
        }
    }

    #[cfg(feature = "hydrate")]
    fn beep() {
        let Ok(context) = web_sys::AudioContext::new() else {
            return;
        };
        let Ok(oscillator) = context.create_oscillator() else {
            return;
        };
        oscillator.frequency().set_value(880.0);
        let _ = oscillator.connect_with_audio_node(&context.destination());
        let _ = oscillator.start();
        let _ = oscillator.stop_with_when(context.current_time() + 0.25);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speed::timer::{Settings, TimerState};

    fn snapshot(timer: TimerState) -> Snapshot {
        Snapshot {
            session_id: crate::types::SessionId(1),
            title: "T".into(),
            code: "ABC234".into(),
            settings: Settings::default(),
            questions: vec![],
            timer,
            round: None,
            participants: 0,
            choosers: 0,
            mutual_pairs: 0,
        }
    }

    #[test]
    fn the_next_refresh_lands_just_after_the_second_changes() {
        let phases = crate::speed::timer::phases(&Settings::default());
        let mut timer = TimerState::not_started();
        timer.start(&phases, 10_250);
        let s = snapshot(timer);
        // The prep ends at 250_250; at 100_000 the display changes at 100_250.
        assert_eq!(ms_to_next_change(&s, 100_000), 251);
        assert_eq!(ms_to_next_change(&s, 100_249), 5, "never busy-loops");
        assert_eq!(
            ms_to_next_change(&snapshot(TimerState::not_started()), 5),
            1000
        );
    }
}
