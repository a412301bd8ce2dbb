//! Property tests of the session timer: whatever the facilitator does, the countdown stays within its phase,
//! a paused timer does not move, and two screens with the same state and clock show the same thing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::speed::timer::{phases, Settings, TimerState};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Pause,
    Resume,
    Extend(i64),
    Skip,
    Wait(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Pause),
        Just(Op::Resume),
        (0i64..180_000).prop_map(Op::Extend),
        Just(Op::Skip),
        (0i64..900_000).prop_map(Op::Wait),
    ]
}

proptest! {
    #[test]
    fn the_countdown_stays_within_the_phase(ops in prop::collection::vec(op(), 0..40), rounds in 1u32..6) {
        let settings = Settings { rounds, ..Settings::default() };
        let phases = phases(&settings);
        let mut timer = TimerState::not_started();
        let mut now = 1_000_000i64;
        timer.start(&phases, now);
        for op in ops {
            match op {
                Op::Pause => timer.pause(now),
                Op::Resume => timer.resume(now),
                Op::Extend(ms) => timer.extend(ms),
                Op::Skip => timer.skip(&phases, now),
                Op::Wait(ms) => now += ms,
            }
            timer.catch_up(&phases, now);
            let view = timer.view(&phases, now);
            if let (Some(secs), Some(length)) = (view.remaining_secs, timer.length_ms) {
                prop_assert!(secs >= 0 && secs * 1000 <= length + 999, "{view:?} {timer:?}");
                if !view.paused && !view.ended {
                    prop_assert!(secs > 0, "a running phase with no time left should have moved on: {timer:?}");
                }
            }
            if view.paused {
                prop_assert_eq!(timer.view(&phases, now + 123_456), view);
            }
            // Another screen with the same state at the same server time shows the same.
            prop_assert_eq!(timer.clone().view(&phases, now), view);
        }
    }
}
