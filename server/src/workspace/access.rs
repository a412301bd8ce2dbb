//! Who may touch a pair: its members only. Anyone else is told the pair does not exist, so ids reveal
//! nothing. A pair is loaded with its cycle and program, which say whether it has reached its end date.

use app::error::AppError;
use app::types::{CurrentUser, CycleId, PairId};
use app::workspace::PairStatus;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::db::entities::{cycle, peer_pair, peer_pair_member, program};
use crate::error::Result;
use crate::programs::cycle_with_program;
use crate::programs::dates::zone_or_utc;

/// A pair, its members' user ids, and where it stands in its cycle.
pub struct Pair {
    pub row: peer_pair::Model,
    pub members: Vec<i64>,
    pub cycle: cycle::Model,
    pub program: program::Model,
    /// The program's today has reached the relationship's end date.
    pub past_end: bool,
}

impl Pair {
    pub fn id(&self) -> PairId {
        PairId(self.row.id)
    }

    /// Loads the members, cycle and program of `row`, judging its end date at `now`.
    ///
    /// # Errors
    /// Database failures; [`AppError::NotFound`] if its cycle is gone.
    pub async fn load(
        db: &impl ConnectionTrait,
        row: peer_pair::Model,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let members = members(db, PairId(row.id)).await?;
        let (cycle, program) = cycle_with_program(db, CycleId(row.cycle_id)).await?;
        let past_end = has_reached_its_end(&cycle, &program, now);
        Ok(Pair {
            row,
            members,
            cycle,
            program,
            past_end,
        })
    }

    pub fn status(&self) -> PairStatus {
        status_of(&self.row.status, self.past_end)
    }

    /// Refuses changes once the pair has ended early or been re-assigned; a finished pair stays open for
    /// the closing conversation's goals and check-in.
    pub fn ensure_open(&self) -> Result<()> {
        if self.status().is_open() {
            Ok(())
        } else {
            Err(AppError::Conflict(
                "This peer relationship has ended: it can be read but no longer changed."
                    .to_owned(),
            )
            .into())
        }
    }

    /// Refuses what only a running relationship allows (ending it early).
    pub fn ensure_active(&self) -> Result<()> {
        match self.status() {
            PairStatus::Active => Ok(()),
            PairStatus::Finished => Err(AppError::Conflict(
                "This peer relationship has reached its end date: say how it ended instead."
                    .to_owned(),
            )
            .into()),
            _ => self.ensure_open(),
        }
    }

    /// Everyone in the pair but `viewer`.
    pub fn peers_of(&self, viewer: i64) -> Vec<i64> {
        self.members
            .iter()
            .copied()
            .filter(|m| *m != viewer)
            .collect()
    }
}

/// The status a pair shows: as stored, except that an active pair past its end date has finished.
pub fn status_of(stored: &str, past_end: bool) -> PairStatus {
    match PairStatus::from_key(stored) {
        PairStatus::Active if past_end => PairStatus::Finished,
        status => status,
    }
}

/// Whether `now`, on the program's calendar, has reached the last day of the cycle's relationships.
pub fn has_reached_its_end(
    cycle: &cycle::Model,
    program: &program::Model,
    now: DateTime<Utc>,
) -> bool {
    let today: NaiveDate = now
        .with_timezone(&zone_or_utc(&program.time_zone))
        .date_naive();
    today >= super::relationship_ends_on(cycle)
}

/// The members of `pair_id`, in the order they were added.
///
/// # Errors
/// Database failures.
pub async fn members(db: &impl ConnectionTrait, pair_id: PairId) -> Result<Vec<i64>> {
    Ok(peer_pair_member::Entity::find()
        .filter(peer_pair_member::Column::PairId.eq(pair_id.0))
        .order_by_asc(peer_pair_member::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// The pair, if `viewer` is one of its members.
///
/// # Errors
/// [`AppError::NotFound`] when there is no such pair or the viewer is not in it; database failures.
pub async fn for_member(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    pair_id: PairId,
) -> Result<Pair> {
    let row = peer_pair::Entity::find_by_id(pair_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let pair = Pair::load(db, row, Utc::now()).await?;
    if !pair.members.contains(&viewer.id.0) {
        return Err(AppError::NotFound.into());
    }
    Ok(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_active_pair_finishes_at_its_end_date_and_other_states_stay() {
        assert_eq!(status_of("active", false), PairStatus::Active);
        assert_eq!(status_of("active", true), PairStatus::Finished);
        assert_eq!(status_of("ended", true), PairStatus::Ended);
        assert_eq!(status_of("reassigned", false), PairStatus::Reassigned);
    }
}
