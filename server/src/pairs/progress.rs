//! How far each cycle's matching run has got, for the matching page to show while a large cohort is solved.
//!
//! Kept in this process's memory: the page asks the instance that runs the matching (a run is one request).
//! Several instances behind a balancer would need the step in the database instead.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use app::matching::RunProgress;

use crate::matching::engine::Stage;

/// The steps of a run, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Reading,
    Engine(Stage),
    Saving,
}

impl Step {
    const COUNT: u8 = 5;

    fn number(self) -> u8 {
        match self {
            Step::Reading => 1,
            Step::Engine(Stage::Solving) => 2,
            Step::Engine(Stage::Checking) => 3,
            Step::Engine(Stage::Explaining) => 4,
            Step::Saving => 5,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Step::Reading => "Reading the applications",
            Step::Engine(Stage::Solving) => {
                "Scoring every possible pair and finding the best pairs"
            }
            Step::Engine(Stage::Checking) => {
                "Checking the result: weakest pair, pairs that prefer each other"
            }
            Step::Engine(Stage::Explaining) => "Explaining each pair's score",
            Step::Saving => "Saving the run",
        }
    }
}

/// The runs under way, by cycle.
#[derive(Clone, Default)]
pub struct Runs(Arc<Mutex<HashMap<i64, (Step, Instant)>>>);

impl Runs {
    fn lock(&self) -> MutexGuard<'_, HashMap<i64, (Step, Instant)>> {
        // A panic elsewhere while holding the lock leaves the map usable: it holds no invariant.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Marks a run of `cycle_id` as begun; it is forgotten when the returned tracker is dropped.
    pub fn start(&self, cycle_id: i64) -> Tracker {
        self.lock()
            .insert(cycle_id, (Step::Reading, Instant::now()));
        Tracker {
            runs: self.clone(),
            cycle_id,
        }
    }

    /// Where the run of `cycle_id` is, if one is under way.
    pub fn get(&self, cycle_id: i64) -> Option<RunProgress> {
        self.lock()
            .get(&cycle_id)
            .map(|&(step, started)| RunProgress {
                step: step.number(),
                steps: Step::COUNT,
                label: step.label().to_owned(),
                seconds: started.elapsed().as_secs(),
            })
    }
}

/// One run under way: moves it from step to step, and ends it when dropped (also on an error or a panic).
pub struct Tracker {
    runs: Runs,
    cycle_id: i64,
}

impl Tracker {
    pub fn step(&self, step: Step) {
        set(&self.runs, self.cycle_id, step);
    }

    /// A callback for the engine's stages, to hand to the thread that runs it.
    pub fn stages(&self) -> impl Fn(Stage) + Send + 'static {
        let (runs, cycle_id) = (self.runs.clone(), self.cycle_id);
        move |stage| set(&runs, cycle_id, Step::Engine(stage))
    }
}

fn set(runs: &Runs, cycle_id: i64, step: Step) {
    if let Some(entry) = runs.lock().get_mut(&cycle_id) {
        entry.0 = step;
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        self.runs.lock().remove(&self.cycle_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_seen_step_by_step_until_its_tracker_ends() {
        let runs = Runs::default();
        assert_eq!(runs.get(7), None);
        let tracker = runs.start(7);
        assert_eq!(runs.get(7).map(|p| (p.step, p.steps)), Some((1, 5)));
        tracker.step(Step::Engine(Stage::Checking));
        let now = runs.get(7).expect("under way");
        assert_eq!(now.step, 3);
        assert!(now.label.contains("weakest pair"));
        assert_eq!(runs.get(8), None, "another cycle has no run");
        drop(tracker);
        assert_eq!(runs.get(7), None);
    }
}
