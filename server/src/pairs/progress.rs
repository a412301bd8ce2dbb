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

/// A run under way: its step, when it began, and which tracker owns it.
struct Entry {
    step: Step,
    started: Instant,
    owner: Arc<()>,
}

/// The runs under way, by cycle (the latest one when two admins run the same cycle at once).
#[derive(Clone, Default)]
pub struct Runs(Arc<Mutex<HashMap<i64, Entry>>>);

impl Runs {
    fn lock(&self) -> MutexGuard<'_, HashMap<i64, Entry>> {
        // A panic elsewhere while holding the lock leaves the map usable: it holds no invariant.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Marks a run of `cycle_id` as begun; it is forgotten when the returned tracker is dropped.
    pub fn start(&self, cycle_id: i64) -> Tracker {
        let owner = Arc::new(());
        let entry = Entry {
            step: Step::Reading,
            started: Instant::now(),
            owner: owner.clone(),
        };
        self.lock().insert(cycle_id, entry);
        Tracker {
            runs: self.clone(),
            cycle_id,
            owner,
        }
    }

    /// Runs `change` on the entry of `cycle_id` if `owner`'s run is still the one shown.
    fn with_own(&self, cycle_id: i64, owner: &Arc<()>, change: impl FnOnce(&mut Entry)) {
        if let Some(entry) = self.lock().get_mut(&cycle_id) {
            if Arc::ptr_eq(&entry.owner, owner) {
                change(entry);
            }
        }
    }

    /// Where the run of `cycle_id` is, if one is under way.
    pub fn get(&self, cycle_id: i64) -> Option<RunProgress> {
        self.lock().get(&cycle_id).map(|entry| RunProgress {
            step: entry.step.number(),
            steps: Step::COUNT,
            label: entry.step.label().to_owned(),
            seconds: entry.started.elapsed().as_secs(),
        })
    }
}

/// One run under way: moves it from step to step, and ends it when dropped (also on an error or a panic).
pub struct Tracker {
    runs: Runs,
    cycle_id: i64,
    owner: Arc<()>,
}

impl Tracker {
    pub fn step(&self, step: Step) {
        self.runs
            .with_own(self.cycle_id, &self.owner, |entry| entry.step = step);
    }

    /// A callback for the engine's stages, to hand to the thread that runs it.
    pub fn stages(&self) -> impl Fn(Stage) + Send + 'static {
        let (runs, cycle_id, owner) = (self.runs.clone(), self.cycle_id, self.owner.clone());
        move |stage| runs.with_own(cycle_id, &owner, |entry| entry.step = Step::Engine(stage))
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        let mut runs = self.runs.lock();
        if runs
            .get(&self.cycle_id)
            .is_some_and(|entry| Arc::ptr_eq(&entry.owner, &self.owner))
        {
            runs.remove(&self.cycle_id);
        }
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

    #[test]
    fn when_two_runs_of_a_cycle_overlap_the_first_to_end_leaves_the_other_shown() {
        let runs = Runs::default();
        let first = runs.start(7);
        let second = runs.start(7);
        second.step(Step::Saving);
        first.step(Step::Engine(Stage::Solving));
        assert_eq!(
            runs.get(7).map(|p| p.step),
            Some(5),
            "the first run no longer moves it"
        );
        drop(first);
        assert_eq!(runs.get(7).map(|p| p.step), Some(5));
        drop(second);
        assert_eq!(runs.get(7), None);
    }
}
