//! View pieces every speed-session screen shares: the phase and countdown, the round's tables, the
//! announcement of phase changes.

use leptos::prelude::*;

use crate::speed::live::{announce, Live};
use crate::speed::session::{format_countdown, phase_label, RoundView};
use crate::speed::timer::TimerView;

/// The `:code` of `/join/:code` and `/room/:code`, as typed (the server normalizes it).
pub fn code_param() -> Memo<String> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        crate::speed::session::normalize_code(&params.read().get("code").unwrap_or_default())
    })
}

/// The phase's name, for a timer view.
pub fn phase_name(view: &TimerView, rounds: u32) -> String {
    if view.ended {
        "Session ended".to_owned()
    } else {
        phase_label(view.phase, rounds)
    }
}

/// Phase name, countdown (`m:ss`), and the pause and swap signals.
#[component]
pub fn Countdown(live: Live) -> impl IntoView {
    let view = Memo::new(move |_| live.view());
    let rounds = move || live.snapshot.with(|s| s.settings.rounds);
    // A new phase (or the swap) flashes for a few seconds, so nobody misses it across the room.
    let moment = Memo::new(move |_| {
        let v = view.get();
        (v.phase, v.ended, v.swapped)
    });
    let flash = RwSignal::new(false);
    Effect::new(move |previous: Option<()>| {
        moment.track();
        if previous.is_some() {
            flash.set(true);
            set_timeout(move || flash.set(false), std::time::Duration::from_secs(4));
        }
    });
    view! {
        <div class="countdown" class:countdown--paused=move || view.get().paused class:countdown--new=move || flash.get() data-testid="countdown">
            <p class="countdown__phase" data-testid="phase">{move || phase_name(&view.get(), rounds())}</p>
            <p class="countdown__time" data-testid="time" aria-hidden="true">
                {move || view.get().remaining_secs.map(format_countdown).unwrap_or_default()}
            </p>
            {move || view.get().paused.then(|| view! { <p class="countdown__flag" data-testid="paused">"Paused"</p> })}
            {move || view.get().swapped.then(|| view! { <p class="countdown__flag countdown__flag--swap" data-testid="swap">"Swap roles: the other person speaks now"</p> })}
            {move || (!live.connected.get()).then(|| view! { <p class="countdown__flag countdown__flag--offline" role="status">"Reconnecting…"</p> })}
        </div>
    }
}

/// Announces each new phase in an `aria-live` region; with `signal` on, also beeps and vibrates.
#[component]
pub fn PhaseAnnouncer(live: Live, #[prop(into)] signal: Signal<bool>) -> impl IntoView {
    let key = Memo::new(move |_| {
        let view = live.view();
        (view.phase, view.ended, view.swapped)
    });
    let message = RwSignal::new(String::new());
    Effect::new(
        move |previous: Option<(Option<crate::speed::timer::PhaseKind>, bool, bool)>| {
            let (phase, ended, swapped) = key.get();
            if let Some((was_phase, was_ended, was_swapped)) = previous {
                let rounds = live.snapshot.with_untracked(|s| s.settings.rounds);
                if phase != was_phase || ended != was_ended {
                    message.set(announce::sentence(phase, rounds, ended));
                    if signal.get_untracked() {
                        announce::signal();
                    }
                } else if swapped && !was_swapped {
                    message.set("Half-time: swap roles.".to_owned());
                    if signal.get_untracked() {
                        announce::signal();
                    }
                }
            }
            (phase, ended, swapped)
        },
    );
    view! { <p class="visually-hidden" aria-live="assertive" data-testid="announcement">{move || message.get()}</p> }
}

/// Every table of a round, mentor-first speaker named first.
#[component]
pub fn RoundTables(round: RoundView) -> impl IntoView {
    view! {
        <ol class="tables" data-testid="tables">
            {round.tables.into_iter().map(|table| view! {
                <li class="tables__table">
                    <span class="tables__number">{format!("Table {}", table.number)}</span>
                    {table.seats.into_iter().map(|seat| view! { <span class="tables__name">{seat.name}</span> }).collect_view()}
                </li>
            }).collect_view()}
        </ol>
        {(!round.sitting_out.is_empty()).then(|| {
            let names = round.sitting_out.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ");
            view! { <p class="tables__out">{format!("Sitting out this round: {names}")}</p> }
        })}
    }
}
