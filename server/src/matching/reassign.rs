//! Planning a re-assignment after publication: who an admin's "pair this person with that peer" separates
//! and which new pairs the rules allow, scored as the engine scores. The workspace applies the plan
//! (`workspace::reassign`): ends the old pairs, stores the new ones and tells everyone affected.

use app::error::AppError;
use app::matching::Adjustment;
use app::types::{CycleId, PairId, UserId};
use app::workspace::PairStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{adjust, draft, engine_error, DbMatching};
use crate::db::entities::{cycle, peer_pair, peer_pair_member, program};
use crate::error::Result;

/// What a re-assignment changes, decided before anything is written.
pub struct Reassignment {
    pub cycle: cycle::Model,
    pub program: program::Model,
    /// Active pairs that end.
    pub ended: Vec<PairId>,
    /// The pairs that replace them.
    pub new_pairs: Vec<NewPair>,
    /// Everyone in the cohort whose peer changes, to be told why.
    pub touched: Vec<Contact>,
}

pub struct NewPair {
    pub members: Vec<Contact>,
    pub score: i64,
}

#[derive(Clone)]
pub struct Contact {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
}

impl DbMatching {
    /// The re-assignment that pairs `person` with `peer` in the published cycle.
    ///
    /// # Errors
    /// [`AppError::Conflict`] before publication, for people outside the cycle, or for a pair that breaks
    /// a rule; database failures.
    pub async fn plan_reassignment(
        &self,
        cycle_id: CycleId,
        person: UserId,
        peer: UserId,
    ) -> Result<Reassignment> {
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
        let contact = |id: &str| -> Result<Contact> {
            Ok(Contact {
                user_id: super::cohort::user_id(id)?,
                name: cohort.name(id),
                email: cohort
                    .applicant(id)
                    .map(|a| a.email.clone())
                    .unwrap_or_default(),
            })
        };
        let new_pairs = scored
            .groups
            .iter()
            .map(|group| {
                Ok(NewPair {
                    members: group
                        .members
                        .iter()
                        .map(|id| contact(id))
                        .collect::<Result<_>>()?,
                    score: group.score,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Reassignment {
            ended: active
                .iter()
                .filter(|(_, g)| !adjusted.groups.contains(g))
                .map(|(id, _)| PairId(*id))
                .collect(),
            new_pairs,
            touched: adjusted
                .touched
                .iter()
                .filter(|id| cohort.applicant(id).is_some())
                .map(|id| contact(id))
                .collect::<Result<_>>()?,
            cycle,
            program,
        })
    }

    /// The cycle's active pairs with their members (applicant ids).
    async fn active_groups(&self, cycle_id: CycleId) -> Result<Vec<(i64, Vec<String>)>> {
        let pairs = peer_pair::Entity::find()
            .filter(peer_pair::Column::CycleId.eq(cycle_id.0))
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
