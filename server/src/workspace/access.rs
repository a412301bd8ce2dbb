//! Who may touch a pair: its members only. Anyone else is told the pair does not exist, so ids reveal
//! nothing.

use app::error::AppError;
use app::types::CurrentUser;
use app::workspace::PairStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::db::entities::{peer_pair, peer_pair_member};
use crate::error::Result;

/// A pair and its members' user ids.
pub struct Pair {
    pub row: peer_pair::Model,
    pub members: Vec<i64>,
}

impl Pair {
    pub fn status(&self) -> PairStatus {
        PairStatus::from_key(&self.row.status)
    }

    /// Refuses changes once the pair has ended or been re-assigned.
    pub fn ensure_active(&self) -> Result<()> {
        if self.status() == PairStatus::Active {
            Ok(())
        } else {
            Err(AppError::Conflict(
                "This peer relationship has ended: it can be read but no longer changed."
                    .to_owned(),
            )
            .into())
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

/// The members of `pair_id`, in the order they were added.
///
/// # Errors
/// Database failures.
pub async fn members(db: &impl ConnectionTrait, pair_id: i64) -> Result<Vec<i64>> {
    Ok(peer_pair_member::Entity::find()
        .filter(peer_pair_member::Column::PairId.eq(pair_id))
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
    pair_id: i64,
) -> Result<Pair> {
    let row = peer_pair::Entity::find_by_id(pair_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = members(db, pair_id).await?;
    if !members.contains(&viewer.id.0) {
        return Err(AppError::NotFound.into());
    }
    Ok(Pair { row, members })
}
