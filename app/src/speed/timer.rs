//! The shared timer of a speed-mentoring session. The server owns a [`TimerState`] (stored, so a restart
//! loses nothing) and sends it to every screen; each screen estimates its clock offset from the server
//! ([`estimate_offset`]) and computes what to show from the same state ([`TimerState::view`]), so all
//! screens agree to the second without the server ticking. All times are milliseconds since the Unix epoch
//! on the server's clock.

use serde::{Deserialize, Serialize};

/// The facilitator's settings (seed 004: 3–5 minutes of preparation, rounds of a few minutes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub prep_minutes: u32,
    pub rounds: u32,
    pub round_minutes: u32,
    /// Between rounds, to find the next table; 0 for none.
    pub break_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            prep_minutes: 4,
            rounds: 3,
            round_minutes: 8,
            break_minutes: 1,
        }
    }
}

/// What the room is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhaseKind {
    Preparation,
    /// 1-based round number.
    Round(u32),
    /// The break after round n.
    Break(u32),
    /// Wrap-up questions; open-ended.
    WrapUp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub kind: PhaseKind,
    /// `None` for the open-ended wrap-up.
    pub length_ms: Option<i64>,
}

const MINUTE_MS: i64 = 60_000;

/// The session's phases in order: preparation, then rounds with breaks between them, then wrap-up.
pub fn phases(settings: &Settings) -> Vec<Phase> {
    let minutes = |m: u32| Some(i64::from(m) * MINUTE_MS);
    let mut phases = vec![Phase {
        kind: PhaseKind::Preparation,
        length_ms: minutes(settings.prep_minutes),
    }];
    for round in 1..=settings.rounds {
        phases.push(Phase {
            kind: PhaseKind::Round(round),
            length_ms: minutes(settings.round_minutes),
        });
        if round < settings.rounds && settings.break_minutes > 0 {
            phases.push(Phase {
                kind: PhaseKind::Break(round),
                length_ms: minutes(settings.break_minutes),
            });
        }
    }
    phases.push(Phase {
        kind: PhaseKind::WrapUp,
        length_ms: None,
    });
    phases
}

/// Where the timer stands. `started_at` moves forward by the length of every pause, so the time spent in
/// a phase is always `now - started_at` (or `paused_at - started_at` while paused).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerState {
    /// Index into the phases; `None` before the facilitator starts.
    pub phase: Option<usize>,
    pub started_at: i64,
    /// The current phase's length with its extensions.
    pub length_ms: Option<i64>,
    pub paused_at: Option<i64>,
    pub ended: bool,
}

/// What a screen shows at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerView {
    pub phase: Option<PhaseKind>,
    /// Whole seconds left, rounded up (a screen shows 0:01 until the last millisecond); `None` when open-ended.
    pub remaining_secs: Option<i64>,
    /// In a round: the second half has begun, mentor and mentee swap.
    pub swapped: bool,
    /// In a round: how many thirds have passed (0, 1 or 2), whose turn it is at a table of three.
    pub third: u8,
    /// In a round longer than a minute: its last minute has begun (the signal before the end).
    pub last_minute: bool,
    pub paused: bool,
    pub ended: bool,
}

impl TimerState {
    pub fn not_started() -> Self {
        TimerState {
            phase: None,
            started_at: 0,
            length_ms: None,
            paused_at: None,
            ended: false,
        }
    }

    fn elapsed(&self, now: i64) -> i64 {
        (self.paused_at.unwrap_or(now) - self.started_at).max(0)
    }

    /// Starts the first phase.
    pub fn start(&mut self, phases: &[Phase], now: i64) {
        self.enter(phases, 0, now);
    }

    fn enter(&mut self, phases: &[Phase], index: usize, at: i64) {
        match phases.get(index) {
            Some(phase) => {
                self.phase = Some(index);
                self.started_at = at;
                self.length_ms = phase.length_ms;
                self.paused_at = None;
            }
            None => self.end(at),
        }
    }

    pub fn pause(&mut self, now: i64) {
        if self.phase.is_some() && self.paused_at.is_none() && !self.ended {
            self.paused_at = Some(now);
        }
    }

    pub fn resume(&mut self, now: i64) {
        if let Some(paused_at) = self.paused_at.take() {
            self.started_at += (now - paused_at).max(0);
        }
    }

    /// Adds time to the current phase (the facilitator's "add a minute").
    pub fn extend(&mut self, ms: i64) {
        if let Some(length) = self.length_ms.as_mut() {
            *length = length.saturating_add(ms.max(0));
        }
    }

    /// Moves to the next phase now (the facilitator's "skip").
    pub fn skip(&mut self, phases: &[Phase], now: i64) {
        match self.phase {
            Some(index) => self.enter(phases, index + 1, now),
            None => self.start(phases, now),
        }
    }

    pub fn end(&mut self, now: i64) {
        self.ended = true;
        self.paused_at = None;
        self.started_at = now;
        self.length_ms = None;
    }

    /// Moves past every phase whose time is up, each starting when the one before ended, so every screen
    /// (and the server after a restart) lands on the same phase. Returns whether the phase changed.
    pub fn catch_up(&mut self, phases: &[Phase], now: i64) -> bool {
        let before = self.phase;
        while let (Some(index), Some(length), None, false) =
            (self.phase, self.length_ms, self.paused_at, self.ended)
        {
            if now - self.started_at < length {
                break;
            }
            let ended_at = self.started_at + length;
            self.enter(phases, index + 1, ended_at);
        }
        self.phase != before
    }

    /// When the current phase ends if nothing changes (for the server to schedule its announcement).
    pub fn phase_ends_at(&self) -> Option<i64> {
        match (self.length_ms, self.paused_at, self.ended) {
            (Some(length), None, false) => Some(self.started_at + length),
            _ => None,
        }
    }

    /// What to show at `now` (already caught up).
    pub fn view(&self, phases: &[Phase], now: i64) -> TimerView {
        let kind = self.phase.and_then(|i| phases.get(i)).map(|p| p.kind);
        let elapsed = self.elapsed(now);
        let remaining_ms = self.length_ms.map(|length| (length - elapsed).max(0));
        let in_round = matches!(kind, Some(PhaseKind::Round(_))) && !self.ended;
        TimerView {
            phase: if self.ended { None } else { kind },
            remaining_secs: remaining_ms.map(|ms| (ms + 999) / 1000),
            swapped: in_round && self.length_ms.is_some_and(|length| elapsed * 2 >= length),
            third: match self.length_ms {
                Some(length) if in_round && length > 0 => {
                    u8::try_from((elapsed * 3 / length).min(2)).unwrap_or(2)
                }
                _ => 0,
            },
            last_minute: in_round
                && self.length_ms.is_some_and(|length| length > 60_000)
                && remaining_ms.is_some_and(|ms| ms > 0 && ms <= 60_000),
            paused: self.paused_at.is_some(),
            ended: self.ended,
        }
    }
}

/// One round trip to the server: when the request left, the server's clock in the answer, when it came back
/// (client clock, milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSample {
    pub sent: i64,
    pub server: i64,
    pub received: i64,
}

/// How far the server's clock is ahead of this screen's: from the sample with the shortest round trip
/// (the least queuing), assuming the answer was stamped half-way. Add it to the local clock to get server time.
pub fn estimate_offset(samples: &[ClockSample]) -> Option<i64> {
    samples
        .iter()
        .filter(|s| s.received >= s.sent)
        .min_by_key(|s| s.received - s.sent)
        .map(|s| s.server - (s.sent + s.received) / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            prep_minutes: 4,
            rounds: 3,
            round_minutes: 8,
            break_minutes: 1,
        }
    }

    #[test]
    fn phases_run_prep_rounds_with_breaks_then_wrap_up() {
        let kinds: Vec<PhaseKind> = phases(&settings()).iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![
                PhaseKind::Preparation,
                PhaseKind::Round(1),
                PhaseKind::Break(1),
                PhaseKind::Round(2),
                PhaseKind::Break(2),
                PhaseKind::Round(3),
                PhaseKind::WrapUp,
            ]
        );
    }

    #[test]
    fn a_pause_freezes_the_countdown_and_resume_continues_it() {
        let phases = phases(&settings());
        let mut timer = TimerState::not_started();
        timer.start(&phases, 0);
        timer.pause(60_000);
        assert_eq!(timer.view(&phases, 500_000).remaining_secs, Some(180));
        timer.resume(500_000);
        assert_eq!(timer.view(&phases, 530_000).remaining_secs, Some(150));
        assert!(!timer.catch_up(&phases, 679_999));
        assert!(timer.catch_up(&phases, 680_000));
        assert_eq!(
            timer.view(&phases, 680_000).phase,
            Some(PhaseKind::Round(1))
        );
    }

    #[test]
    fn extending_adds_time_and_skipping_moves_on_now() {
        let phases = phases(&settings());
        let mut timer = TimerState::not_started();
        timer.start(&phases, 0);
        timer.extend(60_000);
        assert_eq!(timer.view(&phases, 0).remaining_secs, Some(300));
        timer.skip(&phases, 10_000);
        let view = timer.view(&phases, 10_000);
        assert_eq!(view.phase, Some(PhaseKind::Round(1)));
        assert_eq!(view.remaining_secs, Some(480));
    }

    #[test]
    fn catching_up_after_a_long_absence_lands_on_the_right_phase() {
        let phases = phases(&settings());
        let mut timer = TimerState::not_started();
        timer.start(&phases, 0);
        // 4 min prep + 8 min round 1 + 1 min break + 3 min into round 2.
        let now = (4 + 8 + 1 + 3) * MINUTE_MS;
        timer.catch_up(&phases, now);
        let view = timer.view(&phases, now);
        assert_eq!(view.phase, Some(PhaseKind::Round(2)));
        assert_eq!(view.remaining_secs, Some(300));
        assert!(!view.swapped);
        assert!(
            timer.view(&phases, now + 60_000).swapped,
            "half-time at 4 of 8 minutes"
        );
        timer.catch_up(&phases, 10 * 60 * MINUTE_MS);
        assert_eq!(timer.view(&phases, 0).phase, Some(PhaseKind::WrapUp));
        assert_eq!(timer.phase_ends_at(), None);
    }

    #[test]
    fn a_round_signals_its_last_minute_and_each_third_for_trios() {
        let phases = phases(&settings());
        let mut timer = TimerState::not_started();
        timer.start(&phases, 0);
        timer.skip(&phases, 0);
        // Round 1: eight minutes.
        let at = |minutes: f64| {
            #[allow(clippy::cast_possible_truncation)] // whole milliseconds
            let ms = (minutes * 60_000.0) as i64;
            timer.view(&phases, ms)
        };
        assert_eq!(
            (at(0.0).third, at(2.7).third, at(5.4).third, at(7.9).third),
            (0, 1, 2, 2)
        );
        assert!(!at(6.9).last_minute);
        assert!(at(7.0).last_minute);
        assert!(at(7.99).last_minute);
        assert!(!at(8.0).last_minute, "over: the break has its own time");
        // Preparation has no turns and no signal.
        let mut prep = TimerState::not_started();
        prep.start(&phases, 0);
        assert!(!prep.view(&phases, 3 * 60_000 + 30_000).last_minute);
    }

    #[test]
    fn seconds_round_up_so_zero_means_over() {
        let phases = phases(&settings());
        let mut timer = TimerState::not_started();
        timer.start(&phases, 0);
        assert_eq!(timer.view(&phases, 239_001).remaining_secs, Some(1));
        assert_eq!(timer.view(&phases, 240_000).remaining_secs, Some(0));
    }

    #[test]
    fn the_offset_comes_from_the_quickest_round_trip() {
        let samples = [
            ClockSample {
                sent: 1_000,
                server: 6_400,
                received: 1_800,
            },
            ClockSample {
                sent: 2_000,
                server: 7_050,
                received: 2_100,
            },
            ClockSample {
                sent: 3_000,
                server: 0,
                received: 2_000,
            },
        ];
        assert_eq!(estimate_offset(&samples), Some(5_000));
        assert_eq!(estimate_offset(&[]), None);
    }
}
