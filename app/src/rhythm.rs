//! A program's rhythm: the months its application windows open, how long they stay open, when matching and
//! the relationships follow, and how long those last. The server proposes the next cycle's dates from it; the
//! members on the program's interest list hear when a window opens and shortly before it closes.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::types::ProgramId;

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The seed's rhythm: three-week windows in February and September, matching a week after a window closes,
/// relationships a week after that, for at least six months.
pub const SEED_MONTHS: [u32; 2] = [2, 9];
pub const SEED_WINDOW_DAYS: u32 = 21;
pub const SEED_MATCHING_AFTER_DAYS: u32 = 7;
pub const SEED_START_AFTER_DAYS: u32 = 7;
pub const SEED_LENGTH_MONTHS: u32 = 6;

/// Days before a window closes when the members who have not applied yet are reminded.
pub const CLOSING_REMINDER_DAYS: i64 = 3;

/// A checked rhythm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhythm {
    /// 1–12, ascending, no repeats.
    pub months: Vec<u32>,
    pub window_days: u32,
    pub matching_after_days: u32,
    pub start_after_days: u32,
    pub length_months: u32,
}

impl Default for Rhythm {
    fn default() -> Self {
        Rhythm {
            months: SEED_MONTHS.to_vec(),
            window_days: SEED_WINDOW_DAYS,
            matching_after_days: SEED_MATCHING_AFTER_DAYS,
            start_after_days: SEED_START_AFTER_DAYS,
            length_months: SEED_LENGTH_MONTHS,
        }
    }
}

impl Rhythm {
    /// The rhythm as the admin's form shows it.
    pub fn form(&self) -> RhythmForm {
        RhythmForm {
            months: self.months.clone(),
            window_days: self.window_days.to_string(),
            matching_after_days: self.matching_after_days.to_string(),
            start_after_days: self.start_after_days.to_string(),
            length_months: self.length_months.to_string(),
        }
    }

    /// "Windows open on the 1st of February and September for 21 days; …" for the program card.
    pub fn describe(&self) -> String {
        let months = month_list(&self.months);
        format!(
            "Windows open on the 1st of {months} for {} days; matching {} days after a window closes; \
             relationships start {} days later and last {} months.",
            self.window_days, self.matching_after_days, self.start_after_days, self.length_months
        )
    }

    /// The months as stored: "2,9".
    pub fn months_key(&self) -> String {
        self.months
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads stored months back; anything unreadable falls back to the seed's.
    pub fn months_from_key(key: &str) -> Vec<u32> {
        let mut months: Vec<u32> = key
            .split(',')
            .filter_map(|m| m.trim().parse().ok())
            .filter(|m| (1..=12).contains(m))
            .collect();
        months.sort_unstable();
        months.dedup();
        if months.is_empty() {
            SEED_MONTHS.to_vec()
        } else {
            months
        }
    }
}

/// The admin's rhythm form: months ticked, numbers as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RhythmForm {
    pub months: Vec<u32>,
    pub window_days: String,
    pub matching_after_days: String,
    pub start_after_days: String,
    pub length_months: String,
}

/// Checks the rhythm form; errors are keyed by field.
///
/// # Errors
/// No month, or a number out of its range (a relationship lasts at least six months, as the seed commits
/// members to).
pub fn validate_rhythm(form: &RhythmForm) -> Result<Rhythm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut months: Vec<u32> = form.months.clone();
    months.sort_unstable();
    months.dedup();
    if months.is_empty() || months.iter().any(|m| !(1..=12).contains(m)) {
        errors.add(
            "months",
            "Tick at least one month for the windows to open in.",
        );
    }
    let mut number = |field: &str,
                      value: &str,
                      range: std::ops::RangeInclusive<u32>,
                      what: &str| match value.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.add(
                field,
                format!(
                    "Enter {what}: a whole number from {} to {}.",
                    range.start(),
                    range.end()
                ),
            );
            0
        }
    };
    let window_days = number(
        "window_days",
        &form.window_days,
        1..=90,
        "the days a window stays open",
    );
    let matching_after_days = number(
        "matching_after_days",
        &form.matching_after_days,
        0..=60,
        "the days from a window's close to matching",
    );
    let start_after_days = number(
        "start_after_days",
        &form.start_after_days,
        0..=90,
        "the days from matching to the relationships' start",
    );
    let length_months = number(
        "length_months",
        &form.length_months,
        6..=24,
        "the months a relationship lasts (at least six)",
    );
    errors.into_result(Rhythm {
        months,
        window_days,
        matching_after_days,
        start_after_days,
        length_months,
    })
}

/// "Spring 2027" for a window opening February–July, else "Fall 2026".
pub fn season_name(month: u32, year: i32) -> String {
    let season = if (2..=7).contains(&month) {
        "Spring"
    } else {
        "Fall"
    };
    format!("{season} {year}")
}

/// A program on the member's "stay involved" list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestView {
    pub program_id: ProgramId,
    pub program_name: String,
    /// When its windows open, e.g. "February and September".
    pub window_months: String,
    pub on_list: bool,
}

/// "February and September".
pub fn month_list(months: &[u32]) -> String {
    let names: Vec<&str> = months
        .iter()
        .filter_map(|m| MONTH_NAMES.get((*m as usize).wrapping_sub(1)).copied())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(months: &[u32], window: &str, length: &str) -> RhythmForm {
        RhythmForm {
            months: months.to_vec(),
            window_days: window.into(),
            matching_after_days: "7".into(),
            start_after_days: "7".into(),
            length_months: length.into(),
        }
    }

    #[test]
    fn the_seed_rhythm_is_valid_and_reads_as_a_sentence() {
        let rhythm = validate_rhythm(&Rhythm::default().form()).expect("valid");
        assert_eq!(rhythm, Rhythm::default());
        assert_eq!(
            rhythm.describe(),
            "Windows open on the 1st of February and September for 21 days; matching 7 days after a window \
             closes; relationships start 7 days later and last 6 months."
        );
        assert_eq!(Rhythm::months_from_key(&rhythm.months_key()), vec![2, 9]);
    }

    #[test]
    fn months_are_required_and_relationships_last_six_months_at_least() {
        let errors = validate_rhythm(&form(&[], "21", "5")).expect_err("invalid");
        assert!(errors.get("months").is_some());
        assert!(errors
            .get("length_months")
            .is_some_and(|m| m.contains("at least six")));
        assert!(errors.get("window_days").is_none());
        assert!(validate_rhythm(&form(&[13], "21", "6")).is_err());
        assert!(validate_rhythm(&form(&[9], "0", "6")).is_err());
        let months = validate_rhythm(&form(&[9, 2, 9], "14", "12"))
            .expect("valid")
            .months;
        assert_eq!(months, vec![2, 9]);
    }

    #[test]
    fn stored_months_are_read_defensively_and_named() {
        assert_eq!(Rhythm::months_from_key("9, 2,x,13"), vec![2, 9]);
        assert_eq!(Rhythm::months_from_key(""), vec![2, 9]);
        assert_eq!(month_list(&[1, 5, 9]), "January, May and September");
        assert_eq!(season_name(2, 2027), "Spring 2027");
        assert_eq!(season_name(9, 2026), "Fall 2026");
    }
}
