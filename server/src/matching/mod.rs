//! The `Matching` port over the database: matching runs of a cycle (solve, adjust, compare), the introduction
//! template, and publishing a run as the cycle's pairs.

mod adjust;
mod browse;
mod cohort;
mod draft;
mod intro;
pub mod progress;
mod publish;
pub mod reassign;
mod runs;

use std::collections::BTreeSet;

use app::api::ports;
use app::error::AppError;
use app::matching::{
    Adjustment, AdjustmentPreview, IntroPreview, IntroTemplate, MatchingPage, Member, Mode,
    PairRule, Preview, Published, RunProgress, Weights,
};
use app::types::{CurrentUser, CycleId, ProgramId, UserId};
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use crate::audit;
use crate::db::entities::{cycle, cycle_publication, peer_pair, program};
use crate::error::Result;
use crate::programs::dates::{format_at, zone_or_utc};
use crate::programs::DbPrograms;
use adjust::Adjusted;
use cohort::Cohort;
use draft::Draft;
use engine::groups::evaluate;
use engine::score::Person;
use engine::{match_people, match_people_reporting, MatchError, Matching, Settings};
use runs::{Outcome, Run};

/// How many of the applicants still to confirm their address the matching page names.
const UNCONFIRMED_NAMED: usize = 20;

/// Matching and pairs stored in the database.
#[derive(Clone)]
pub struct DbMatching {
    db: DatabaseConnection,
    programs: DbPrograms,
    /// Where links in emails point.
    public_url: String,
    /// Matching runs under way, for the page's progress display.
    runs: progress::Runs,
}

impl DbMatching {
    pub fn new(db: DatabaseConnection, programs: DbPrograms, public_url: &str) -> Self {
        DbMatching {
            runs: progress::Runs::new(db.clone()),
            db,
            programs,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The cycle, its program, and everyone who applied.
    async fn cycle(&self, cycle_id: CycleId) -> Result<(cycle::Model, program::Model, Cohort)> {
        let (cycle, program) = self.programs.cycle_with_program(cycle_id).await?;
        let cohort = cohort::load(&self.programs, &cycle).await?;
        Ok((cycle, program, cohort))
    }

    /// Engine settings from the draft, with this cohort's pairs from earlier cycles.
    async fn settings(
        &self,
        cycle: &cycle::Model,
        cohort: &Cohort,
        draft: &Draft,
    ) -> Result<Settings> {
        let previous = cohort::earlier_pairs(&self.db, cycle, cohort).await?;
        Ok(draft.settings(|id| cohort.contains(id), previous))
    }

    /// The cycle's publication, if its pairs are published.
    async fn publication(&self, cycle_id: CycleId) -> Result<Option<cycle_publication::Model>> {
        Ok(cycle_publication::Entity::find_by_id(cycle_id)
            .one(&self.db)
            .await?)
    }

    /// Refuses changes to the matching once the window is open or the pairs are published.
    async fn ensure_adjustable(&self, cycle: &cycle::Model) -> Result<()> {
        if Utc::now() < cycle.closes_at {
            return Err(AppError::Conflict(
                "Applications are still open: match once the window has closed.".to_owned(),
            )
            .into());
        }
        if self.publication(cycle.id()).await?.is_some() {
            return Err(AppError::Conflict(
                "The pairs are published: change them by re-assigning members.".to_owned(),
            )
            .into());
        }
        Ok(())
    }

    async fn published(
        &self,
        row: &cycle_publication::Model,
        all: &[Run],
        zone: chrono_tz::Tz,
    ) -> Result<Published> {
        let pairs = peer_pair::Entity::find()
            .filter(peer_pair::Column::RunId.eq(row.run_id))
            .count(&self.db)
            .await?;
        let by = runs::author_names(&self.db, [row.published_by]).await?;
        let run = all.iter().find(|r| r.id == row.run_id);
        Ok(Published {
            run_number: run.map_or(0, |r| r.number),
            at: format_at(row.published_at, zone),
            by: by.get(&row.published_by).cloned().unwrap_or_default(),
            pairs: usize::try_from(pairs).unwrap_or(usize::MAX),
            emails: run.map_or(0, |r| r.outcome.groups.len()),
            unmatched_told: run.map_or(0, |r| r.outcome.unmatched.len()),
        })
    }

    /// The adjusted run's groups, scored; the pair left behind is dropped if it breaks a rule.
    async fn adjusted(
        &self,
        cycle: &cycle::Model,
        cohort: &Cohort,
        run: &Run,
        draft: &Draft,
        adjustment: Adjustment,
    ) -> Result<(Adjusted, Outcome)> {
        let mut settings = self.settings(cycle, cohort, draft).await?;
        // A forbid takes effect at the next run: pairs this run already has are not refused here.
        let before: BTreeSet<(String, String)> = links(&run.outcome.member_groups());
        settings
            .constraints
            .forbidden
            .retain(|(a, b)| !before.contains(&ordered(a, b)));
        let adjusted = adjust::apply(&run.outcome.member_groups(), adjustment)?;
        // Scoring every group and the report's blocking pairs is O(n²).
        let people = cohort.people.clone();
        let evaluation =
            off_runtime(move || adjust::scored(&people, &settings, adjusted, |a| a.groups.clone()))
                .await?;
        let (adjusted, evaluation) = evaluation.map_err(|e| engine_error(&e, cohort))?;
        let outcome = Outcome::adjusted(run.outcome.mode, evaluation, &run.outcome);
        Ok((adjusted, outcome))
    }

    fn setting<'a>(
        &self,
        program: &'a program::Model,
        cycle: &'a cycle::Model,
    ) -> intro::Setting<'a> {
        intro::Setting {
            program,
            cycle,
            workspace: format!("{}/pairs", self.public_url),
        }
    }
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// Every two people together in `groups`.
fn links(groups: &[Vec<String>]) -> BTreeSet<(String, String)> {
    let mut links = BTreeSet::new();
    for group in groups {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                links.insert(ordered(a, b));
            }
        }
    }
    links
}

/// An adjustment in words, with first names.
fn summary(adjustment: Adjustment, adjusted: &Adjusted, cohort: &Cohort) -> String {
    let name = |id: UserId| cohort.name(&id.to_string());
    match adjustment {
        Adjustment::PairWith { person, peer } => {
            let mut text = format!("{} paired with {}.", name(person), name(peer));
            if let Some([a, b]) = &adjusted.repaired {
                text.push_str(&format!(
                    " {} and {}, left by them, are paired together.",
                    cohort.name(a),
                    cohort.name(b)
                ));
            }
            text
        }
        Adjustment::JoinGroup { person, member } => {
            format!("{} joins {}'s pair as a trio.", name(person), name(member))
        }
    }
}

/// Runs CPU-bound engine work (a solve, scoring every group) on a blocking worker. At 2,000 applicants it keeps a
/// core busy for a good part of a second; on one of the runtime's few async workers it would stall every request
/// that worker serves meanwhile.
async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    Ok(tokio::task::spawn_blocking(work).await?)
}

/// The engine's run on the cohort, off the async runtime.
async fn solve_off_runtime(
    people: &[Person],
    settings: Settings,
) -> Result<std::result::Result<Matching, MatchError>> {
    let people = people.to_vec();
    off_runtime(move || match_people(&people, &settings)).await
}

/// An engine refusal as a sentence with names instead of ids.
fn engine_error(error: &MatchError, cohort: &Cohort) -> AppError {
    let name = |id: &str| cohort.name(id);
    AppError::Conflict(match error {
        MatchError::LockBreaksRule(a, b, rule) => format!(
            "{} and {} cannot be locked together: {rule}.",
            name(a),
            name(b)
        ),
        MatchError::GroupBreaksRule(a, b, rule) => {
            format!("{} and {} cannot be together: {rule}.", name(a), name(b))
        }
        MatchError::LockedTwice(a) => format!("{} is locked with two people.", name(a)),
        other => other.to_string(),
    })
}

#[async_trait::async_trait]
impl ports::Matching for DbMatching {
    #[tracing::instrument(skip_all)]
    async fn matching_page(&self, cycle_id: CycleId, number: Option<i32>) -> Result<MatchingPage> {
        let (cycle, program, cohort) = self.cycle(cycle_id).await?;
        let zone = zone_or_utc(&program.time_zone);
        let draft = draft::load(&self.db, cycle_id).await?;
        let all = runs::list(&self.db, cycle_id).await?;
        let shown = match number {
            Some(n) => Some(
                all.iter()
                    .find(|r| r.number == n)
                    .ok_or(AppError::NotFound)?,
            ),
            None => all.last(),
        };
        let authors = runs::author_names(&self.db, all.iter().map(|r| r.created_by)).await?;
        let run = match shown {
            Some(run) => Some(runs::view(
                run,
                all.iter().rev().find(|r| r.number < run.number),
                &cohort,
                format_at(run.created_at, zone),
                authors.get(&run.created_by).cloned().unwrap_or_default(),
            )?),
            None => None,
        };
        let published = match self.publication(cycle_id).await? {
            Some(row) => Some(self.published(&row, &all, zone).await?),
            None => None,
        };
        let pairs = |list: &[[UserId; 2]]| -> Result<Vec<[Member; 2]>> {
            list.iter()
                .map(|[a, b]| {
                    Ok([
                        cohort.member(&a.to_string())?,
                        cohort.member(&b.to_string())?,
                    ])
                })
                .collect()
        };
        Ok(MatchingPage {
            cycle_id,
            cycle_name: cycle.name.clone(),
            program_id: program.id(),
            program_name: program.name.clone(),
            window_open: Utc::now() < cycle.closes_at,
            applicants: cohort.people.len(),
            unconfirmed: cohort
                .unconfirmed
                .iter()
                .take(UNCONFIRMED_NAMED)
                .cloned()
                .collect(),
            unconfirmed_count: cohort.unconfirmed.len(),
            weights: draft.weights.clone(),
            mode: draft.mode,
            locked: pairs(&draft.locked)?,
            forbidden: pairs(&draft.forbidden)?,
            runs: all
                .iter()
                .rev()
                .map(|r| runs::summary(r, format_at(r.created_at, zone)))
                .collect(),
            run,
            published,
            template: intro::template(&self.db, program.id()).await?,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn preview_matching(
        &self,
        cycle_id: CycleId,
        mode: Mode,
        weights: Weights,
        against: Option<i32>,
    ) -> Result<Preview> {
        let (cycle, _, cohort) = self.cycle(cycle_id).await?;
        let mut draft = draft::load(&self.db, cycle_id).await?;
        draft.mode = mode;
        draft.weights = weights;
        let settings = self.settings(&cycle, &cohort, &draft).await?;
        let outcome = Outcome::solved(
            solve_off_runtime(&cohort.people, settings)
                .await?
                .map_err(|e| engine_error(&e, &cohort))?,
        );
        let against = match against {
            Some(n) => Some(runs::find(&self.db, cycle_id, n).await?),
            None => None,
        };
        Ok(Preview {
            people_moved: against
                .as_ref()
                .map_or(0, |run| runs::moved(&run.outcome, &outcome).len()),
            against: against.map(|run| run.outcome.report),
            report: outcome.report,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn run_progress(&self, cycle_id: CycleId) -> Result<Option<RunProgress>> {
        self.runs.get(cycle_id, Utc::now()).await
    }

    #[tracing::instrument(skip_all)]
    async fn run_matching(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        mode: Mode,
        weights: Weights,
    ) -> Result<i32> {
        let tracker = self.runs.start(cycle_id).await?;
        let (cycle, _, cohort) = self.cycle(cycle_id).await?;
        self.ensure_adjustable(&cycle).await?;
        if cohort.people.len() < 2 {
            return Err(AppError::Conflict(
                "Matching needs at least two submitted applications.".to_owned(),
            )
            .into());
        }
        let mut draft = draft::load(&self.db, cycle_id).await?;
        draft.mode = mode;
        draft.weights = weights;
        let settings = self.settings(&cycle, &cohort, &draft).await?;
        let people = cohort.people.clone();
        let stages = tracker.stages();
        let matching = off_runtime(move || match_people_reporting(&people, &settings, &stages))
            .await?
            .map_err(|e| engine_error(&e, &cohort))?;
        tracker.step(progress::Step::Saving);
        let outcome = Outcome::solved(matching);
        let note = format!("Solved: {}.", mode.label().to_lowercase());
        draft::save(&self.db, cycle_id, &draft).await?;
        let number = runs::save(&self.db, cycle_id, actor.id.0, &note, &draft, &outcome).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "matching.run",
            &format!("cycle:{cycle_id}"),
            serde_json::json!({ "run": number, "mode": mode.key(), "total": outcome.report.total }),
        )
        .await?;
        Ok(number)
    }

    #[tracing::instrument(skip_all)]
    async fn set_pair_rule(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        pair: [UserId; 2],
        rule: PairRule,
    ) -> Result<()> {
        let (cycle, _, cohort) = self.cycle(cycle_id).await?;
        self.ensure_adjustable(&cycle).await?;
        let ids = pair.map(|id| id.to_string());
        if pair[0] == pair[1] || !ids.iter().all(|id| cohort.contains(id)) {
            return Err(AppError::Conflict(
                "Choose two different people who applied to this cycle.".to_owned(),
            )
            .into());
        }
        let mut draft = draft::load(&self.db, cycle_id).await?;
        match rule {
            PairRule::Lock => {
                draft.lock(pair);
                // A lock the next run could not honour is refused now, with the rule it breaks.
                let settings = self.settings(&cycle, &cohort, &draft).await?;
                evaluate(&cohort.people, &settings, &[ids.to_vec()])
                    .map_err(|e| engine_error(&e, &cohort))?;
            }
            PairRule::Forbid => draft.forbid(pair),
            PairRule::Clear => draft.clear(pair),
        }
        draft::save(&self.db, cycle_id, &draft).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "matching.pair_rule",
            &format!("cycle:{cycle_id}"),
            serde_json::json!({ "pair": pair, "rule": format!("{rule:?}") }),
        )
        .await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn preview_adjustment(
        &self,
        cycle_id: CycleId,
        number: i32,
        adjustment: Adjustment,
    ) -> Result<AdjustmentPreview> {
        let (cycle, _, cohort) = self.cycle(cycle_id).await?;
        let run = runs::find(&self.db, cycle_id, number).await?;
        let draft = draft::load(&self.db, cycle_id).await?;
        let (adjusted, outcome) = self
            .adjusted(&cycle, &cohort, &run, &draft, adjustment)
            .await?;
        let touched = |groups: &[engine::groups::ScoredGroup]| {
            groups
                .iter()
                .filter(|g| g.members.iter().any(|m| adjusted.touched.contains(m)))
                .map(|g| runs::group_view(g, &cohort))
                .collect::<Result<_>>()
        };
        let placed: BTreeSet<&String> = adjusted.groups.iter().flatten().collect();
        Ok(AdjustmentPreview {
            summary: summary(adjustment, &adjusted, &cohort),
            total_before: run.outcome.report.total,
            total_after: outcome.report.total,
            groups_before: touched(&run.outcome.groups)?,
            groups_after: touched(&outcome.groups)?,
            left_alone: adjusted
                .touched
                .iter()
                .filter(|id| !placed.contains(id))
                .map(|id| cohort.member(id))
                .collect::<Result<_>>()?,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn apply_adjustment(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        number: i32,
        adjustment: Adjustment,
    ) -> Result<i32> {
        let (cycle, _, cohort) = self.cycle(cycle_id).await?;
        self.ensure_adjustable(&cycle).await?;
        let run = runs::find(&self.db, cycle_id, number).await?;
        let mut draft = draft::load(&self.db, cycle_id).await?;
        let (adjusted, outcome) = self
            .adjusted(&cycle, &cohort, &run, &draft, adjustment)
            .await?;
        if let Adjustment::PairWith { person, peer } = adjustment {
            // The pair made by hand stays together when the admin runs the engine again.
            draft.lock([person, peer]);
        }
        let note = format!(
            "Adjusted run {number}: {}",
            summary(adjustment, &adjusted, &cohort)
        );
        draft::save(&self.db, cycle_id, &draft).await?;
        let new = runs::save(&self.db, cycle_id, actor.id.0, &note, &draft, &outcome).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "matching.adjusted",
            &format!("cycle:{cycle_id}"),
            serde_json::json!({ "from": number, "run": new, "adjustment": adjustment }),
        )
        .await?;
        Ok(new)
    }

    #[tracing::instrument(skip_all)]
    async fn save_intro_template(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        template: IntroTemplate,
    ) -> Result<()> {
        self.programs.program(program_id).await?;
        intro::save(&self.db, program_id, &template).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "program.introduction_saved",
            &format!("program:{program_id}"),
            serde_json::json!({ "subject": template.subject }),
        )
        .await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn preview_intro(
        &self,
        cycle_id: CycleId,
        number: i32,
        member: UserId,
        template: IntroTemplate,
    ) -> Result<IntroPreview> {
        let (cycle, program, cohort) = self.cycle(cycle_id).await?;
        let run = runs::find(&self.db, cycle_id, number).await?;
        let member = member.to_string();
        let members = &run
            .outcome
            .groups
            .iter()
            .find(|g| g.members.contains(&member))
            .ok_or_else(|| AppError::Conflict("That person has no peer in this run.".to_owned()))?
            .members;
        let people: Vec<_> = members
            .iter()
            .filter_map(|id| cohort.applicant(id))
            .collect();
        Ok(intro::render(
            &template,
            &self.setting(&program, &cycle),
            &people,
        ))
    }

    #[tracing::instrument(skip_all)]
    async fn publish(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        number: i32,
    ) -> Result<Published> {
        let (cycle, program, cohort) = self.cycle(cycle_id).await?;
        let zone = zone_or_utc(&program.time_zone);
        let run = runs::find(&self.db, cycle_id, number).await?;
        if let Some(row) = self.publication(cycle_id).await? {
            // Publishing the published run again changes nothing; another run is refused.
            if row.run_id == run.id {
                return self.published(&row, std::slice::from_ref(&run), zone).await;
            }
            return Err(
                AppError::Conflict("This cycle's pairs are already published.".to_owned()).into(),
            );
        }
        if Utc::now() < cycle.closes_at {
            return Err(AppError::Conflict(
                "Applications are still open: publish once the window has closed.".to_owned(),
            )
            .into());
        }
        let gone: Vec<String> = run
            .outcome
            .groups
            .iter()
            .flat_map(|g| &g.members)
            .filter(|id| !cohort.contains(id))
            .map(|id| cohort.name(id))
            .collect();
        if !gone.is_empty() {
            return Err(AppError::Conflict(format!(
                "No longer applying since run {}: {}. Adjust the run or run again.",
                run.number,
                gone.join(", ")
            ))
            .into());
        }
        let template = intro::template(&self.db, program.id()).await?;
        let counts = publish::publish(
            &self.db,
            actor,
            &run,
            &cohort,
            &template,
            &self.setting(&program, &cycle),
        )
        .await?;
        Ok(Published {
            run_number: run.number,
            at: format_at(Utc::now(), zone),
            by: actor.name.clone(),
            pairs: counts.pairs,
            emails: counts.emails,
            unmatched_told: counts.unmatched_told,
        })
    }
}
