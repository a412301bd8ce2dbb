//! A program's evaluation: charts across its cycles (applications, match quality, goals, usefulness,
//! outcomes, survey response rates), over time (check-ins, pairs at risk per month), and one cycle's score
//! distribution; each chart also downloads as CSV.

use std::collections::{BTreeMap, HashMap, HashSet};

use app::api::guard::authorize;
use app::api::ports::RequestAuth;
use app::application::ApplicationStatus;
use app::chart::{Chart, ChartRow};
use app::error::AppError;
use app::evaluation::{score_buckets, ProgramEvaluation};
use app::outcome::{Outcome, OutcomeCounts};
use app::types::{CycleId, ProgramId, Role};
use app::workspace::{GoalStatus, PairStatus, AT_RISK_DAYS};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use engine::csv_cells;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::DbWorkspaces;
use crate::db::entities::{
    app_user, application, cycle, pair_check_in, pair_goal, peer_pair, peer_pair_member, program,
    survey, survey_invitation,
};
use crate::error::Result;
use crate::programs::dates::zone_or_utc;

/// Everything the charts count, read once.
struct Records {
    program: program::Model,
    cycles: Vec<cycle::Model>,
    /// (cycle, status) of every application.
    applications: Vec<(i64, String)>,
    pairs: Vec<peer_pair::Model>,
    /// (pair, member)
    members: Vec<(i64, i64)>,
    /// (pair, met on, usefulness)
    check_ins: Vec<(i64, NaiveDate, i32)>,
    /// (pair, status)
    goals: Vec<(i64, String)>,
    outcomes: HashMap<i64, Vec<crate::db::entities::pair_outcome::Model>>,
    surveys: Vec<survey::Model>,
    /// (survey, answered)
    invitations: Vec<(i64, bool)>,
}

/// The evaluation of `program_id` at `now`, its last section about `cycle_id` when given.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown program; database failures.
pub async fn evaluation(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
    cycle_id: Option<CycleId>,
    now: DateTime<Utc>,
) -> Result<ProgramEvaluation> {
    let records = read(db, program_id).await?;
    let chosen = chosen_cycle(&records, cycle_id);
    let cycle_charts = match chosen {
        Some(id) => vec![score_distribution(db, &records, id).await?],
        None => Vec::new(),
    };
    Ok(ProgramEvaluation {
        program_id,
        program_name: records.program.name.clone(),
        cycles: records
            .cycles
            .iter()
            .map(|c| (c.id(), c.name.clone()))
            .collect(),
        cycle_id: chosen,
        across_cycles: vec![
            applications(&records),
            match_quality(&records),
            goals(&records),
            usefulness(&records),
            outcomes(&records, now),
            survey_responses(&records),
        ],
        over_time: over_time(&records, now),
        cycle_charts,
        surveys: survey_names(&records),
    })
}

async fn read(db: &impl ConnectionTrait, program_id: ProgramId) -> Result<Records> {
    let program = program::Entity::find_by_id(program_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let cycles = cycle::Entity::find()
        .filter(cycle::Column::ProgramId.eq(program_id.0))
        .order_by_asc(cycle::Column::OpensAt)
        .order_by_asc(cycle::Column::Id)
        .all(db)
        .await?;
    let cycle_ids: Vec<i64> = cycles.iter().map(|c| c.id).collect();
    let applications = application::Entity::find()
        .select_only()
        .column(application::Column::CycleId)
        .column(application::Column::Status)
        .filter(application::Column::CycleId.is_in(cycle_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let pairs = peer_pair::Entity::find()
        .filter(peer_pair::Column::CycleId.is_in(cycle_ids.clone()))
        .order_by_asc(peer_pair::Column::Id)
        .all(db)
        .await?;
    let pair_ids: Vec<i64> = pairs.iter().map(|p| p.id).collect();
    let members = peer_pair_member::Entity::find()
        .select_only()
        .column(peer_pair_member::Column::PairId)
        .column(peer_pair_member::Column::UserId)
        .filter(peer_pair_member::Column::PairId.is_in(pair_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let check_ins = pair_check_in::Entity::find()
        .select_only()
        .column(pair_check_in::Column::PairId)
        .column(pair_check_in::Column::MetOn)
        .column(pair_check_in::Column::Usefulness)
        .filter(pair_check_in::Column::PairId.is_in(pair_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let goals = pair_goal::Entity::find()
        .select_only()
        .column(pair_goal::Column::PairId)
        .column(pair_goal::Column::Status)
        .filter(pair_goal::Column::PairId.is_in(pair_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let outcomes = super::closing::of_pairs(db, &pair_ids).await?;
    let surveys = survey::Entity::find()
        .filter(survey::Column::CycleId.is_in(cycle_ids))
        .filter(survey::Column::SentAt.is_not_null())
        .order_by_asc(survey::Column::SendsOn)
        .order_by_asc(survey::Column::Id)
        .all(db)
        .await?;
    let invitations = survey_invitation::Entity::find()
        .filter(survey_invitation::Column::SurveyId.is_in(surveys.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.survey_id, i.responded_at.is_some()))
        .collect();
    Ok(Records {
        program,
        cycles,
        applications,
        pairs,
        members,
        check_ins,
        goals,
        outcomes,
        surveys,
        invitations,
    })
}

/// The cycle asked for when it is the program's; else the latest with pairs; else the latest.
fn chosen_cycle(records: &Records, asked: Option<CycleId>) -> Option<CycleId> {
    let has_pairs = |id: i64| records.pairs.iter().any(|p| p.cycle_id == id);
    asked
        .filter(|id| records.cycles.iter().any(|c| c.id() == *id))
        .or_else(|| {
            records
                .cycles
                .iter()
                .rev()
                .find(|c| has_pairs(c.id))
                .map(cycle::Model::id)
        })
        .or_else(|| records.cycles.last().map(cycle::Model::id))
}

impl Records {
    /// Pairs formed by a matching run (not re-assignments), of one cycle.
    fn matched_pairs(&self, cycle_id: CycleId) -> impl Iterator<Item = &peer_pair::Model> {
        self.pairs
            .iter()
            .filter(move |p| p.cycle_id == cycle_id.0 && p.run_id.is_some())
    }

    fn pair_ids_of(&self, cycle_id: CycleId) -> HashSet<i64> {
        self.pairs
            .iter()
            .filter(|p| p.cycle_id == cycle_id.0)
            .map(|p| p.id)
            .collect()
    }

    /// A chart with one row per cycle, its values from `row`.
    fn per_cycle(
        &self,
        mut chart: Chart,
        row: impl Fn(&cycle::Model) -> Vec<Option<f64>>,
    ) -> Chart {
        chart.rows = self
            .cycles
            .iter()
            .map(|c| ChartRow::new(c.name.clone(), row(c)))
            .collect();
        chart
    }
}

#[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

fn applications(records: &Records) -> Chart {
    let mut chart = Chart::new(
        "applications",
        "Applications per cycle",
        "Cycle",
        &["Submitted", "Started, not submitted", "Matched"],
    );
    chart.summary =
        "Applications sent, drafts never sent, and members placed in a pair by the matching."
            .to_owned();
    records.per_cycle(chart, |c| {
        let with = |status: ApplicationStatus| {
            records
                .applications
                .iter()
                .filter(|(cycle, s)| *cycle == c.id && s == status.as_str())
                .count()
        };
        let pairs: HashSet<i64> = records.matched_pairs(c.id()).map(|p| p.id).collect();
        let matched: HashSet<i64> = records
            .members
            .iter()
            .filter(|(pair, _)| pairs.contains(pair))
            .map(|(_, user)| *user)
            .collect();
        vec![
            count(with(ApplicationStatus::Submitted)),
            count(with(ApplicationStatus::Draft)),
            count(matched.len()),
        ]
    })
}

fn match_quality(records: &Records) -> Chart {
    let mut chart = Chart::new(
        "match-quality",
        "Match quality per cycle",
        "Cycle",
        &["Mean score", "Weakest pair"],
    );
    chart.summary =
        "The published pairs' scores: the mean, and the weakest pair, the one to look at first."
            .to_owned();
    chart.decimals = vec![1, 0];
    records.per_cycle(chart, |c| {
        #[allow(clippy::cast_precision_loss)] // scores are small
        let scores: Vec<f64> = records
            .matched_pairs(c.id())
            .map(|p| p.score as f64)
            .collect();
        vec![
            super::overview::mean(scores.iter().copied()),
            scores.iter().copied().reduce(f64::min),
        ]
    })
}

fn goals(records: &Records) -> Chart {
    let mut chart = Chart::new(
        "goals",
        "Goals set and completed",
        "Cycle",
        &["Set", "Completed"],
    );
    chart.summary = "Goals the pairs wrote down, and those marked done.".to_owned();
    records.per_cycle(chart, |c| {
        let ids = records.pair_ids_of(c.id());
        let goals: Vec<&(i64, String)> = records
            .goals
            .iter()
            .filter(|(p, _)| ids.contains(p))
            .collect();
        vec![
            count(goals.len()),
            count(
                goals
                    .iter()
                    .filter(|(_, s)| s == GoalStatus::Done.key())
                    .count(),
            ),
        ]
    })
}

fn usefulness(records: &Records) -> Chart {
    let mut chart = Chart::new(
        "usefulness",
        "Usefulness of check-ins",
        "Cycle",
        &["Mean usefulness (1\u{2013}5)", "Check-ins"],
    );
    chart.summary =
        "How useful members rated their check-ins, 1 (not at all) to 5 (very).".to_owned();
    chart.drawn = 1;
    chart.decimals = vec![1];
    chart.full = Some(5.0);
    records.per_cycle(chart, |c| {
        let ids = records.pair_ids_of(c.id());
        let ratings: Vec<f64> = records
            .check_ins
            .iter()
            .filter(|(p, _, _)| ids.contains(p))
            .map(|(_, _, u)| f64::from(*u))
            .collect();
        vec![
            super::overview::mean(ratings.iter().copied()),
            count(ratings.len()),
        ]
    })
}

fn outcomes(records: &Records, now: DateTime<Utc>) -> Chart {
    let mut chart = Chart::new(
        "outcomes",
        "How relationships ended",
        "Cycle",
        &[
            Outcome::Completed.label(),
            Outcome::Continuing.label(),
            Outcome::NewPeer.label(),
            "Not answered yet",
        ],
    );
    chart.summary = "Members' answers once their pair reached its end date.".to_owned();
    records.per_cycle(chart, |c| {
        let mut counts = OutcomeCounts::default();
        if super::access::has_reached_its_end(c, &records.program, now) {
            for pair in records.pairs.iter().filter(|p| {
                p.cycle_id == c.id && PairStatus::from_key(&p.status) == PairStatus::Active
            }) {
                let answers = records
                    .outcomes
                    .get(&pair.id)
                    .map_or(&[][..], Vec::as_slice);
                answers
                    .iter()
                    .filter_map(|a| Outcome::from_key(&a.outcome))
                    .for_each(|o| counts.add(o));
                let members = records
                    .members
                    .iter()
                    .filter(|(p, _)| *p == pair.id)
                    .count();
                counts.unanswered += members.saturating_sub(answers.len());
            }
        }
        vec![
            count(counts.completed),
            count(counts.continuing),
            count(counts.new_peer),
            count(counts.unanswered),
        ]
    })
}

fn survey_label(records: &Records, survey: &survey::Model) -> String {
    let cycle = records
        .cycles
        .iter()
        .find(|c| c.id == survey.cycle_id)
        .map_or("", |c| c.name.as_str());
    format!("{cycle} \u{b7} {}", survey.title)
}

fn survey_names(records: &Records) -> Vec<(i64, String)> {
    records
        .surveys
        .iter()
        .map(|s| (s.id, survey_label(records, s)))
        .collect()
}

fn survey_responses(records: &Records) -> Chart {
    let mut chart = Chart::new(
        "survey-responses",
        "Survey response rates",
        "Survey",
        &["Response rate (%)", "Answered", "Asked"],
    );
    chart.summary = "Each sent survey: the share of the members asked who answered.".to_owned();
    chart.drawn = 1;
    chart.full = Some(100.0);
    chart.rows = records
        .surveys
        .iter()
        .map(|s| {
            let asked = records
                .invitations
                .iter()
                .filter(|(id, _)| *id == s.id)
                .count();
            let answered = records
                .invitations
                .iter()
                .filter(|(id, done)| *id == s.id && *done)
                .count();
            let rate = (asked > 0).then(|| f64::from(app::survey::percent(answered, asked)));
            ChartRow::new(
                survey_label(records, s),
                vec![rate, count(answered), count(asked)],
            )
        })
        .collect();
    chart
}

/// One pair's life for the charts over time.
#[derive(Debug)]
struct PairSpan {
    from: NaiveDate,
    /// The day it stopped counting: ended, re-assigned, or its relationship's end date.
    until: NaiveDate,
    check_ins: Vec<NaiveDate>,
}

/// For each day in `days`: (active pairs, pairs at risk), the overview's rule applied on that day.
fn at_risk_on(pairs: &[PairSpan], days: &[NaiveDate]) -> Vec<(usize, usize)> {
    days.iter()
        .map(|day| {
            let active: Vec<&PairSpan> = pairs
                .iter()
                .filter(|p| p.from <= *day && *day < p.until)
                .collect();
            let at_risk = active
                .iter()
                .filter(|p| {
                    let quiet_since = p
                        .check_ins
                        .iter()
                        .filter(|d| *d <= day)
                        .max()
                        .copied()
                        .unwrap_or(p.from);
                    super::overview::quiet_too_long(quiet_since, *day)
                })
                .count();
            (active.len(), at_risk)
        })
        .collect()
}

/// The months from `first` to `last` (inclusive), each as its last day, the last one cut at `last`.
fn month_ends(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    let mut month = first.with_day(1).unwrap_or(first);
    while month <= last {
        let next = month
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(last);
        ends.push(next.pred_opt().unwrap_or(next).min(last));
        if next <= month {
            break;
        }
        month = next;
    }
    ends
}

fn over_time(records: &Records, now: DateTime<Utc>) -> Vec<Chart> {
    // Every day here is a day in the program's zone: a pair published at 8 PM in New York began that day, not
    // the next (its UTC date).
    let zone = zone_or_utc(&records.program.time_zone);
    let today = now.with_timezone(&zone).date_naive();
    let local_day = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    let cycles: HashMap<i64, &cycle::Model> = records.cycles.iter().map(|c| (c.id, c)).collect();
    let spans: Vec<PairSpan> = records
        .pairs
        .iter()
        .filter_map(|pair| {
            let cycle = cycles.get(&pair.cycle_id)?;
            let ends = super::relationship_ends_on(cycle);
            Some(PairSpan {
                from: local_day(pair.created_at),
                until: pair.ended_at.map_or(ends, |at| local_day(at).min(ends)),
                check_ins: records
                    .check_ins
                    .iter()
                    .filter(|(p, _, _)| *p == pair.id)
                    .map(|(_, on, _)| *on)
                    .collect(),
            })
        })
        .collect();
    let first = spans.iter().map(|s| s.from).min();
    let days = first.map_or_else(Vec::new, |first| month_ends(first, today));
    // Keyed by the month's first day, so they sort; shown as "Nov 2026".
    let month = |day: &NaiveDate| day.with_day(1).unwrap_or(*day);
    let shown = |first: NaiveDate| first.format("%b %Y").to_string();
    let mut per_month: BTreeMap<NaiveDate, usize> = days.iter().map(|d| (month(d), 0)).collect();
    for (_, on, _) in &records.check_ins {
        *per_month.entry(month(on)).or_default() += 1;
    }
    let mut check_ins = Chart::new("check-ins", "Check-ins per month", "Month", &["Check-ins"]);
    check_ins.summary =
        "Check-ins logged by the program's pairs, by the month they met.".to_owned();
    check_ins.rows = per_month
        .into_iter()
        .map(|(m, n)| ChartRow::counts(shown(m), &[n]))
        .collect();
    let mut at_risk = Chart::new(
        "at-risk",
        "Pairs at risk over time",
        "Month",
        &["At risk", "Active pairs"],
    );
    at_risk.summary = format!(
        "At the end of each month: active pairs, and those without a check-in in {AT_RISK_DAYS} days."
    );
    at_risk.rows = days
        .iter()
        .zip(at_risk_on(&spans, &days))
        .map(|(day, (active, risky))| ChartRow::counts(shown(month(day)), &[risky, active]))
        .collect();
    vec![check_ins, at_risk]
}

/// The chosen cycle's pairs by score, in bands of ten, naming its weakest pair.
async fn score_distribution(
    db: &impl ConnectionTrait,
    records: &Records,
    cycle_id: CycleId,
) -> Result<Chart> {
    let name = records
        .cycles
        .iter()
        .find(|c| c.id() == cycle_id)
        .map_or_else(String::new, |c| c.name.clone());
    let pairs: Vec<&peer_pair::Model> = records.matched_pairs(cycle_id).collect();
    let scores: Vec<i64> = pairs.iter().map(|p| p.score).collect();
    let mut chart = Chart::new(
        "scores",
        &format!("Pairs by score \u{b7} {name}"),
        "Score",
        &["Pairs"],
    );
    chart.rows = score_buckets(&scores, 10)
        .into_iter()
        .map(|(label, low, high)| {
            ChartRow::counts(
                label,
                &[scores.iter().filter(|s| (low..=high).contains(*s)).count()],
            )
        })
        .collect();
    chart.summary = match pairs.iter().min_by_key(|p| (p.score, p.id)) {
        Some(weakest) => {
            let members: Vec<i64> = records
                .members
                .iter()
                .filter(|(p, _)| *p == weakest.id)
                .map(|(_, u)| *u)
                .collect();
            let names: Vec<String> = app_user::Entity::find()
                .filter(app_user::Column::Id.is_in(members))
                .order_by_asc(app_user::Column::Id)
                .all(db)
                .await?
                .into_iter()
                .map(|u| u.name)
                .collect();
            format!(
                "{} published pairs. Weakest pair: {} ({}).",
                pairs.len(),
                weakest.score,
                names.join(" & ")
            )
        }
        None => "No pairs published in this cycle yet.".to_owned(),
    };
    Ok(chart)
}

/// The query of the CSV download: which chart, and for the cycle section which cycle.
#[derive(serde::Deserialize)]
pub struct ChartQuery {
    chart: String,
    cycle: Option<i64>,
}

/// `GET /admin/programs/{id}/evaluation.csv?chart=…[&cycle=…]` (admins only): one chart's data.
pub async fn chart_csv_route(
    State(workspaces): State<DbWorkspaces>,
    Extension(auth): Extension<RequestAuth>,
    Path(program_id): Path<ProgramId>,
    Query(query): Query<ChartQuery>,
) -> Response {
    if let Err(error) = authorize(auth.user, Role::Admin) {
        return crate::http::error_response(error);
    }
    let body = async {
        let evaluation = evaluation(
            &workspaces.db,
            program_id,
            query.cycle.map(CycleId),
            Utc::now(),
        )
        .await
        .map_err(AppError::from)?;
        let chart = evaluation.chart(&query.chart).ok_or(AppError::NotFound)?;
        chart_csv(chart).map_err(|error| {
            tracing::error!(%error, "writing a chart's CSV");
            AppError::Internal
        })
    }
    .await;
    crate::http::csv_download(
        &format!(
            "program-{program_id}-{}.csv",
            query
                .chart
                .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "")
        ),
        body,
    )
}

fn chart_csv(chart: &Chart) -> std::result::Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in chart.records() {
        writer.write_record(csv_cells::record(&record))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn months_end_on_their_last_day_and_the_current_one_today() {
        assert_eq!(
            month_ends(day("2026-11-20"), day("2027-02-10")),
            [
                day("2026-11-30"),
                day("2026-12-31"),
                day("2027-01-31"),
                day("2027-02-10")
            ]
        );
        assert!(month_ends(day("2027-03-01"), day("2027-02-01")).is_empty());
    }

    #[test]
    fn a_pair_is_at_risk_after_forty_five_quiet_days_while_it_is_active() {
        let pair = PairSpan {
            from: day("2026-10-01"),
            until: day("2027-04-01"),
            check_ins: vec![day("2026-10-20")],
        };
        let quiet = PairSpan {
            from: day("2026-10-01"),
            until: day("2026-12-15"),
            check_ins: Vec::new(),
        };
        let days = [
            day("2026-10-31"),
            day("2026-11-30"),
            day("2026-12-31"),
            day("2027-04-30"),
        ];
        assert_eq!(
            at_risk_on(&[pair, quiet], &days),
            // Oct: both active, none quiet long enough. Nov: the pair without check-ins has been quiet 60
            // days. Dec: it has ended; the other's last check-in is 72 days old. Apr: both over.
            [(2, 0), (2, 1), (1, 1), (0, 0)]
        );
    }
}
