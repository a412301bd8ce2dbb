//! Programs and their cycles as the pages see them, the admin's forms for them, and the rule of the
//! application window.

use crate::types::{CycleId, ProgramId};
use serde::{Deserialize, Serialize};

use crate::application::ApplicationStatus;
use crate::error::FieldErrors;
use crate::validation::{normalize_email, single_line};

/// The default length of a peer relationship, in months (seed 001: "at least 6 months").
pub const DEFAULT_LENGTH_MONTHS: i32 = 6;

/// Whether applications are accepted, from the window's bounds and the current time (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowState {
    Upcoming,
    Open,
    Closed,
}

impl WindowState {
    /// The window is open from `opens` (inclusive) until `closes` (exclusive).
    pub fn at(now: i64, opens: i64, closes: i64) -> Self {
        if now < opens {
            WindowState::Upcoming
        } else if now < closes {
            WindowState::Open
        } else {
            WindowState::Closed
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WindowState::Upcoming => "Opens soon",
            WindowState::Open => "Open for applications",
            WindowState::Closed => "Closed",
        }
    }
}

/// The application window and key dates, formatted by the server in the viewer's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleDates {
    pub state: WindowState,
    /// e.g. "Mon 1 Feb 2027, 9:00 AM EST".
    pub opens: String,
    pub closes: String,
    /// The zone the dates are shown in, e.g. "America/Chicago".
    pub shown_in: String,
    pub matching_on: String,
    pub relationship_starts_on: String,
    pub length_months: i32,
}

/// One cycle in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleSummary {
    pub id: CycleId,
    pub program_id: ProgramId,
    pub program_name: String,
    pub name: String,
    pub dates: CycleDates,
    /// The viewer's own application, if they started one.
    pub my_status: Option<ApplicationStatus>,
}

/// What a member reads before applying.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleBrief {
    pub cycle: CycleSummary,
    pub program_description: String,
    pub contact_email: String,
    /// The competencies the application asks about (the cycle's set), for reviewing before applying.
    pub competencies: Vec<crate::application::CompetencyOption>,
    pub levels: crate::competency_set::Levels,
}

/// A program with its cycles, for the admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramView {
    pub id: ProgramId,
    pub name: String,
    pub description: String,
    pub contact_email: String,
    pub time_zone: String,
    pub cycles: Vec<CycleAdminView>,
    /// The program's rhythm, as its form shows it and in a sentence.
    pub rhythm: crate::rhythm::RhythmForm,
    pub rhythm_summary: String,
    /// The next cycle the rhythm proposes, to start the "New cycle" form with.
    pub next_cycle: CycleForm,
    /// The program's competency sets, oldest first, for the cycle form's choice.
    pub competency_sets: Vec<crate::competency_set::CompetencySetChoice>,
}

/// A cycle as the admin edits it: the raw local date-times next to the formatted dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleAdminView {
    pub id: CycleId,
    pub form: CycleForm,
    pub dates: CycleDates,
    pub submitted: u32,
    pub drafts: u32,
    pub withdrawn: u32,
}

/// The admin's program form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramForm {
    pub name: String,
    pub description: String,
    pub contact_email: String,
    pub time_zone: String,
}

/// The admin's cycle form. Date-times are `YYYY-MM-DDTHH:MM` in the program's time zone (what
/// `<input type="datetime-local">` gives), dates `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleForm {
    pub name: String,
    pub opens_at: String,
    pub closes_at: String,
    pub matching_on: String,
    pub relationship_starts_on: String,
    pub length_months: String,
    /// The competency set its applications rank; `None` keeps the program's latest choice.
    pub competency_set_id: Option<i64>,
}

/// Checks the program form and returns it trimmed. The time zone is checked by the server, which knows the
/// zone database.
///
/// # Errors
/// The fields at fault.
pub fn validate_program(form: &ProgramForm) -> Result<ProgramForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = single_line(&form.name, 120, "Give the program a name.").unwrap_or_else(|m| {
        errors.add("name", m);
        String::new()
    });
    let description = form.description.trim().to_owned();
    if description.chars().count() > 4000 {
        errors.add("description", "Keep the description under 4000 characters.");
    }
    let contact_email = normalize_email(&form.contact_email).unwrap_or_else(|message| {
        errors.add("contact_email", message);
        String::new()
    });
    let time_zone = form.time_zone.trim().to_owned();
    if time_zone.is_empty() {
        errors.add("time_zone", "Choose the program's time zone.");
    }
    errors.into_result(ProgramForm {
        name,
        description,
        contact_email,
        time_zone,
    })
}

/// The parts of the cycle form that need no time zone: name, length and the shapes of the dates. The server
/// then resolves the local times in the program's zone and checks their order.
///
/// # Errors
/// The fields at fault.
pub fn validate_cycle_shape(form: &CycleForm) -> Result<(String, i32), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = single_line(
        &form.name,
        80,
        "Name the cycle, for example \u{201c}Spring 2027\u{201d}.",
    )
    .unwrap_or_else(|m| {
        errors.add("name", m);
        String::new()
    });
    for (field, value, what) in [
        ("opens_at", &form.opens_at, "when the window opens"),
        ("closes_at", &form.closes_at, "when the window closes"),
    ] {
        if !is_local_datetime(value.trim()) {
            errors.add(field, format!("Enter {what} as a date and time."));
        }
    }
    for (field, value, what) in [
        ("matching_on", &form.matching_on, "the matching date"),
        (
            "relationship_starts_on",
            &form.relationship_starts_on,
            "the date relationships start",
        ),
    ] {
        if !is_date(value.trim()) {
            errors.add(field, format!("Enter {what}."));
        }
    }
    let length = match form.length_months.trim().parse::<i32>() {
        Ok(months) if (1..=36).contains(&months) => months,
        _ => {
            errors.add("length_months", "Enter a length between 1 and 36 months.");
            DEFAULT_LENGTH_MONTHS
        }
    };
    errors.into_result((name, length))
}

/// `YYYY-MM-DD` with plausible numbers (the server parses it for real).
fn is_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && value
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// `YYYY-MM-DDTHH:MM`, optionally with `:SS`.
fn is_local_datetime(value: &str) -> bool {
    let Some((date, time)) = value.split_once('T') else {
        return false;
    };
    let time_ok = (time.len() == 5 || time.len() == 8)
        && time
            .split(':')
            .all(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()));
    is_date(date) && time_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_inclusive_and_closes_exclusive() {
        assert_eq!(WindowState::at(9, 10, 20), WindowState::Upcoming);
        assert_eq!(WindowState::at(10, 10, 20), WindowState::Open);
        assert_eq!(WindowState::at(19, 10, 20), WindowState::Open);
        assert_eq!(WindowState::at(20, 10, 20), WindowState::Closed);
    }

    fn cycle() -> CycleForm {
        CycleForm {
            name: " Spring  2027 ".into(),
            opens_at: "2027-02-01T09:00".into(),
            closes_at: "2027-02-22T17:00".into(),
            matching_on: "2027-03-01".into(),
            relationship_starts_on: "2027-03-15".into(),
            length_months: "6".into(),
            competency_set_id: None,
        }
    }

    #[test]
    fn a_good_cycle_form_passes_its_shape_check() {
        assert_eq!(
            validate_cycle_shape(&cycle()),
            Ok(("Spring 2027".to_owned(), 6))
        );
    }

    #[test]
    fn bad_cycle_fields_are_named() {
        let mut form = cycle();
        form.opens_at = "1 Feb".into();
        form.matching_on = String::new();
        form.length_months = "0".into();
        let errors = validate_cycle_shape(&form).expect_err("bad");
        assert!(errors.get("opens_at").is_some());
        assert!(errors.get("matching_on").is_some());
        assert!(errors.get("length_months").is_some());
        assert!(errors.get("closes_at").is_none());
    }

    #[test]
    fn program_form_needs_name_and_contact() {
        let errors = validate_program(&ProgramForm::default()).expect_err("empty");
        assert!(errors.get("name").is_some());
        assert!(errors.get("contact_email").is_some());
        assert!(errors.get("time_zone").is_some());
        let ok = validate_program(&ProgramForm {
            name: "Peer Mentoring".into(),
            description: String::new(),
            contact_email: " Mentoring@Example.edu ".into(),
            time_zone: "America/Chicago".into(),
        })
        .expect("valid");
        assert_eq!(ok.contact_email, "mentoring@example.edu");
    }
}
