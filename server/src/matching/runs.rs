//! Saved matching runs: what each run found, how it is shown, and how it differs from the run before.

use std::collections::{BTreeMap, BTreeSet};

use app::error::AppError;
use app::matching::{
    Comparison, GroupView, PeerChange, QualityReport, RunSummary, RunView, UnmatchedView,
    GROUPS_PAGE, WEIGHT_FIELDS,
};
use app::types::{CycleId, UserId};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::cohort::Cohort;
use super::draft::Draft;
use crate::db::entities::{app_user, matching_run};
use crate::error::Result;
use engine::groups::{Evaluation, ScoredGroup};
use engine::{Matching, Mode, Unmatched};

/// What a run found, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub mode: Mode,
    pub groups: Vec<ScoredGroup>,
    pub unmatched: Vec<Unmatched>,
    pub report: QualityReport,
    pub compared_with_total: Option<QualityReport>,
}

impl Outcome {
    pub fn solved(matching: Matching) -> Self {
        Outcome {
            mode: matching.mode,
            groups: matching
                .pairs
                .into_iter()
                .map(|p| ScoredGroup {
                    members: p.members.to_vec(),
                    score: p.score,
                    components: p.components,
                })
                .collect(),
            unmatched: matching.unmatched,
            report: matching.report,
            compared_with_total: matching.compared_with_total,
        }
    }

    /// A hand-adjusted outcome; people who stay unmatched keep the reason the run before gave them.
    pub fn adjusted(mode: Mode, evaluation: Evaluation, before: &Outcome) -> Self {
        let unmatched = evaluation
            .unmatched
            .into_iter()
            .map(|mut left| {
                if let Some(earlier) = before.unmatched.iter().find(|u| u.id == left.id) {
                    left.reason.clone_from(&earlier.reason);
                    left.why = earlier.why;
                }
                left
            })
            .collect();
        Outcome {
            mode,
            groups: evaluation.groups,
            unmatched,
            report: evaluation.report,
            compared_with_total: None,
        }
    }

    pub fn member_groups(&self) -> Vec<Vec<String>> {
        self.groups.iter().map(|g| g.members.clone()).collect()
    }

    /// Each person's peers.
    fn peers(&self) -> BTreeMap<String, (Vec<String>, i64)> {
        let mut peers = BTreeMap::new();
        for group in &self.groups {
            for id in &group.members {
                let others = group.members.iter().filter(|m| *m != id).cloned().collect();
                peers.insert(id.clone(), (others, group.score));
            }
        }
        peers
    }
}

/// A stored run, read back.
pub struct Run {
    pub id: i64,
    pub number: i32,
    pub note: String,
    pub draft: Draft,
    pub outcome: Outcome,
    pub created_at: chrono::DateTime<Utc>,
    pub created_by: i64,
}

fn read(row: matching_run::Model) -> Result<Run> {
    let parse_error = |error: serde_json::Error| {
        tracing::error!(run = row.id, %error, "a stored matching run does not parse");
        AppError::Internal
    };
    Ok(Run {
        id: row.id,
        number: row.number,
        draft: serde_json::from_str(&row.settings).map_err(parse_error)?,
        outcome: serde_json::from_str(&row.result).map_err(parse_error)?,
        note: row.note,
        created_at: row.created_at,
        created_by: row.created_by,
    })
}

/// Every run of the cycle, oldest first.
///
/// # Errors
/// Database failures.
pub async fn list(db: &impl ConnectionTrait, cycle_id: CycleId) -> Result<Vec<Run>> {
    matching_run::Entity::find()
        .filter(matching_run::Column::CycleId.eq(cycle_id.0))
        .order_by_asc(matching_run::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(read)
        .collect()
}

/// Run `number` of the cycle.
///
/// # Errors
/// [`AppError::NotFound`] when there is no such run; database failures.
pub async fn find(db: &impl ConnectionTrait, cycle_id: CycleId, number: i32) -> Result<Run> {
    let row = matching_run::Entity::find()
        .filter(matching_run::Column::CycleId.eq(cycle_id.0))
        .filter(matching_run::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    read(row)
}

/// Saves a run as the cycle's next number; returns that number.
///
/// # Errors
/// Database failures (including two admins saving at the same instant: the unique number refuses one).
pub async fn save(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
    actor: i64,
    note: &str,
    draft: &Draft,
    outcome: &Outcome,
) -> Result<i32> {
    let last: Option<i32> = matching_run::Entity::find()
        .select_only()
        .column_as(matching_run::Column::Number.max(), "n")
        .filter(matching_run::Column::CycleId.eq(cycle_id.0))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    let number = last.unwrap_or(0) + 1;
    matching_run::ActiveModel {
        cycle_id: Set(cycle_id.0),
        number: Set(number),
        note: Set(note.to_owned()),
        settings: Set(serde_json::to_string(draft).unwrap_or_default()),
        result: Set(serde_json::to_string(outcome).unwrap_or_default()),
        created_by: Set(actor),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(number)
}

pub fn summary(run: &Run, when: String) -> RunSummary {
    RunSummary {
        id: run.id,
        number: run.number,
        note: run.note.clone(),
        created_at: when,
        report: run.outcome.report.clone(),
    }
}

/// A group as the page shows it (the page marks the pairs locked or forbidden for the next run from its own
/// list of them, which it refreshes after each change).
///
/// # Errors
/// [`AppError::Internal`] for a stored id that is not a user's.
pub fn group_view(group: &ScoredGroup, cohort: &Cohort) -> Result<GroupView> {
    let mut members = group
        .members
        .iter()
        .map(|id| cohort.member(id))
        .collect::<Result<Vec<_>>>()?;
    // By name, so a pair reads the same in every run whatever order the engine found it in.
    members.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(GroupView {
        members,
        score: group.score,
        components: group.components.clone(),
    })
}

/// The whole run for the page, compared with `previous` when given.
///
/// # Errors
/// [`AppError::Internal`] for a stored id that is not a user's.
pub fn view(
    run: &Run,
    previous: Option<&Run>,
    cohort: &Cohort,
    created_at: String,
    created_by: String,
) -> Result<RunView> {
    let outcome = &run.outcome;
    let unmatched = |u: &Unmatched| -> Result<UnmatchedView> {
        let triad = match &u.triad {
            Some(t) => Some((
                t.join
                    .iter()
                    .map(|id| cohort.member(id))
                    .collect::<Result<_>>()?,
                t.adds,
            )),
            None => None,
        };
        Ok(UnmatchedView {
            member: cohort.member(&u.id)?,
            reason: u.reason.clone(),
            triad,
        })
    };
    Ok(RunView {
        id: run.id,
        number: run.number,
        mode: outcome.mode,
        note: run.note.clone(),
        created_at,
        created_by,
        groups: outcome
            .groups
            .iter()
            .take(GROUPS_PAGE)
            .map(|g| group_view(g, cohort))
            .collect::<Result<_>>()?,
        group_count: outcome.groups.len(),
        unmatched: outcome
            .unmatched
            .iter()
            .map(unmatched)
            .collect::<Result<_>>()?,
        report: outcome.report.clone(),
        compared_with_total: outcome.compared_with_total.clone(),
        comparison: match previous {
            Some(before) => {
                let mut comparison = compare(before, run, cohort)?;
                comparison.moved.truncate(GROUPS_PAGE);
                Some(comparison)
            }
            None => None,
        },
    })
}

/// Everyone whose peers differ between two outcomes (someone unmatched has none), in id order.
pub fn moved(before: &Outcome, after: &Outcome) -> Vec<String> {
    let set = |outcome: &Outcome| -> BTreeMap<String, BTreeSet<String>> {
        outcome
            .peers()
            .into_iter()
            .map(|(id, (peers, _))| (id, peers.into_iter().collect()))
            .collect()
    };
    let (b, a) = (set(before), set(after));
    let everyone: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    everyone
        .into_iter()
        .filter(|id| b.get(*id) != a.get(*id))
        .cloned()
        .collect()
}

/// Who changed peer between two runs, and what changed in the settings to cause it.
///
/// # Errors
/// [`AppError::Internal`] for a stored id that is not a user's.
pub fn compare(before: &Run, after: &Run, cohort: &Cohort) -> Result<Comparison> {
    let (peers_before, peers_after) = (before.outcome.peers(), after.outcome.peers());
    let name = |id: &String| cohort.name(id);
    let names = |p: Option<&(Vec<String>, i64)>| {
        p.map(|(ids, _)| ids.iter().map(name).collect())
            .unwrap_or_default()
    };
    let moved = moved(&before.outcome, &after.outcome)
        .into_iter()
        .map(|id| {
            let (b, a) = (peers_before.get(&id), peers_after.get(&id));
            Ok(PeerChange {
                member: cohort.member(&id)?,
                before: names(b),
                after: names(a),
                score_before: b.map(|(_, s)| *s),
                score_after: a.map(|(_, s)| *s),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Comparison {
        previous_number: before.number,
        moved_count: moved.len(),
        previous_report: before.outcome.report.clone(),
        causes: causes(&before.draft, &after.draft, cohort, &after.note),
        moved,
    })
}

/// The differences between two runs' settings, in words; an adjusted run's note comes first.
fn causes(before: &Draft, after: &Draft, cohort: &Cohort, note: &str) -> Vec<String> {
    let mut causes = Vec::new();
    if note.starts_with("Adjusted") {
        causes.push(note.to_owned());
    }
    if before.mode != after.mode {
        causes.push(format!(
            "Mode: {} → {}.",
            before.mode.label(),
            after.mode.label()
        ));
    }
    for field in &WEIGHT_FIELDS {
        let (b, a) = ((field.get)(&before.weights), (field.get)(&after.weights));
        if b != a {
            causes.push(format!("{}: {b} → {a} points.", field.label));
        }
    }
    let names = |[a, b]: &[UserId; 2]| {
        format!(
            "{} and {}",
            cohort.name(&a.to_string()),
            cohort.name(&b.to_string())
        )
    };
    let diff = |old: &[[UserId; 2]], new: &[[UserId; 2]], added: &str, removed: &str| {
        let mut lines: Vec<String> = new
            .iter()
            .filter(|p| !old.contains(p))
            .map(|p| format!("{added} {}.", names(p)))
            .collect();
        lines.extend(
            old.iter()
                .filter(|p| !new.contains(p))
                .map(|p| format!("{removed} {}.", names(p))),
        );
        lines
    };
    causes.extend(diff(&before.locked, &after.locked, "Locked", "Unlocked"));
    causes.extend(diff(
        &before.forbidden,
        &after.forbidden,
        "Forbade",
        "No longer forbidden:",
    ));
    if causes.is_empty() {
        causes.push("Same settings: only the applications changed.".to_owned());
    }
    causes
}

/// Names of the admins who made runs, by user id.
///
/// # Errors
/// Database failures.
pub async fn author_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, String>> {
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}
