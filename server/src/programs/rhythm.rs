//! A program's rhythm: reading and saving it, and proposing the next cycle's dates from it.

use app::error::AppError;
use app::program::CycleForm;
use app::rhythm::{season_name, Rhythm};
use app::types::{CurrentUser, ProgramId};
use chrono::{Datelike, Days, NaiveDate};
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set, TransactionTrait,
};

use crate::audit;
use crate::db::entities::program;
use crate::error::Result;

/// The rhythm stored on `program` (numbers out of range read as the seed's).
pub fn of(program: &program::Model) -> Rhythm {
    let seed = Rhythm::default();
    let positive =
        |n: i32, fallback: u32| u32::try_from(n).ok().filter(|n| *n > 0).unwrap_or(fallback);
    let days = |n: i32, fallback: u32| u32::try_from(n).unwrap_or(fallback);
    Rhythm {
        months: Rhythm::months_from_key(&program.rhythm_months),
        window_days: positive(program.rhythm_window_days, seed.window_days),
        matching_after_days: days(program.rhythm_matching_after_days, seed.matching_after_days),
        start_after_days: days(program.rhythm_start_after_days, seed.start_after_days),
        length_months: positive(program.rhythm_length_months, seed.length_months),
    }
}

/// Saves a checked rhythm on the program.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown program; database failures.
pub async fn save(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    program_id: ProgramId,
    rhythm: &Rhythm,
) -> Result<()> {
    let txn = db.begin().await?;
    let row = program::Entity::find_by_id(program_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let number = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let mut row = row.into_active_model();
    row.rhythm_months = Set(rhythm.months_key());
    row.rhythm_window_days = Set(number(rhythm.window_days));
    row.rhythm_matching_after_days = Set(number(rhythm.matching_after_days));
    row.rhythm_start_after_days = Set(number(rhythm.start_after_days));
    row.rhythm_length_months = Set(number(rhythm.length_months));
    row.updated_at = Set(chrono::Utc::now());
    row.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "program.rhythm_changed",
        &format!("program:{program_id}"),
        serde_json::to_value(rhythm).unwrap_or_default(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The next cycle the rhythm calls for: the first window month after the latest cycle's opening month and not
/// before `today`, opening on its 1st at 9:00 (program time) and closing at 17:00 on its last day.
pub fn propose(rhythm: &Rhythm, latest_opening: Option<NaiveDate>, today: NaiveDate) -> CycleForm {
    let after = latest_opening.map(|d| (d.year(), d.month()));
    let opens = (0..36)
        .filter_map(|offset| first_of_month(today, offset))
        .filter(|first| rhythm.months.contains(&first.month()))
        .filter(|first| *first >= today)
        .find(|first| after.is_none_or(|latest| (first.year(), first.month()) > latest))
        .unwrap_or(today);
    let closes = opens + Days::new(u64::from(rhythm.window_days.max(1) - 1));
    let matching_on = closes + Days::new(u64::from(rhythm.matching_after_days));
    let starts_on = matching_on + Days::new(u64::from(rhythm.start_after_days));
    CycleForm {
        name: season_name(opens.month(), opens.year()),
        opens_at: format!("{opens}T09:00"),
        closes_at: format!("{closes}T17:00"),
        matching_on: matching_on.to_string(),
        relationship_starts_on: starts_on.to_string(),
        length_months: rhythm.length_months.to_string(),
        competency_set_id: None,
    }
}

/// The 1st of the month `offset` months after `day`'s month.
fn first_of_month(day: NaiveDate, offset: u32) -> Option<NaiveDate> {
    day.with_day(1)?
        .checked_add_months(chrono::Months::new(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_seed_rhythm_proposes_the_next_february_or_september() {
        let seed = Rhythm::default();
        let next = propose(&seed, Some(day("2026-09-01")), day("2026-11-28"));
        assert_eq!(next.name, "Spring 2027");
        assert_eq!(next.opens_at, "2027-02-01T09:00");
        assert_eq!(next.closes_at, "2027-02-21T17:00");
        assert_eq!(next.matching_on, "2027-02-28");
        assert_eq!(next.relationship_starts_on, "2027-03-07");
        assert_eq!(next.length_months, "6");
        // A program whose February cycle already exists is offered September.
        let after = propose(&seed, Some(day("2027-02-01")), day("2026-11-28"));
        assert_eq!(after.name, "Fall 2027");
        assert_eq!(after.opens_at, "2027-09-01T09:00");
    }

    #[test]
    fn a_window_is_never_proposed_in_the_past() {
        let seed = Rhythm::default();
        // No cycle yet, 10 February: February's window would have opened already.
        let first = propose(&seed, None, day("2027-02-10"));
        assert_eq!(first.opens_at, "2027-09-01T09:00");
        // On the 1st itself it still can.
        assert_eq!(
            propose(&seed, None, day("2027-09-01")).opens_at,
            "2027-09-01T09:00"
        );
        // An old latest cycle does not pull the proposal back.
        assert_eq!(
            propose(&seed, Some(day("2020-02-01")), day("2026-11-28")).opens_at,
            "2027-02-01T09:00"
        );
    }

    #[test]
    fn the_programs_own_numbers_shape_the_dates() {
        let rhythm = Rhythm {
            months: vec![1, 5, 9],
            window_days: 14,
            matching_after_days: 0,
            start_after_days: 3,
            length_months: 12,
        };
        let next = propose(&rhythm, Some(day("2027-01-01")), day("2026-12-15"));
        assert_eq!(next.opens_at, "2027-05-01T09:00");
        assert_eq!(next.closes_at, "2027-05-14T17:00");
        assert_eq!(next.matching_on, "2027-05-14");
        assert_eq!(next.relationship_starts_on, "2027-05-17");
        assert_eq!(next.length_months, "12");
    }
}
