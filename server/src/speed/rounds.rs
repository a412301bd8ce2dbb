//! Seating the rounds: who sits where is fixed when a round (or the break before it) begins, from the people
//! present at that moment, and stored so every screen and a restarted server read the same tables.

use std::collections::{BTreeMap, HashMap, HashSet};

use app::error::AppError;
use app::speed::session::{OddMode, RoundView, Seat, TableView};
use app::speed::timer::PhaseKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    SqlErr, TransactionTrait,
};

use super::rotation::{key, OddOneOut, Person, Rotation};
use super::{odd_mode, DbSpeed};
use crate::db::entities::{speed_pairing, speed_participant, speed_session};
use crate::error::Result;

/// The round the screens show during a phase: the one being played, or during a break the next one, so
/// people can find their next table while they move.
pub(super) fn round_for(kind: Option<PhaseKind>, rounds: u32) -> Option<u32> {
    match kind {
        Some(PhaseKind::Round(n)) => Some(n),
        Some(PhaseKind::Break(n)) if n < rounds => Some(n + 1),
        _ => None,
    }
}

/// The rotation's ids are `u32`; participant ids stay far below that, but never trust it silently.
fn rotation_id(id: i64) -> Result<u32> {
    u32::try_from(id).map_err(|_| {
        tracing::error!(id, "participant id out of the rotation's range");
        AppError::Internal.into()
    })
}

/// Every pair that shared a table, from the stored seating of earlier rounds.
pub(super) fn pairs_met(history: &[speed_pairing::Model]) -> HashSet<(i64, i64)> {
    let mut tables: BTreeMap<(i32, i32), Vec<i64>> = BTreeMap::new();
    for row in history.iter().filter(|row| row.table_number > 0) {
        tables
            .entry((row.round, row.table_number))
            .or_default()
            .push(row.participant_id);
    }
    tables
        .values()
        .flat_map(|seats| {
            seats.iter().enumerate().flat_map(move |(i, a)| {
                seats[i + 1..]
                    .iter()
                    .map(move |b| ((*a).min(*b), (*a).max(*b)))
            })
        })
        .collect()
}

impl DbSpeed {
    /// Every seating row of the session, round by round.
    pub(super) async fn history(&self, session_id: i64) -> Result<Vec<speed_pairing::Model>> {
        Ok(speed_pairing::Entity::find()
            .filter(speed_pairing::Column::SessionId.eq(session_id))
            .order_by_asc(speed_pairing::Column::Round)
            .order_by_asc(speed_pairing::Column::TableNumber)
            .order_by_asc(speed_pairing::Column::Seat)
            .all(&self.db)
            .await?)
    }

    pub(super) async fn participants(
        &self,
        session_id: i64,
    ) -> Result<Vec<speed_participant::Model>> {
        Ok(speed_participant::Entity::find()
            .filter(speed_participant::Column::SessionId.eq(session_id))
            .order_by_asc(speed_participant::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// Seats round `number` unless it already is; returns whether it did. Call with the session's lock held;
    /// another instance seating the same round at once is harmless (one seating is kept).
    pub(super) async fn seat_round(
        &self,
        session: &speed_session::Model,
        number: u32,
    ) -> Result<bool> {
        let round = i32::try_from(number).unwrap_or(i32::MAX);
        let seated = speed_pairing::Entity::find()
            .filter(speed_pairing::Column::SessionId.eq(session.id))
            .filter(speed_pairing::Column::Round.eq(round))
            .count(&self.db)
            .await?;
        if seated > 0 {
            return Ok(false);
        }
        let present: Vec<speed_participant::Model> = self
            .participants(session.id)
            .await?
            .into_iter()
            .filter(|p| p.left_at.is_none())
            .collect();
        if present.is_empty() {
            return Ok(false);
        }
        let people = present
            .iter()
            .map(|p| {
                Ok(Person {
                    id: rotation_id(p.id)?,
                    institution: p.institution.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let history = self.history(session.id).await?;
        let met: HashSet<(u32, u32)> = pairs_met(&history)
            .into_iter()
            .filter_map(|(a, b)| Some(key(rotation_id(a).ok()?, rotation_id(b).ok()?)))
            .collect();
        let mut sat_out: HashMap<u32, usize> = HashMap::new();
        for row in history.iter().filter(|row| row.table_number == 0) {
            *sat_out.entry(rotation_id(row.participant_id)?).or_default() += 1;
        }
        let txn = self.db.begin().await?;
        let circle = self.circle(session, &present, &txn).await?;
        let odd = match odd_mode(session) {
            OddMode::Trio => OddOneOut::Trio,
            OddMode::SitOut => OddOneOut::SitOut,
        };
        let seating = Rotation::new(&circle).round(
            usize::try_from(number.saturating_sub(1)).unwrap_or(0),
            &people,
            &met,
            &|id| sat_out.get(&id).copied().unwrap_or(0),
            odd,
        );
        let mut rows: Vec<(u32, usize, u32)> = Vec::new();
        for table in &seating.tables {
            rows.extend(
                table
                    .seats
                    .iter()
                    .enumerate()
                    .map(|(seat, id)| (table.number, seat, *id)),
            );
        }
        rows.extend(
            seating
                .sitting_out
                .iter()
                .enumerate()
                .map(|(seat, id)| (0, seat, *id)),
        );
        let written = async {
            for (table, seat, id) in rows {
                speed_pairing::ActiveModel {
                    session_id: Set(session.id),
                    round: Set(round),
                    table_number: Set(i32::try_from(table).unwrap_or(i32::MAX)),
                    seat: Set(i32::try_from(seat).unwrap_or(i32::MAX)),
                    participant_id: Set(i64::from(id)),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            txn.commit().await
        };
        match written.await {
            Ok(()) => Ok(true),
            // Another instance seated the round first (the seats' unique index): its seating stands.
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Ok(false)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The circle of the rotation: fixed (and stored) the first time a round is seated, in joining order.
    async fn circle(
        &self,
        session: &speed_session::Model,
        present: &[speed_participant::Model],
        txn: &sea_orm::DatabaseTransaction,
    ) -> Result<Vec<Person>> {
        let stored: Option<Vec<i64>> = session
            .seating
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok());
        let ids = match stored {
            Some(ids) => ids,
            None => {
                let ids: Vec<i64> = present.iter().map(|p| p.id).collect();
                let mut model: speed_session::ActiveModel = session.clone().into();
                model.seating = Set(Some(serde_json::json!(ids).to_string()));
                model.update(txn).await?;
                ids
            }
        };
        ids.into_iter()
            .map(|id| {
                Ok(Person {
                    id: rotation_id(id)?,
                    institution: None,
                })
            })
            .collect()
    }

    /// Round `number` as the screens show it, if seated.
    pub(super) fn round_view(
        number: u32,
        history: &[speed_pairing::Model],
        people: &HashMap<i64, Seat>,
    ) -> Option<RoundView> {
        let round = i32::try_from(number).ok()?;
        let rows: Vec<&speed_pairing::Model> =
            history.iter().filter(|row| row.round == round).collect();
        if rows.is_empty() {
            return None;
        }
        let seat = |row: &speed_pairing::Model| {
            people.get(&row.participant_id).cloned().unwrap_or(Seat {
                id: row.participant_id,
                name: "Someone".to_owned(),
                institution: None,
            })
        };
        let mut tables: BTreeMap<i32, Vec<Seat>> = BTreeMap::new();
        let mut sitting_out = Vec::new();
        for row in rows {
            if row.table_number == 0 {
                sitting_out.push(seat(row));
            } else {
                tables.entry(row.table_number).or_default().push(seat(row));
            }
        }
        Some(RoundView {
            number,
            tables: tables
                .into_iter()
                .map(|(number, seats)| TableView {
                    number: u32::try_from(number).unwrap_or(0),
                    seats,
                })
                .collect(),
            sitting_out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(round: i32, table: i32, participant: i64) -> speed_pairing::Model {
        speed_pairing::Model {
            id: 0,
            session_id: 1,
            round,
            table_number: table,
            seat: 0,
            participant_id: participant,
        }
    }

    #[test]
    fn breaks_show_the_next_round_and_wrap_up_none() {
        assert_eq!(round_for(Some(PhaseKind::Round(2)), 3), Some(2));
        assert_eq!(round_for(Some(PhaseKind::Break(2)), 3), Some(3));
        assert_eq!(round_for(Some(PhaseKind::Preparation), 3), None);
        assert_eq!(round_for(Some(PhaseKind::WrapUp), 3), None);
    }

    #[test]
    fn pairs_met_counts_trios_and_ignores_sitting_out() {
        let history = [
            row(1, 1, 1),
            row(1, 1, 2),
            row(1, 1, 3),
            row(1, 0, 4),
            row(2, 1, 4),
            row(2, 1, 1),
        ];
        let met = pairs_met(&history);
        let expected: HashSet<(i64, i64)> = [(1, 2), (1, 3), (2, 3), (1, 4)].into_iter().collect();
        assert_eq!(met, expected);
    }
}
