//! Check-ins: a meeting either member logs for the pair. Its notes are shared; each member's private note
//! is stored apart and only ever read back for its author.

use std::collections::HashMap;

use app::error::AppError;
use app::workspace::{CheckInForm, CheckInView};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use super::access::Pair;
use crate::db::entities::{check_in_private_note, pair_check_in, pair_goal};
use crate::error::Result;

/// Pairs meet monthly: the next check-in is due a month after the last one, or a month after the later of
/// the relationship's first day and the day the pair was formed.
pub fn due_after(last: Option<NaiveDate>, starts_on: NaiveDate, formed_on: NaiveDate) -> NaiveDate {
    let from = last.unwrap_or_else(|| starts_on.max(formed_on));
    from.checked_add_months(chrono::Months::new(1))
        .unwrap_or(from)
}

/// When `pair`'s next check-in is due.
///
/// # Errors
/// Database failures.
pub async fn next_due(db: &impl ConnectionTrait, pair: &Pair) -> Result<NaiveDate> {
    let last = pair_check_in::Entity::find()
        .filter(pair_check_in::Column::PairId.eq(pair.row.id))
        .order_by_desc(pair_check_in::Column::MetOn)
        .one(db)
        .await?
        .map(|c| c.met_on);
    Ok(due_after(
        last,
        pair.cycle.relationship_starts_on,
        pair.row.created_at.date_naive(),
    ))
}

/// Saves a check-in (goals that are not the pair's are refused) and the author's private note.
///
/// # Errors
/// [`AppError::Invalid`] for a bad date or a goal of another pair; database failures.
pub async fn log(
    db: &impl ConnectionTrait,
    pair: &Pair,
    viewer: i64,
    form: &CheckInForm,
) -> Result<()> {
    let met_on = NaiveDate::parse_from_str(form.met_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("met_on", "Enter the day you met."))?;
    let own_goals: Vec<i64> = pair_goal::Entity::find()
        .filter(pair_goal::Column::PairId.eq(pair.row.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    if form.goals_moved.iter().any(|g| !own_goals.contains(g)) {
        return Err(AppError::invalid("goals_moved", "Choose among your pair's goals.").into());
    }
    let check_in = pair_check_in::ActiveModel {
        pair_id: Set(pair.row.id),
        logged_by: Set(viewer),
        met_on: Set(met_on),
        how: Set(form.how.clone()),
        notes: Set(form.notes.trim().to_owned()),
        goals_moved: Set(serde_json::to_string(&form.goals_moved).unwrap_or_else(|_| "[]".into())),
        usefulness: Set(i32::from(form.usefulness)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    save_note(db, check_in.id, viewer, &form.private_note).await
}

/// Writes the member's private note on a check-in; an empty note removes it.
///
/// # Errors
/// Database failures.
pub async fn save_note(
    db: &impl ConnectionTrait,
    check_in_id: i64,
    viewer: i64,
    note: &str,
) -> Result<()> {
    let existing = check_in_private_note::Entity::find()
        .filter(check_in_private_note::Column::CheckInId.eq(check_in_id))
        .filter(check_in_private_note::Column::UserId.eq(viewer))
        .one(db)
        .await?;
    let note = note.trim();
    match (existing, note.is_empty()) {
        (Some(row), true) => {
            check_in_private_note::Entity::delete_by_id(row.id)
                .exec(db)
                .await?;
        }
        (Some(row), false) => {
            let mut row = row.into_active_model();
            row.note = Set(note.to_owned());
            row.update(db).await?;
        }
        (None, false) => {
            check_in_private_note::ActiveModel {
                check_in_id: Set(check_in_id),
                user_id: Set(viewer),
                note: Set(note.to_owned()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        (None, true) => {}
    }
    Ok(())
}

/// The pair's check-ins, newest meeting first, with the viewer's own private notes only.
///
/// # Errors
/// Database failures.
pub async fn views(
    db: &impl ConnectionTrait,
    pair: &Pair,
    viewer: i64,
    names: &HashMap<i64, String>,
) -> Result<Vec<CheckInView>> {
    let rows = pair_check_in::Entity::find()
        .filter(pair_check_in::Column::PairId.eq(pair.row.id))
        .order_by_desc(pair_check_in::Column::MetOn)
        .order_by_desc(pair_check_in::Column::Id)
        .all(db)
        .await?;
    // Only the viewer's notes are read at all: a peer's private note never leaves the database here.
    let notes: HashMap<i64, String> = check_in_private_note::Entity::find()
        .filter(check_in_private_note::Column::UserId.eq(viewer))
        .filter(check_in_private_note::Column::CheckInId.is_in(rows.iter().map(|r| r.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.check_in_id, n.note))
        .collect();
    let titles: HashMap<i64, String> = pair_goal::Entity::find()
        .filter(pair_goal::Column::PairId.eq(pair.row.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.title))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let moved: Vec<i64> = serde_json::from_str(&row.goals_moved).unwrap_or_default();
            CheckInView {
                id: row.id,
                met_on: row.met_on.format("%a %-d %b %Y").to_string(),
                how: row.how,
                notes: row.notes,
                goals_moved: moved
                    .iter()
                    .filter_map(|g| titles.get(g).cloned())
                    .collect(),
                usefulness: u8::try_from(row.usefulness).unwrap_or(0),
                logged_by: if row.logged_by == viewer {
                    "You".to_owned()
                } else {
                    names.get(&row.logged_by).cloned().unwrap_or_default()
                },
                private_note: notes.get(&row.id).cloned(),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn the_next_check_in_is_a_month_after_the_last_or_after_the_start() {
        let (starts, formed) = (day("2027-03-15"), day("2027-03-08"));
        assert_eq!(due_after(None, starts, formed), day("2027-04-15"));
        assert_eq!(
            due_after(None, starts, day("2027-03-20")),
            day("2027-04-20"),
            "formed late"
        );
        assert_eq!(
            due_after(Some(day("2027-01-31")), starts, formed),
            day("2027-02-28")
        );
    }
}
