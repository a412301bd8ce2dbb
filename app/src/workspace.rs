//! A pair's shared workspace as members see it: the peer's shared profile, the first-check-in checklist,
//! goals with their history, check-ins (each member's private note stays theirs), and ending early. Also
//! the admin's per-cycle overview of the pairs.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::types::{CycleId, PairId};

/// The seed's questions for before and during the first check-in (seed 001), as checklist items:
/// (key, section, text). Keys are stored; never reuse one for a different question.
pub const CHECKLIST: [(&str, &str, &str); 14] = [
    (
        "before-email",
        "Before your first check-in",
        "Agree whether you will email between meetings.",
    ),
    (
        "before-schedule",
        "Before your first check-in",
        "Agree how you will schedule your check-ins (at least once a month).",
    ),
    (
        "before-struggle",
        "Before your first check-in",
        "Think about: in which areas are you struggling the most?",
    ),
    (
        "before-barriers",
        "Before your first check-in",
        "Think about: what barriers are you facing?",
    ),
    (
        "before-success",
        "Before your first check-in",
        "Think about: how do you define success?",
    ),
    (
        "before-win",
        "Before your first check-in",
        "Think about: what was one win you had in the past month?",
    ),
    (
        "before-excites",
        "Before your first check-in",
        "Think about: what excites you about your role at your institution?",
    ),
    (
        "before-why",
        "Before your first check-in",
        "Think about: why did you apply for the peer mentor program?",
    ),
    (
        "during-role",
        "During your first check-in",
        "Ask: how long have you worked in your current role?",
    ),
    (
        "during-institution",
        "During your first check-in",
        "Ask: what made you choose the type of institution you work at?",
    ),
    (
        "during-path",
        "During your first check-in",
        "Ask: what does your professional career path look like?",
    ),
    (
        "during-goals",
        "During your first check-in",
        "Ask: what are your professional goals?",
    ),
    (
        "during-agree",
        "During your first check-in",
        "Agree together on the goals of your peer relationship (add them below).",
    ),
    (
        "during-listen",
        "During your first check-in",
        "Be an active listener.",
    ),
];

/// Whose goal it is, as the viewer sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalOwner {
    Me,
    Peer,
    #[default]
    Both,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
    Dropped,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 4] = [
        GoalStatus::NotStarted,
        GoalStatus::InProgress,
        GoalStatus::Done,
        GoalStatus::Dropped,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "not_started",
            GoalStatus::InProgress => "in_progress",
            GoalStatus::Done => "done",
            GoalStatus::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "Not started",
            GoalStatus::InProgress => "In progress",
            GoalStatus::Done => "Done",
            GoalStatus::Dropped => "Dropped",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

pub const GOAL_TITLE_MAX: usize = 150;
pub const TEXT_MAX: usize = 4_000;

/// A new goal as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalForm {
    pub title: String,
    pub why: String,
    /// `YYYY-MM-DD`, or empty for none.
    pub target_on: String,
    pub owner: GoalOwner,
}

/// Checks a goal; `title`, `why` and `target_on` errors are keyed by field.
pub fn validate_goal(form: &GoalForm) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = form.title.trim();
    if title.is_empty() {
        errors.add("title", "Name the goal.");
    } else if title.chars().count() > GOAL_TITLE_MAX || title.contains('\n') {
        errors.add(
            "title",
            format!("One line of at most {GOAL_TITLE_MAX} characters."),
        );
    }
    if form.why.chars().count() > TEXT_MAX {
        errors.add("why", format!("At most {TEXT_MAX} characters."));
    }
    if !form.target_on.trim().is_empty() && !is_date(form.target_on.trim()) {
        errors.add("target_on", "Enter a date, or leave it empty.");
    }
    errors.into_result(())
}

/// Whether `text` is a real `YYYY-MM-DD` date.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y.abs() < 10_000 && (1..=days).contains(&d) && text.len() == 10
}

/// A progress or status change to a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalUpdate {
    /// 0 to 100.
    pub progress: i32,
    pub status: GoalStatus,
}

pub fn validate_goal_update(update: &GoalUpdate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    if !(0..=100).contains(&update.progress) {
        errors.add("progress", "Between 0 and 100%.");
    }
    errors.into_result(())
}

/// A check-in as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInForm {
    /// `YYYY-MM-DD`.
    pub met_on: String,
    /// One of the communication methods, e.g. "Video call".
    pub how: String,
    /// Shared with the peer.
    pub notes: String,
    pub goals_moved: Vec<i64>,
    /// 1 to 5; 0 when not chosen.
    pub usefulness: u8,
    /// Only the author ever sees it.
    pub private_note: String,
}

/// Checks a check-in; `today` (`YYYY-MM-DD`, the member's day) bounds the meeting date.
pub fn validate_check_in(form: &CheckInForm, today: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    let met = form.met_on.trim();
    if !is_date(met) {
        errors.add("met_on", "Enter the day you met.");
    } else if met > today {
        errors.add("met_on", "Log a meeting once it has happened.");
    }
    if !engine::options::COMMUNICATION_METHODS.contains(&form.how.as_str()) {
        errors.add("how", "Choose how you met.");
    }
    if !(1..=5).contains(&form.usefulness) {
        errors.add(
            "usefulness",
            "Choose from 1 (not useful) to 5 (very useful).",
        );
    }
    for (field, text) in [("notes", &form.notes), ("private_note", &form.private_note)] {
        if text.chars().count() > TEXT_MAX {
            errors.add(field, format!("At most {TEXT_MAX} characters."));
        }
    }
    errors.into_result(())
}

pub const END_REASON_MAX: usize = 1_000;

/// Checks the reason for ending a pair early (or re-assigning someone): required, bounded.
pub fn validate_reason(reason: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    let reason = reason.trim();
    if reason.is_empty() {
        errors.add("reason", "Say why, in a sentence.");
    } else if reason.chars().count() > END_REASON_MAX {
        errors.add("reason", format!("At most {END_REASON_MAX} characters."));
    }
    errors.into_result(())
}

/// What a member shares with their peer: every answer except the confidential assignment preference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerProfile {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub institution: String,
    pub institution_types: Vec<String>,
    pub enrollment_size: String,
    pub time_zone: String,
    pub areas: Vec<String>,
    pub strengths: Vec<String>,
    pub growth: Vec<String>,
    pub goals: String,
    pub meeting_frequency: String,
    pub communication_methods: Vec<String>,
    pub resource_formats: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalEventView {
    pub who: String,
    pub change: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalView {
    pub id: i64,
    pub title: String,
    pub why: String,
    pub target_on: Option<String>,
    pub owner: GoalOwner,
    /// "You", the peer's first name, or "Both of you".
    pub owner_label: String,
    pub progress: i32,
    pub status: GoalStatus,
    /// Newest first.
    pub history: Vec<GoalEventView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInView {
    pub id: i64,
    pub met_on: String,
    pub how: String,
    pub notes: String,
    pub goals_moved: Vec<String>,
    pub usefulness: u8,
    pub logged_by: String,
    /// The viewer's own private note on this check-in; the peer's is never sent.
    pub private_note: Option<String>,
}

/// Whether the pair is still meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairStatus {
    Active,
    /// Ended early by one of its members.
    Ended,
    /// Changed by an admin's re-assignment.
    Reassigned,
    /// Reached its end date: its members say how it ended; goals and check-ins can still be recorded.
    Finished,
}

impl PairStatus {
    pub fn key(self) -> &'static str {
        match self {
            PairStatus::Active => "active",
            PairStatus::Ended => "ended",
            PairStatus::Reassigned => "reassigned",
            PairStatus::Finished => "finished",
        }
    }

    pub fn from_key(key: &str) -> Self {
        match key {
            "ended" => PairStatus::Ended,
            "reassigned" => PairStatus::Reassigned,
            "finished" => PairStatus::Finished,
            _ => PairStatus::Active,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PairStatus::Active => "Active",
            PairStatus::Ended => "Ended early",
            PairStatus::Reassigned => "Re-assigned",
            PairStatus::Finished => "Finished",
        }
    }

    /// Whether its members can still record goals and check-ins (until the end date, and for the closing
    /// conversation after it).
    pub fn is_open(self) -> bool {
        matches!(self, PairStatus::Active | PairStatus::Finished)
    }
}

/// The whole workspace of one pair, for one of its members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub pair_id: PairId,
    pub program_name: String,
    pub cycle_name: String,
    pub contact_email: String,
    pub status: PairStatus,
    /// Why and when it ended, when it has.
    pub ended: Option<String>,
    /// When the relationship starts and ends, as a sentence ("started on …, runs until …").
    pub timeline: String,
    pub peers: Vec<PeerProfile>,
    /// Checklist keys the viewer ticked.
    pub checklist_done: Vec<String>,
    pub goals: Vec<GoalView>,
    /// Newest first.
    pub check_ins: Vec<CheckInView>,
    /// The viewer's "today" (`YYYY-MM-DD`), for the check-in form's default and bound.
    pub today: String,
    /// The viewer's answer to how the relationship ended, once given (asked when it is finished).
    pub outcome: Option<crate::outcome::MyOutcome>,
}

/// A pair in the member's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairSummary {
    pub pair_id: PairId,
    pub program_name: String,
    pub cycle_name: String,
    pub peers: Vec<String>,
    pub status: PairStatus,
    /// Finished, and the viewer has not yet said how it ended.
    pub awaiting_outcome: bool,
    /// An active pair's next monthly check-in, as a date to show ("Monday 4 January 2027").
    pub next_check_in: Option<String>,
    /// That date has passed.
    pub check_in_overdue: bool,
}

/// One pair in the admin's overview of a cycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairRow {
    pub pair_id: PairId,
    pub members: Vec<crate::matching::Member>,
    pub status: PairStatus,
    pub ended: Option<String>,
    pub check_ins: usize,
    /// Check-ins per month, oldest month first: ("2027-03", 2).
    pub per_month: Vec<(String, usize)>,
    pub last_check_in: Option<String>,
    /// Active, and no check-in (or, without one, no pairing) in the last 45 days.
    pub at_risk: bool,
    pub goals: usize,
    pub goals_done: usize,
    pub usefulness: Option<f64>,
    /// Its members' answers at the end of the relationship.
    pub outcomes: Vec<crate::outcome::MemberOutcome>,
}

/// The admin's overview of a cycle's published pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleOverview {
    pub cycle_id: CycleId,
    pub cycle_name: String,
    pub program_name: String,
    pub published: bool,
    pub pairs: Vec<PairRow>,
    pub months: Vec<String>,
    pub active: usize,
    pub ended: usize,
    /// Pairs past their end date.
    pub finished: usize,
    pub outcomes: crate::outcome::OutcomeCounts,
    pub at_risk: usize,
    pub goals: usize,
    pub goals_done: usize,
    pub usefulness: Option<f64>,
}

/// Days without a check-in after which a pair counts as at risk on the overview.
pub const AT_RISK_DAYS: i64 = 45;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_for_real_days() {
        assert!(is_date("2027-02-28"));
        assert!(is_date("2028-02-29"));
        assert!(!is_date("2027-02-29"));
        assert!(!is_date("2027-13-01"));
        assert!(!is_date("27-1-1"));
        assert!(!is_date("next week"));
    }

    #[test]
    fn a_goal_needs_a_title_and_a_real_date() {
        let errors = validate_goal(&GoalForm {
            title: " ".into(),
            target_on: "2027-02-30".into(),
            ..GoalForm::default()
        })
        .expect_err("invalid");
        assert!(errors.get("title").is_some());
        assert!(errors.get("target_on").is_some());
        assert!(validate_goal(&GoalForm {
            title: "Lead the SIS migration".into(),
            ..GoalForm::default()
        })
        .is_ok());
    }

    #[test]
    fn a_check_in_is_in_the_past_with_a_method_and_a_rating() {
        let form = CheckInForm {
            met_on: "2027-03-02".into(),
            how: "Video call".into(),
            usefulness: 4,
            ..CheckInForm::default()
        };
        assert!(validate_check_in(&form, "2027-03-02").is_ok());
        let errors = validate_check_in(&form, "2027-03-01").expect_err("future");
        assert!(errors.get("met_on").is_some());
        let errors = validate_check_in(
            &CheckInForm {
                how: "Carrier pigeon".into(),
                usefulness: 6,
                ..form
            },
            "2027-03-02",
        )
        .expect_err("invalid");
        assert!(errors.get("how").is_some() && errors.get("usefulness").is_some());
    }

    #[test]
    fn progress_and_reasons_are_bounded() {
        assert!(validate_goal_update(&GoalUpdate {
            progress: 101,
            status: GoalStatus::Done
        })
        .is_err());
        assert!(validate_reason("  ").is_err());
        assert!(validate_reason("Our schedules no longer overlap.").is_ok());
    }

    #[test]
    fn checklist_keys_are_unique() {
        let mut keys: Vec<&str> = CHECKLIST.iter().map(|c| c.0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), CHECKLIST.len());
    }
}
