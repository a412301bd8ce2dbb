//! Re-assignments after publication: an admin re-pairs someone, with a reason every affected member is
//! emailed. The old pairs stay (marked re-assigned, with their goals and check-ins); new pairs are created.

use std::collections::HashMap;

use app::error::AppError;
use app::matching::Adjustment;
use app::types::CurrentUser;
use app::workspace::PairStatus;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};

use super::{adjust, draft, engine_error, DbMatching};
use crate::audit;
use crate::db::entities::{peer_pair, peer_pair_member};
use crate::error::Result;
use crate::mail::outbox::{self, Email};

impl DbMatching {
    /// Pairs `person` with `peer` in the published cycle; returns the ids of the pairs that ended.
    ///
    /// # Errors
    /// [`AppError::Conflict`] before publication, for people outside the cycle, or for a pair that breaks
    /// a rule; database failures.
    pub async fn reassign(
        &self,
        actor: &CurrentUser,
        cycle_id: i64,
        person: i64,
        peer: i64,
        reason: &str,
    ) -> Result<Vec<i64>> {
        let (cycle, program, cohort) = self.cycle(cycle_id).await?;
        if self.publication(cycle_id).await?.is_none() {
            return Err(AppError::Conflict(
                "The pairs are not published yet: adjust the run instead.".to_owned(),
            )
            .into());
        }
        if ![person, peer]
            .iter()
            .all(|id| cohort.contains(&id.to_string()))
        {
            return Err(AppError::Conflict(
                "Choose two people who applied to this cycle.".to_owned(),
            )
            .into());
        }
        let active = self.active_groups(cycle_id).await?;
        let groups: Vec<Vec<String>> = active.iter().map(|(_, g)| g.clone()).collect();
        let adjusted = adjust::apply(&groups, Adjustment::PairWith { person, peer })?;
        // Forbidding steers the engine; an admin re-pairing by hand decides for themself. Hard rules hold.
        let mut settings = self
            .settings(&cycle, &cohort, &draft::load(&self.db, cycle_id).await?)
            .await?;
        settings.constraints.forbidden.clear();
        let fresh = |adjusted: &adjust::Adjusted| -> Vec<Vec<String>> {
            adjusted
                .groups
                .iter()
                .filter(|g| !groups.contains(g))
                .cloned()
                .collect()
        };
        let (adjusted, scored) = adjust::scored(&cohort.people, &settings, adjusted, fresh)
            .map_err(|e| engine_error(&e, &cohort))?;
        let ended: Vec<i64> = active
            .iter()
            .filter(|(_, g)| !adjusted.groups.contains(g))
            .map(|(id, _)| *id)
            .collect();
        let now = Utc::now();
        let txn = self.db.begin().await?;
        for id in &ended {
            if let Some(row) = peer_pair::Entity::find_by_id(*id).one(&txn).await? {
                let mut row = row.into_active_model();
                row.status = Set(PairStatus::Reassigned.key().to_owned());
                row.ended_at = Set(Some(now));
                row.ended_by = Set(Some(actor.id.0));
                row.end_reason = Set(Some(reason.to_owned()));
                row.update(&txn).await?;
            }
        }
        let mut new_peers: HashMap<String, Vec<String>> = HashMap::new();
        for group in &scored.groups {
            let pair = peer_pair::ActiveModel {
                cycle_id: Set(cycle_id),
                run_id: Set(None),
                status: Set(PairStatus::Active.key().to_owned()),
                score: Set(group.score),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for id in &group.members {
                peer_pair_member::ActiveModel {
                    pair_id: Set(pair.id),
                    user_id: Set(id.parse().map_err(|_| AppError::Internal)?),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                let others = group
                    .members
                    .iter()
                    .filter(|m| *m != id)
                    .map(|m| cohort.member(m).name)
                    .collect();
                new_peers.insert(id.clone(), others);
            }
        }
        for id in &adjusted.touched {
            let Some(applicant) = cohort.applicant(id) else {
                continue;
            };
            let now_with = new_peers.get(id).map_or_else(
                || {
                    "For now you are without a peer; the program coordinator will be in touch."
                        .to_owned()
                },
                |peers| {
                    format!(
                        "Your peer is now {}. Your new workspace: {}/pairs",
                        peers.join(" and "),
                        self.public_url
                    )
                },
            );
            outbox::queue(
                &txn,
                Email::new(
                    outbox::mailbox(&applicant.name, &applicant.email),
                    format!("{}: your peer assignment has changed", program.name),
                    format!(
                        "Hello {},\n\nThe program coordinator has changed your peer assignment in {}, {}.\n\n\
                         Why: {reason}\n\n{now_with}\n\nQuestions? Write to {}.\n",
                        applicant.name, program.name, cycle.name, program.contact_email
                    ),
                )
                .reply_to(program.contact_email.clone()),
            )
            .await?;
        }
        audit::record(
            &txn,
            Some(actor.id),
            "pairs.reassigned",
            &format!("cycle:{cycle_id}"),
            serde_json::json!({ "person": person, "peer": peer, "reason": reason, "ended": ended }),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
    }

    /// The cycle's active pairs with their members (applicant ids).
    async fn active_groups(&self, cycle_id: i64) -> Result<Vec<(i64, Vec<String>)>> {
        let pairs = peer_pair::Entity::find()
            .filter(peer_pair::Column::CycleId.eq(cycle_id))
            .filter(peer_pair::Column::Status.eq(PairStatus::Active.key()))
            .all(&self.db)
            .await?;
        let members = peer_pair_member::Entity::find()
            .filter(peer_pair_member::Column::PairId.is_in(pairs.iter().map(|p| p.id)))
            .all(&self.db)
            .await?;
        Ok(pairs
            .iter()
            .map(|p| {
                let group = members
                    .iter()
                    .filter(|m| m.pair_id == p.id)
                    .map(|m| m.user_id.to_string())
                    .collect();
                (p.id, group)
            })
            .collect())
    }
}
