//! Re-assignments after publication: an admin re-pairs someone, with a reason every affected member is
//! emailed. The matching plans it (`matching::reassign`: who separates, which pairs the rules allow); here
//! the old pairs end (kept, marked re-assigned, with their goals and check-ins) and the new ones start, in one
//! transaction with the emails and the audit entry.

use std::collections::HashMap;

use app::types::{CurrentUser, CycleId, PairId, UserId};
use app::workspace::PairStatus;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};

use super::DbWorkspaces;
use crate::audit;
use crate::db::entities::{peer_pair, peer_pair_member};
use crate::error::Result;
use crate::mail::outbox::{self, Email};
use crate::matching::reassign::Reassignment;

impl DbWorkspaces {
    /// Pairs `person` with `peer` in the published cycle; returns the ids of the pairs that ended.
    ///
    /// # Errors
    /// The plan's refusals ([`crate::matching::DbMatching::plan_reassignment`]); database failures.
    pub(super) async fn reassign_pairs(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        person: UserId,
        peer: UserId,
        reason: &str,
    ) -> Result<Vec<PairId>> {
        let plan = self
            .matching
            .plan_reassignment(cycle_id, person, peer)
            .await?;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        for id in &plan.ended {
            if let Some(row) = peer_pair::Entity::find_by_id(*id).one(&txn).await? {
                let mut row = row.into_active_model();
                row.status = Set(PairStatus::Reassigned.key().to_owned());
                row.ended_at = Set(Some(now));
                row.ended_by = Set(Some(actor.id.0));
                row.end_reason = Set(Some(reason.to_owned()));
                row.update(&txn).await?;
            }
        }
        for pair in &plan.new_pairs {
            let row = peer_pair::ActiveModel {
                cycle_id: Set(cycle_id.0),
                run_id: Set(None),
                status: Set(PairStatus::Active.key().to_owned()),
                score: Set(pair.score),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for member in &pair.members {
                peer_pair_member::ActiveModel {
                    pair_id: Set(row.id),
                    user_id: Set(member.user_id.0),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        for email in self.notices(&plan, reason) {
            outbox::queue(&txn, email).await?;
        }
        audit::record(
            &txn,
            Some(actor.id),
            "pairs.reassigned",
            &format!("cycle:{cycle_id}"),
            serde_json::json!({ "person": person, "peer": peer, "reason": reason, "ended": plan.ended }),
        )
        .await?;
        txn.commit().await?;
        Ok(plan.ended)
    }

    /// One email per person whose peer changed: the reason, and their new peer or that they have none yet.
    fn notices(&self, plan: &Reassignment, reason: &str) -> Vec<Email> {
        let mut new_peers: HashMap<UserId, Vec<&str>> = HashMap::new();
        for pair in &plan.new_pairs {
            for member in &pair.members {
                let others = pair.members.iter().filter(|m| m.user_id != member.user_id);
                new_peers.insert(member.user_id, others.map(|m| m.name.as_str()).collect());
            }
        }
        let (program, cycle) = (&plan.program, &plan.cycle);
        plan.touched
            .iter()
            .map(|person| {
                let now_with = new_peers.get(&person.user_id).map_or_else(
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
                Email::new(
                    outbox::mailbox(&person.name, &person.email),
                    format!("{}: your peer assignment has changed", program.name),
                    format!(
                        "Hello {},\n\nThe program coordinator has changed your peer assignment in {}, {}.\n\n\
                         Why: {reason}\n\n{now_with}\n\nQuestions? Write to {}.\n",
                        person.name, program.name, cycle.name, program.contact_email
                    ),
                )
                .reply_to(program.contact_email.clone())
            })
            .collect()
    }
}
