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
        (v.phase, v.ended, v.swapped, v.last_minute)
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
            {move || view.get().last_minute.then(|| view! { <p class="countdown__flag countdown__flag--last" data-testid="last-minute">"1 minute left"</p> })}
            {move || (!live.connected.get()).then(|| view! { <p class="countdown__flag countdown__flag--offline" role="status">"Reconnecting…"</p> })}
        </div>
    }
}

/// What happened between two moments of the timer that people should hear.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Moment {
    phase: Option<crate::speed::timer::PhaseKind>,
    ended: bool,
    swapped: bool,
    third: u8,
    last_minute: bool,
}

/// The sentence for the change from `was` to `now`, if any: a new phase, the last minute, or the next turn
/// (half-time for a pair, each third for a table of three).
fn change(was: Moment, now: Moment, rounds: u32, trio: bool) -> Option<String> {
    if now.phase != was.phase || now.ended != was.ended {
        Some(announce::sentence(now.phase, rounds, now.ended))
    } else if now.last_minute && !was.last_minute {
        Some("One minute left in this round.".to_owned())
    } else if trio && now.third != was.third {
        Some("Next speaker's turn.".to_owned())
    } else if !trio && now.swapped && !was.swapped {
        Some("Half-time: swap roles.".to_owned())
    } else {
        None
    }
}

/// Announces each new phase, the last minute of a round and each turn in an `aria-live` region; with `signal`
/// on, also beeps and vibrates. `trio`: this screen's person sits at a table of three (turns at each third).
#[component]
pub fn PhaseAnnouncer(
    live: Live,
    #[prop(into)] signal: Signal<bool>,
    #[prop(optional, into)] trio: Option<Signal<bool>>,
) -> impl IntoView {
    let key = Memo::new(move |_| {
        let view = live.view();
        Moment {
            phase: view.phase,
            ended: view.ended,
            swapped: view.swapped,
            third: view.third,
            last_minute: view.last_minute,
        }
    });
    let message = RwSignal::new(String::new());
    Effect::new(move |previous: Option<Moment>| {
        let now = key.get();
        if let Some(was) = previous {
            let rounds = live.snapshot.with_untracked(|s| s.settings.rounds);
            let trio = trio.is_some_and(|t| t.get_untracked());
            if let Some(sentence) = change(was, now, rounds, trio) {
                message.set(sentence);
                if signal.get_untracked() {
                    announce::signal();
                }
            }
        }
        now
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speed::timer::PhaseKind;

    fn round(third: u8, swapped: bool, last_minute: bool) -> Moment {
        Moment {
            phase: Some(PhaseKind::Round(1)),
            ended: false,
            swapped,
            third,
            last_minute,
        }
    }

    #[test]
    fn pairs_hear_half_time_and_trios_each_third() {
        let said = |was, now, trio| change(was, now, 3, trio);
        assert_eq!(
            said(round(1, false, false), round(1, true, false), false).as_deref(),
            Some("Half-time: swap roles.")
        );
        assert_eq!(
            said(round(1, false, false), round(1, true, false), true),
            None
        );
        assert_eq!(
            said(round(0, false, false), round(1, false, false), true).as_deref(),
            Some("Next speaker's turn.")
        );
        assert_eq!(
            said(round(0, false, false), round(1, false, false), false),
            None
        );
        assert_eq!(
            said(round(2, true, false), round(2, true, true), true).as_deref(),
            Some("One minute left in this round.")
        );
    }
}
