//! The admin's overview of a cycle's published pairs: check-ins per month, pairs at risk, goals, usefulness,
//! ended pairs; and the same as CSV (pairs, and the overview).

use std::collections::{BTreeSet, HashMap};

use app::api::guard::authorize;
use app::api::ports::RequestAuth;
use app::error::AppError;
use app::matching::Member;
use app::outcome::{MemberOutcome, Outcome, OutcomeCounts};
use app::types::{CycleId, PairId, Role, UserId};
use app::workspace::{CycleOverview, GoalStatus, PairRow, PairStatus, AT_RISK_DAYS};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use chrono::{DateTime, NaiveDate, Utc};
use engine::csv_cells;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::DbWorkspaces;
use crate::db::entities::{
    app_user, cycle_publication, pair_check_in, pair_goal, pair_outcome, peer_pair,
    peer_pair_member,
};
use crate::error::Result;
use crate::http::{csv_download, error_response};
use crate::programs::dates::format_date;

/// Whether a pair quiet since `quiet_since` (its last check-in, or the day it was paired) is at risk on `day`:
/// the one statement of the rule the overview, the messages and the evaluation's chart share.
pub(super) fn quiet_too_long(quiet_since: NaiveDate, day: NaiveDate) -> bool {
    (day - quiet_since).num_days() > AT_RISK_DAYS
}

/// The overview of `cycle_id` at `now`.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown cycle; database failures.
pub async fn overview(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
    now: DateTime<Utc>,
) -> Result<CycleOverview> {
    let (cycle, program) = crate::programs::cycle_with_program(db, cycle_id).await?;
    let published = cycle_publication::Entity::find_by_id(cycle_id)
        .one(db)
        .await?
        .is_some();
    let pairs = peer_pair::Entity::find()
        .filter(peer_pair::Column::CycleId.eq(cycle_id.0))
        .order_by_asc(peer_pair::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = pairs.iter().map(|p| p.id).collect();
    let members = peer_pair_member::Entity::find()
        .filter(peer_pair_member::Column::PairId.is_in(ids.clone()))
        .order_by_asc(peer_pair_member::Column::Id)
        .all(db)
        .await?;
    let users: HashMap<i64, app_user::Model> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let check_ins = pair_check_in::Entity::find()
        .filter(pair_check_in::Column::PairId.is_in(ids.clone()))
        .all(db)
        .await?;
    let goals = pair_goal::Entity::find()
        .filter(pair_goal::Column::PairId.is_in(ids.clone()))
        .all(db)
        .await?;
    let outcomes = super::closing::of_pairs(db, &ids).await?;
    let past_end = super::access::has_reached_its_end(&cycle, &program, now);
    let months: BTreeSet<String> = check_ins
        .iter()
        .map(|c| c.met_on.format("%Y-%m").to_string())
        .collect();
    let rows: Vec<PairRow> = pairs
        .iter()
        .map(|pair| {
            let members: Vec<Member> = members
                .iter()
                .filter(|m| m.pair_id == pair.id)
                .map(|m| {
                    users.get(&m.user_id).map_or_else(
                        || Member {
                            id: UserId(m.user_id),
                            name: format!("Member {}", m.user_id),
                            institution: String::new(),
                        },
                        |u| Member {
                            id: UserId(u.id),
                            name: u.name.clone(),
                            institution: u.institution_name.clone(),
                        },
                    )
                })
                .collect();
            let mine: Vec<&pair_check_in::Model> =
                check_ins.iter().filter(|c| c.pair_id == pair.id).collect();
            let last = mine.iter().map(|c| c.met_on).max();
            let quiet_since = last.unwrap_or_else(|| pair.created_at.date_naive());
            let status = super::access::status_of(&pair.status, past_end);
            let my_goals: Vec<&pair_goal::Model> =
                goals.iter().filter(|g| g.pair_id == pair.id).collect();
            PairRow {
                pair_id: PairId(pair.id),
                status,
                ended: pair.end_reason.clone().map(|reason| {
                    let on = pair
                        .ended_at
                        .map_or_else(String::new, |at| format_date(at.date_naive()));
                    format!("{on}: {reason}")
                }),
                check_ins: mine.len(),
                per_month: months
                    .iter()
                    .map(|m| {
                        let n = mine
                            .iter()
                            .filter(|c| c.met_on.format("%Y-%m").to_string() == *m)
                            .count();
                        (m.clone(), n)
                    })
                    .collect(),
                last_check_in: last.map(format_date),
                at_risk: status == PairStatus::Active
                    && quiet_too_long(quiet_since, now.date_naive()),
                goals: my_goals.len(),
                goals_done: my_goals
                    .iter()
                    .filter(|g| g.status == GoalStatus::Done.key())
                    .count(),
                usefulness: mean(mine.iter().map(|c| f64::from(c.usefulness))),
                outcomes: member_outcomes(&members, outcomes.get(&pair.id)),
                members,
            }
        })
        .collect();
    let mut counts = OutcomeCounts::default();
    for row in rows.iter().filter(|r| r.status == PairStatus::Finished) {
        row.outcomes.iter().for_each(|o| counts.add(o.outcome));
        counts.unanswered += row.members.len().saturating_sub(row.outcomes.len());
    }
    Ok(CycleOverview {
        cycle_id,
        cycle_name: cycle.name,
        program_name: program.name,
        published,
        months: months.into_iter().collect(),
        active: rows
            .iter()
            .filter(|r| r.status == PairStatus::Active)
            .count(),
        ended: rows
            .iter()
            .filter(|r| r.status == PairStatus::Ended)
            .count(),
        finished: rows
            .iter()
            .filter(|r| r.status == PairStatus::Finished)
            .count(),
        outcomes: counts,
        at_risk: rows.iter().filter(|r| r.at_risk).count(),
        goals: rows.iter().map(|r| r.goals).sum(),
        goals_done: rows.iter().map(|r| r.goals_done).sum(),
        usefulness: mean(check_ins.iter().map(|c| f64::from(c.usefulness))),
        pairs: rows,
    })
}

/// The members' answers, in the pair's member order.
fn member_outcomes(
    members: &[Member],
    answers: Option<&Vec<pair_outcome::Model>>,
) -> Vec<MemberOutcome> {
    let answers = answers.map_or(&[][..], Vec::as_slice);
    members
        .iter()
        .filter_map(|member| {
            let answer = answers.iter().find(|a| a.user_id == member.id.0)?;
            Some(MemberOutcome {
                member_id: member.id.0,
                name: member.name.clone(),
                outcome: Outcome::from_key(&answer.outcome)?,
                reflection: answer.reflection.clone(),
            })
        })
        .collect()
}

/// The mean to two decimals, or none without values.
pub(super) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / f64::from(n) * 100.0).round() / 100.0)
}

fn names(row: &PairRow) -> String {
    row.members
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The overview as CSV: one row per pair, a column per month of check-ins.
///
/// # Errors
/// The writer failed (it writes to memory, so only on a bug).
pub fn overview_csv(overview: &CycleOverview) -> std::result::Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "pair",
        "members",
        "institutions",
        "status",
        "check_ins",
        "last_check_in",
        "at_risk",
        "goals",
        "goals_done",
        "average_usefulness",
        "ended",
        "outcomes",
        "reflections",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(overview.months.iter().map(|m| format!("check_ins_{m}")));
    writer.write_record(&header)?;
    for row in &overview.pairs {
        let mut record = vec![
            row.pair_id.to_string(),
            names(row),
            row.members
                .iter()
                .map(|m| m.institution.clone())
                .collect::<Vec<_>>()
                .join(" & "),
            row.status.key().to_owned(),
            row.check_ins.to_string(),
            row.last_check_in.clone().unwrap_or_default(),
            row.at_risk.to_string(),
            row.goals.to_string(),
            row.goals_done.to_string(),
            row.usefulness
                .map(|u| format!("{u:.2}"))
                .unwrap_or_default(),
            row.ended.clone().unwrap_or_default(),
            row.outcomes
                .iter()
                .map(|o| format!("{}: {}", o.name, o.outcome.key()))
                .collect::<Vec<_>>()
                .join("; "),
            row.outcomes
                .iter()
                .filter(|o| !o.reflection.is_empty())
                .map(|o| format!("{}: {}", o.name, o.reflection))
                .collect::<Vec<_>>()
                .join("\n"),
        ];
        record.extend(row.per_month.iter().map(|(_, n)| n.to_string()));
        writer.write_record(csv_cells::record(&record))?;
    }
    into_bytes(writer)
}

/// The published pairs as CSV: who is with whom, with email addresses for the coordinator's own mailings.
///
/// # Errors
/// Database failures, or the writer failed.
pub async fn pairs_csv(db: &impl ConnectionTrait, overview: &CycleOverview) -> Result<Vec<u8>> {
    let ids: Vec<i64> = overview
        .pairs
        .iter()
        .flat_map(|r| r.members.iter().map(|m| m.id.0))
        .collect();
    let emails: HashMap<i64, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let write = || -> std::result::Result<Vec<u8>, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["pair", "status", "member", "email", "institution", "peers"])?;
        for row in &overview.pairs {
            for member in &row.members {
                let peers: Vec<String> = row
                    .members
                    .iter()
                    .filter(|m| m.id != member.id)
                    .map(|m| m.name.clone())
                    .collect();
                writer.write_record(csv_cells::record([
                    row.pair_id.to_string(),
                    row.status.key().to_owned(),
                    member.name.clone(),
                    emails.get(&member.id.0).cloned().unwrap_or_default(),
                    member.institution.clone(),
                    peers.join(" & "),
                ]))?;
            }
        }
        into_bytes(writer)
    };
    write().map_err(|error| {
        tracing::error!(%error, "writing the pairs CSV");
        AppError::Internal.into()
    })
}

fn into_bytes(writer: csv::Writer<Vec<u8>>) -> std::result::Result<Vec<u8>, csv::Error> {
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// `GET /admin/cycles/{id}/pairs.csv` and `…/overview.csv` (admins only).
pub async fn pairs_csv_route(
    State(workspaces): State<DbWorkspaces>,
    Extension(auth): Extension<RequestAuth>,
    Path(cycle_id): Path<CycleId>,
) -> Response {
    csv_route(workspaces, auth, cycle_id, "pairs").await
}

pub async fn overview_csv_route(
    State(workspaces): State<DbWorkspaces>,
    Extension(auth): Extension<RequestAuth>,
    Path(cycle_id): Path<CycleId>,
) -> Response {
    csv_route(workspaces, auth, cycle_id, "overview").await
}

async fn csv_route(
    workspaces: DbWorkspaces,
    auth: RequestAuth,
    cycle_id: CycleId,
    kind: &str,
) -> Response {
    if let Err(error) = authorize(auth.user, Role::Admin) {
        return error_response(error);
    }
    let body = async {
        let overview = overview(&workspaces.db, cycle_id, Utc::now()).await?;
        if kind == "pairs" {
            pairs_csv(&workspaces.db, &overview).await
        } else {
            overview_csv(&overview).map_err(|error| {
                tracing::error!(%error, "writing the overview CSV");
                AppError::Internal.into()
            })
        }
    }
    .await;
    csv_download(
        &format!("cycle-{cycle_id}-{kind}.csv"),
        body.map_err(Into::into),
    )
}
