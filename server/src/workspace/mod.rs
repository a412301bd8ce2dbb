//! The `Workspaces` port over the database: each member's view of their published pairs (goals, check-ins,
//! checklist, ending early), live updates between the members, reminders to quiet pairs, and the admin's
//! overview.

mod access;
mod check_ins;
pub mod closing;
pub mod evaluation;
mod goals;
pub mod live;
pub mod messages;
pub mod overview;
mod profile;
mod reassign;
pub mod reminders;

use std::collections::HashMap;
use std::sync::Arc;

use app::api::ports::Workspaces;
use app::error::AppError;
use app::evaluation::ProgramEvaluation;
use app::message::{MessageForm, MessagePreview};
use app::outcome::OutcomeForm;
use app::types::{CurrentUser, CycleId, PairId, ProgramId, UserId};
use app::workspace::{
    CheckInForm, CycleOverview, GoalForm, GoalUpdate, PairStatus, PairSummary, Workspace,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use crate::audit;
use crate::cluster::{Change, Cluster};
use crate::db::entities::{
    app_user, cycle, pair_check_in, pair_checklist, pair_goal, peer_pair, peer_pair_member,
};
use crate::error::Result;
use crate::mail::outbox::{self, Email};
use crate::matching::DbMatching;
use crate::programs::dates::{format_date, zone_or_utc};
use access::Pair;
use live::PairHub;

/// Pair workspaces stored in the database.
#[derive(Clone)]
pub struct DbWorkspaces {
    db: DatabaseConnection,
    matching: DbMatching,
    hub: Arc<PairHub>,
    cluster: Cluster,
    public_url: String,
}

impl DbWorkspaces {
    pub fn new(
        db: DatabaseConnection,
        matching: DbMatching,
        cluster: Cluster,
        public_url: &str,
    ) -> Self {
        DbWorkspaces {
            db,
            matching,
            hub: Arc::new(PairHub::default()),
            cluster,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// Tells every open workspace of the pair, here and on the other instances, to re-read it.
    async fn changed(&self, pair_id: PairId) {
        self.hub.changed(pair_id);
        self.cluster.announce(Change::Pair(pair_id)).await;
    }

    /// Another instance changed the pair: tell the workspaces open here.
    pub fn changed_elsewhere(&self, pair_id: PairId) {
        self.hub.changed(pair_id);
    }

    /// Announcements from other instances may have been missed: every workspace open here re-reads.
    pub fn refresh_all(&self) {
        for pair in self.hub.watched() {
            self.hub.changed(pair);
        }
    }

    /// First names of the given users, by id.
    async fn first_names(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        Ok(app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| {
                (
                    u.id,
                    u.name
                        .split_whitespace()
                        .next()
                        .unwrap_or(&u.name)
                        .to_owned(),
                )
            })
            .collect())
    }

    async fn full_names(&self, ids: &[i64]) -> Result<Vec<String>> {
        Ok(app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| u.name)
            .collect())
    }
}

impl DbWorkspaces {}

/// The last day of the cycle's relationships: their first day plus the cycle's length in months.
pub(crate) fn relationship_ends_on(cycle: &cycle::Model) -> chrono::NaiveDate {
    let starts = cycle.relationship_starts_on;
    let months = u32::try_from(cycle.length_months).unwrap_or(6);
    starts
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(starts)
}

/// The relationship's dates as a sentence, in the tense `today` calls for.
fn timeline(cycle: &cycle::Model, today: chrono::NaiveDate) -> String {
    let starts = cycle.relationship_starts_on;
    let months = cycle.length_months;
    let ends = relationship_ends_on(cycle);
    let (from, to) = (format_date(starts), format_date(ends));
    if today < starts {
        format!("Your peer relationship starts on {from} and runs for {months} months, until {to}.")
    } else if today <= ends {
        format!("Your peer relationship started on {from} and runs until {to}.")
    } else {
        format!("Your peer relationship ran from {from} to {to}.")
    }
}

#[async_trait::async_trait]
impl Workspaces for DbWorkspaces {
    #[tracing::instrument(skip_all)]
    async fn my_pairs(&self, viewer: &CurrentUser) -> Result<Vec<PairSummary>> {
        let mine: Vec<i64> = peer_pair_member::Entity::find()
            .filter(peer_pair_member::Column::UserId.eq(viewer.id.0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| m.pair_id)
            .collect();
        let pairs = peer_pair::Entity::find()
            .filter(peer_pair::Column::Id.is_in(mine))
            .order_by_desc(peer_pair::Column::Id)
            .all(&self.db)
            .await?;
        let mut list = Vec::with_capacity(pairs.len());
        for row in pairs {
            let pair = Pair::load(&self.db, row, Utc::now()).await?;
            let names = self.full_names(&pair.peers_of(viewer.id.0)).await?;
            let awaiting_outcome = pair.status() == PairStatus::Finished
                && closing::mine(&self.db, pair.id(), viewer.id.0)
                    .await?
                    .is_none();
            let due = match pair.status() {
                PairStatus::Active => Some(check_ins::next_due(&self.db, &pair).await?),
                _ => None,
            };
            let today = Utc::now()
                .with_timezone(&zone_or_utc(&pair.program.time_zone))
                .date_naive();
            list.push(PairSummary {
                pair_id: pair.id(),
                program_name: pair.program.name.clone(),
                cycle_name: pair.cycle.name.clone(),
                peers: names,
                status: pair.status(),
                awaiting_outcome,
                next_check_in: due.map(format_date),
                check_in_overdue: due.is_some_and(|due| due < today),
            });
        }
        // Current pairs first, then the newest.
        list.sort_by_key(|p| p.status != PairStatus::Active);
        Ok(list)
    }

    #[tracing::instrument(skip_all)]
    async fn workspace(&self, viewer: &CurrentUser, pair_id: PairId) -> Result<Workspace> {
        let pair = access::for_member(&self.db, viewer, pair_id).await?;
        let (cycle, program) = (&pair.cycle, &pair.program);
        let me = viewer.id.0;
        let mut peers = Vec::new();
        for id in pair.peers_of(me) {
            peers.push(profile::profile(&self.db, cycle.id(), id).await?);
        }
        let own = profile::profile(&self.db, cycle.id(), me).await?;
        let zone = zone_or_utc(if own.time_zone.is_empty() {
            &program.time_zone
        } else {
            &own.time_zone
        });
        let names = self.first_names(&pair.members).await?;
        let checklist_done = pair_checklist::Entity::find()
            .filter(pair_checklist::Column::PairId.eq(pair_id.0))
            .filter(pair_checklist::Column::UserId.eq(me))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| c.item)
            .collect();
        let ended = match (pair.status(), &pair.row.end_reason) {
            (PairStatus::Active | PairStatus::Finished, _) | (_, None) => None,
            (status, Some(reason)) => {
                let by = pair
                    .row
                    .ended_by
                    .and_then(|id| {
                        if id == me {
                            Some("you".to_owned())
                        } else {
                            names.get(&id).cloned()
                        }
                    })
                    .unwrap_or_else(|| "the program coordinator".to_owned());
                let on = pair
                    .row
                    .ended_at
                    .map_or_else(String::new, |at| format_date(at.date_naive()));
                Some(format!("{} on {on} by {by}: {reason}", status.label()))
            }
        };
        Ok(Workspace {
            pair_id,
            program_name: program.name.clone(),
            cycle_name: cycle.name.clone(),
            contact_email: program.contact_email.clone(),
            status: pair.status(),
            ended,
            timeline: timeline(cycle, Utc::now().with_timezone(&zone).date_naive()),
            peers,
            checklist_done,
            goals: goals::views(&self.db, &pair, me, &names, zone).await?,
            check_ins: check_ins::views(&self.db, &pair, me, &names).await?,
            today: Utc::now()
                .with_timezone(&zone)
                .format("%Y-%m-%d")
                .to_string(),
            outcome: closing::mine(&self.db, pair_id, me).await?,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn add_goal(&self, viewer: &CurrentUser, pair_id: PairId, form: GoalForm) -> Result<()> {
        let pair = access::for_member(&self.db, viewer, pair_id).await?;
        pair.ensure_open()?;
        let txn = self.db.begin().await?;
        goals::add(&txn, &pair, viewer.id.0, &form).await?;
        txn.commit().await?;
        self.changed(pair_id).await;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn update_goal(
        &self,
        viewer: &CurrentUser,
        goal_id: i64,
        update: GoalUpdate,
    ) -> Result<()> {
        let goal = pair_goal::Entity::find_by_id(goal_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let pair = access::for_member(&self.db, viewer, PairId(goal.pair_id)).await?;
        pair.ensure_open()?;
        let txn = self.db.begin().await?;
        let changed = goals::update(&txn, goal, viewer.id.0, update).await?;
        txn.commit().await?;
        if changed {
            self.changed(pair.id()).await;
        }
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn log_check_in(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        form: CheckInForm,
    ) -> Result<()> {
        let pair = access::for_member(&self.db, viewer, pair_id).await?;
        pair.ensure_open()?;
        // "Today" is the member's own day, so a meeting logged late in the evening is not "in the future".
        let own = profile::profile(&self.db, CycleId(pair.row.cycle_id), viewer.id.0).await?;
        let today = Utc::now()
            .with_timezone(&zone_or_utc(&own.time_zone))
            .format("%Y-%m-%d")
            .to_string();
        app::workspace::validate_check_in(&form, &today)?;
        let txn = self.db.begin().await?;
        check_ins::log(&txn, &pair, viewer.id.0, &form).await?;
        txn.commit().await?;
        self.changed(pair_id).await;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn save_private_note(
        &self,
        viewer: &CurrentUser,
        check_in_id: i64,
        note: String,
    ) -> Result<()> {
        let check_in = pair_check_in::Entity::find_by_id(check_in_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        access::for_member(&self.db, viewer, PairId(check_in.pair_id)).await?;
        check_ins::save_note(&self.db, check_in_id, viewer.id.0, &note).await
    }

    #[tracing::instrument(skip_all)]
    async fn set_checklist(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        item: String,
        done: bool,
    ) -> Result<()> {
        access::for_member(&self.db, viewer, pair_id).await?;
        let existing = pair_checklist::Entity::find()
            .filter(pair_checklist::Column::PairId.eq(pair_id.0))
            .filter(pair_checklist::Column::UserId.eq(viewer.id.0))
            .filter(pair_checklist::Column::Item.eq(item.as_str()))
            .one(&self.db)
            .await?;
        match (existing, done) {
            (None, true) => {
                pair_checklist::ActiveModel {
                    pair_id: Set(pair_id.0),
                    user_id: Set(viewer.id.0),
                    item: Set(item),
                    done_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(&self.db)
                .await?;
            }
            (Some(row), false) => {
                pair_checklist::Entity::delete_by_id(row.id)
                    .exec(&self.db)
                    .await?;
            }
            _ => {}
        }
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn end_pair(&self, viewer: &CurrentUser, pair_id: PairId, reason: String) -> Result<()> {
        let pair = access::for_member(&self.db, viewer, pair_id).await?;
        pair.ensure_active()?;
        let program = &pair.program;
        let peers = app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(pair.peers_of(viewer.id.0)))
            .all(&self.db)
            .await?;
        let txn = self.db.begin().await?;
        let mut row = pair.row.clone().into_active_model();
        row.status = Set(PairStatus::Ended.key().to_owned());
        row.ended_at = Set(Some(Utc::now()));
        row.ended_by = Set(Some(viewer.id.0));
        row.end_reason = Set(Some(reason.trim().to_owned()));
        row.update(&txn).await?;
        for peer in &peers {
            outbox::queue(
                &txn,
                Email::new(
                    outbox::mailbox(&peer.name, &peer.email),
                    format!("{}: {} ended your peer relationship", program.name, viewer.name),
                    format!(
                        "Hello {},\n\n{} has ended your peer relationship in {}, saying:\n\n{}\n\nYour goals and \
                         check-ins stay readable in your workspace:\n{}/pairs/{pair_id}\n\nThe program \
                         coordinator has been told; write to {} if you would like to talk about it.\n",
                        peer.name,
                        viewer.name,
                        program.name,
                        reason.trim(),
                        self.public_url,
                        program.contact_email
                    ),
                )
                .reply_to(program.contact_email.clone()),
            )
            .await?;
        }
        // "The program coordinator has been told": the program's contact address is.
        let everyone: Vec<&str> = std::iter::once(viewer.name.as_str())
            .chain(peers.iter().map(|p| p.name.as_str()))
            .collect();
        outbox::queue(
            &txn,
            Email::new(
                program.contact_email.clone(),
                format!(
                    "{}: a pair ended early ({})",
                    program.name,
                    everyone.join(" and ")
                ),
                format!(
                    "{} ended their peer relationship with {} early, saying:\n\n{}\n\n\
                     The pairs overview shows it: {}/admin/cycles/{}/pairs\n",
                    viewer.name,
                    peers
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(" and "),
                    reason.trim(),
                    self.public_url,
                    pair.row.cycle_id
                ),
            )
            .reply_to(outbox::mailbox(&viewer.name, &viewer.email)),
        )
        .await?;
        audit::record(
            &txn,
            Some(viewer.id),
            "pair.ended",
            &format!("pair:{pair_id}"),
            serde_json::json!({ "reason": reason.trim() }),
        )
        .await?;
        txn.commit().await?;
        self.changed(pair_id).await;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn record_outcome(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        form: OutcomeForm,
    ) -> Result<()> {
        let outcome = app::outcome::validate_outcome(&form)?;
        let pair = access::for_member(&self.db, viewer, pair_id).await?;
        closing::record(&self.db, &pair, viewer.id.0, outcome, &form.reflection).await
    }

    #[tracing::instrument(skip_all)]
    async fn overview(&self, cycle_id: CycleId) -> Result<CycleOverview> {
        overview::overview(&self.db, cycle_id, Utc::now()).await
    }

    #[tracing::instrument(skip_all)]
    async fn preview_message(
        &self,
        cycle_id: CycleId,
        form: MessageForm,
    ) -> Result<MessagePreview> {
        messages::preview(&self.db, cycle_id, &form, Utc::now()).await
    }

    #[tracing::instrument(skip_all)]
    async fn send_message(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        form: MessageForm,
    ) -> Result<usize> {
        messages::send(&self.db, actor, cycle_id, &form, Utc::now()).await
    }

    #[tracing::instrument(skip_all)]
    async fn evaluation(
        &self,
        program_id: ProgramId,
        cycle_id: Option<CycleId>,
    ) -> Result<ProgramEvaluation> {
        evaluation::evaluation(&self.db, program_id, cycle_id, Utc::now()).await
    }

    #[tracing::instrument(skip_all)]
    async fn reassign(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        person: UserId,
        peer: UserId,
        reason: String,
    ) -> Result<()> {
        let touched = self
            .reassign_pairs(actor, cycle_id, person, peer, reason.trim())
            .await?;
        for pair in touched {
            self.changed(pair).await;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_timeline_speaks_in_the_right_tense() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let now = Utc::now();
        let cycle = cycle::Model {
            id: 1,
            program_id: 1,
            name: "Spring 2027".into(),
            opens_at: now,
            closes_at: now,
            matching_on: day("2027-03-01"),
            relationship_starts_on: day("2027-03-15"),
            length_months: 6,
            created_at: now,
            updated_at: now,
            opening_announced_at: None,
            closing_reminded_at: None,
            competency_set_id: None,
        };
        assert!(timeline(&cycle, day("2027-03-01")).starts_with("Your peer relationship starts on Monday 15 March 2027 and runs for 6 months, until Wednesday 15 September 2027."));
        assert!(timeline(&cycle, day("2027-04-01")).contains("started on"));
        assert!(timeline(&cycle, day("2027-10-01")).contains("ran from"));
    }
}
