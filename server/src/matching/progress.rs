//! How far each cycle's matching run has got, for the matching page to show while a large cohort is solved.
//!
//! Kept in the database (`matching_progress`, a row per cycle), because the page's polls may land on any of
//! several instances. The instance running the match writes each step as it comes and a heartbeat every
//! [`BEAT`]; a row whose heartbeat is older than [`STALE`] is an instance that stopped mid-run, and is not shown.

use std::sync::Arc;
use std::time::Duration;

use app::matching::RunProgress;
use app::types::CycleId;
use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tokio::sync::watch;

use crate::db::entities::matching_progress::{self, Column};
use crate::error::Result;
use engine::Stage;

/// How often a run under way says it still is.
const BEAT: Duration = Duration::from_secs(1);
/// How old a heartbeat may be before its run counts as abandoned.
const STALE: chrono::TimeDelta = chrono::TimeDelta::seconds(5);

/// The steps of a run, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Reading,
    Engine(Stage),
    Saving,
}

/// What each step does, in words, in order.
const LABELS: [&str; 5] = [
    "Reading the applications",
    "Scoring every possible pair and finding the best pairs",
    "Checking the result: weakest pair, pairs that prefer each other",
    "Explaining each pair's score",
    "Saving the run",
];

impl Step {
    fn number(self) -> i16 {
        match self {
            Step::Reading => 1,
            Step::Engine(Stage::Solving) => 2,
            Step::Engine(Stage::Checking) => 3,
            Step::Engine(Stage::Explaining) => 4,
            Step::Saving => 5,
        }
    }
}

/// The runs under way, by cycle (the latest one when two admins run the same cycle at once).
#[derive(Clone)]
pub struct Runs {
    db: DatabaseConnection,
}

impl Runs {
    pub fn new(db: DatabaseConnection) -> Self {
        Runs { db }
    }

    /// Marks a run of `cycle_id` as begun; it is forgotten once the returned tracker (and every stage callback
    /// taken from it) is dropped, also on an error or a panic.
    ///
    /// # Errors
    /// Database failures.
    pub async fn start(&self, cycle_id: CycleId) -> Result<Tracker> {
        let token = format!("{:016x}", rand::thread_rng().gen::<u64>());
        let now = Utc::now();
        matching_progress::Entity::insert(matching_progress::ActiveModel {
            cycle_id: Set(cycle_id.0),
            token: Set(token.clone()),
            step: Set(Step::Reading.number()),
            started_at: Set(now),
            beat_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(Column::CycleId)
                .update_columns([
                    Column::Token,
                    Column::Step,
                    Column::StartedAt,
                    Column::BeatAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        let (steps, seen) = watch::channel(Step::Reading);
        tokio::spawn(keep_up(self.db.clone(), cycle_id, token, seen));
        Ok(Tracker {
            steps: Arc::new(steps),
        })
    }

    /// Where the run of `cycle_id` is at `now`, if one is under way.
    ///
    /// # Errors
    /// Database failures.
    pub async fn get(&self, cycle_id: CycleId, now: DateTime<Utc>) -> Result<Option<RunProgress>> {
        let row = matching_progress::Entity::find_by_id(cycle_id)
            .filter(Column::BeatAt.gt(now - STALE))
            .one(&self.db)
            .await?;
        Ok(row.map(|row| shown(&row, now)))
    }
}

/// A stored run as the page shows it.
fn shown(row: &matching_progress::Model, now: DateTime<Utc>) -> RunProgress {
    let index = usize::try_from(row.step - 1)
        .unwrap_or(0)
        .min(LABELS.len() - 1);
    RunProgress {
        step: u8::try_from(index + 1).unwrap_or(1),
        steps: u8::try_from(LABELS.len()).unwrap_or(u8::MAX),
        label: LABELS[index].to_owned(),
        seconds: u64::try_from((now - row.started_at).num_seconds()).unwrap_or(0),
    }
}

/// Writes the run's steps and heartbeats until its tracker is gone, then deletes its row (if still its own).
async fn keep_up(
    db: DatabaseConnection,
    cycle_id: CycleId,
    token: String,
    mut seen: watch::Receiver<Step>,
) {
    loop {
        let ended = tokio::select! {
            changed = seen.changed() => changed.is_err(),
            () = tokio::time::sleep(BEAT) => false,
        };
        if ended {
            break;
        }
        let step = *seen.borrow_and_update();
        let written = matching_progress::Entity::update_many()
            .col_expr(Column::Step, Expr::value(step.number()))
            .col_expr(Column::BeatAt, Expr::value(Utc::now()))
            .filter(Column::CycleId.eq(cycle_id.0))
            .filter(Column::Token.eq(&token))
            .exec(&db)
            .await;
        if let Err(error) = written {
            tracing::warn!(%error, %cycle_id, "could not store the matching run's progress");
        }
    }
    let deleted = matching_progress::Entity::delete_many()
        .filter(Column::CycleId.eq(cycle_id.0))
        .filter(Column::Token.eq(&token))
        .exec(&db)
        .await;
    if let Err(error) = deleted {
        tracing::warn!(%error, %cycle_id, "could not clear the matching run's progress");
    }
}

/// One run under way: moves it from step to step.
pub struct Tracker {
    steps: Arc<watch::Sender<Step>>,
}

impl Tracker {
    pub fn step(&self, step: Step) {
        self.steps.send_replace(step);
    }

    /// A callback for the engine's stages, to hand to the thread that runs it.
    pub fn stages(&self) -> impl Fn(Stage) + Send + 'static {
        let steps = self.steps.clone();
        move |stage| {
            steps.send_replace(Step::Engine(stage));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(step: i16, started_secs_ago: i64, now: DateTime<Utc>) -> matching_progress::Model {
        matching_progress::Model {
            cycle_id: 7,
            token: "a".to_owned(),
            step,
            started_at: now - chrono::TimeDelta::seconds(started_secs_ago),
            beat_at: now,
        }
    }

    #[test]
    fn a_stored_step_is_shown_with_its_words_and_the_time_since_the_run_began() {
        let now = Utc::now();
        let progress = shown(&row(Step::Engine(Stage::Checking).number(), 12, now), now);
        assert_eq!(
            (progress.step, progress.steps, progress.seconds),
            (3, 5, 12)
        );
        assert!(progress.label.contains("weakest pair"));
    }

    #[test]
    fn a_step_out_of_range_is_shown_within_the_steps() {
        let now = Utc::now();
        assert_eq!(shown(&row(0, 0, now), now).step, 1);
        assert_eq!(shown(&row(9, 0, now), now).step, 5);
    }
}
