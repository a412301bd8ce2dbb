//! The wire types of a speed-mentoring session (console, projector, phones) and the validation of the forms
//! that create a session and let someone join it. Shared by the server and the browser.

use crate::types::{CycleId, ProgramId, SessionId};
use serde::{Deserialize, Serialize};

use super::timer::{phases, Phase, PhaseKind, Settings, TimerState, TimerView};
use crate::error::FieldErrors;
use crate::validation::{normalize_email, single_line};

/// The seed's wrap-up questions (seed 004), offered as the defaults of a new session.
pub const DEFAULT_QUESTIONS: [&str; 4] = [
    "How did it feel to be both mentor and mentee?",
    "How is this different from other mentoring you've had?",
    "How will you use this workshop from here?",
    "What barriers and helps to peer mentorship do you expect?",
];

/// Bounds a facilitator can set; beyond them a session would not fit a workshop.
pub const MAX_ROUNDS: u32 = 30;
pub const MAX_MINUTES: u32 = 60;
pub const MAX_QUESTIONS: usize = 10;
const TITLE_MAX: usize = 120;
const QUESTION_MAX: usize = 300;
const INSTITUTION_MAX: usize = 120;
const PLACE_MAX: usize = 160;
/// Prep notes are a page of goals and questions, not a document.
pub const NOTES_MAX: usize = 10_000;
/// One wrap-up answer: a paragraph or two.
pub const WRAP_UP_ANSWER_MAX: usize = 2_000;

/// What to do with the odd one out when the room has an odd count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OddMode {
    /// One table of three.
    #[default]
    Trio,
    /// One person sits out each round, in turn.
    SitOut,
}

impl OddMode {
    pub fn as_str(self) -> &'static str {
        match self {
            OddMode::Trio => "trio",
            OddMode::SitOut => "sit_out",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [OddMode::Trio, OddMode::SitOut]
            .into_iter()
            .find(|mode| mode.as_str() == raw)
    }
}

/// The facilitator's form for a new session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionForm {
    pub title: String,
    pub prep_minutes: u32,
    pub rounds: u32,
    pub round_minutes: u32,
    pub break_minutes: u32,
    pub odd_mode: OddMode,
    /// One question per entry; blank entries are dropped.
    pub questions: Vec<String>,
    /// The program whose members see the workshop on their start page; `None` keeps it unlisted.
    #[serde(default)]
    pub program_id: Option<ProgramId>,
    /// When it starts, `YYYY-MM-DDTHH:MM` in the program's time zone; blank when not announced.
    #[serde(default)]
    pub starts_at: String,
    /// Where it happens ("Room 204, Student Center"), shown with the announcement.
    #[serde(default)]
    pub place: String,
}

impl Default for SessionForm {
    fn default() -> Self {
        let settings = Settings::default();
        SessionForm {
            title: String::new(),
            prep_minutes: settings.prep_minutes,
            rounds: settings.rounds,
            round_minutes: settings.round_minutes,
            break_minutes: settings.break_minutes,
            odd_mode: OddMode::Trio,
            questions: DEFAULT_QUESTIONS.iter().map(|q| (*q).to_owned()).collect(),
            program_id: None,
            starts_at: String::new(),
            place: String::new(),
        }
    }
}

impl SessionForm {
    pub fn settings(&self) -> Settings {
        Settings {
            prep_minutes: self.prep_minutes,
            rounds: self.rounds,
            round_minutes: self.round_minutes,
            break_minutes: self.break_minutes,
        }
    }
}

fn check_range(errors: &mut FieldErrors, field: &str, value: u32, min: u32, max: u32, what: &str) {
    if value < min || value > max {
        errors.add(field, format!("{what} must be between {min} and {max}."));
    }
}

/// Checks a session form and returns it cleaned (title trimmed, blank questions dropped).
///
/// # Errors
/// Every field at fault: `title`, `prep_minutes`, `rounds`, `round_minutes`, `break_minutes`, `questions`.
pub fn validate_session(form: &SessionForm) -> Result<SessionForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = single_line(&form.title, TITLE_MAX, "Give the session a title.")
        .map_err(|message| errors.add("title", message))
        .unwrap_or_default();
    check_range(
        &mut errors,
        "prep_minutes",
        form.prep_minutes,
        0,
        MAX_MINUTES,
        "Preparation minutes",
    );
    check_range(&mut errors, "rounds", form.rounds, 1, MAX_ROUNDS, "Rounds");
    check_range(
        &mut errors,
        "round_minutes",
        form.round_minutes,
        1,
        MAX_MINUTES,
        "Round minutes",
    );
    check_range(
        &mut errors,
        "break_minutes",
        form.break_minutes,
        0,
        MAX_MINUTES,
        "Break minutes",
    );
    let questions: Vec<String> = form
        .questions
        .iter()
        .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|q| !q.is_empty())
        .collect();
    if questions.len() > MAX_QUESTIONS {
        errors.add(
            "questions",
            format!("Use at most {MAX_QUESTIONS} wrap-up questions."),
        );
    } else if questions.iter().any(|q| q.chars().count() > QUESTION_MAX) {
        errors.add(
            "questions",
            format!("Keep each question under {QUESTION_MAX} characters."),
        );
    }
    let place = check_announcement(form, &mut errors);
    errors.into_result(SessionForm {
        title,
        questions,
        place,
        starts_at: form.starts_at.trim().to_owned(),
        ..form.clone()
    })
}

/// A date and place only mean something to the members of the program they are announced to; an announced
/// workshop needs its start. Returns the cleaned place. (The start itself is read in the program's time zone,
/// which the server knows.)
fn check_announcement(form: &SessionForm, errors: &mut FieldErrors) -> String {
    let place = optional(&form.place, |raw| single_line(raw, PLACE_MAX, ""))
        .map_err(|message| errors.add("place", message))
        .unwrap_or_default()
        .unwrap_or_default();
    let starts_at = form.starts_at.trim();
    match form.program_id {
        Some(_) if starts_at.is_empty() => {
            errors.add("starts_at", "Give the day and time members will see.");
        }
        None if !starts_at.is_empty() || !place.is_empty() => {
            errors.add(
                "program_id",
                "Choose the program whose members are invited, or leave the date and place blank.",
            );
        }
        _ => {}
    }
    place
}

/// What someone types to join a session from their phone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinForm {
    pub name: String,
    /// Optional: to email oneself the notes, and to be invited to continue with a peer.
    pub email: String,
    /// Optional: people from the same institution are not paired while avoidable.
    pub institution: String,
}

/// A cleaned join form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidJoin {
    pub name: String,
    pub email: Option<String>,
    pub institution: Option<String>,
}

/// # Errors
/// `name`, `email` or `institution` at fault.
pub fn validate_join(form: &JoinForm) -> Result<ValidJoin, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = crate::validation::normalize_name(&form.name)
        .map_err(|message| errors.add("name", message))
        .unwrap_or_default();
    let email = optional(&form.email, |raw| {
        normalize_email(raw).map_err(str::to_owned)
    })
    .map_err(|message| errors.add("email", message))
    .unwrap_or_default();
    let institution = optional(&form.institution, |raw| {
        single_line(raw, INSTITUTION_MAX, "")
    })
    .map_err(|message| errors.add("institution", message))
    .unwrap_or_default();
    errors.into_result(ValidJoin {
        name,
        email,
        institution,
    })
}

fn optional(
    raw: &str,
    check: impl Fn(&str) -> Result<String, String>,
) -> Result<Option<String>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        check(raw).map(Some)
    }
}

/// A join code as people type it: case and spaces do not matter.
pub fn normalize_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A facilitator's control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Control {
    Start,
    Pause,
    Resume,
    AddMinute,
    Skip,
    End,
}

/// Someone at a table, as every screen may show them (no email: the projector is public).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub id: i64,
    pub name: String,
    pub institution: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    pub number: u32,
    /// In speaking order: the first is mentor first, then they swap at half-time.
    pub seats: Vec<Seat>,
}

/// The pairs of one round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub number: u32,
    pub tables: Vec<TableView>,
    pub sitting_out: Vec<Seat>,
}

impl RoundView {
    /// Where `participant` sits this round: their table and the others at it, or `None` when sitting out.
    pub fn place_of(&self, participant: i64) -> Option<(&TableView, Vec<&Seat>)> {
        self.tables
            .iter()
            .find(|table| table.seats.iter().any(|s| s.id == participant))
            .map(|table| {
                let others = table.seats.iter().filter(|s| s.id != participant).collect();
                (table, others)
            })
    }
}

/// Everything the public screens show; sent to every screen on every change (one payload for all).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub session_id: SessionId,
    pub title: String,
    pub code: String,
    pub settings: Settings,
    pub questions: Vec<String>,
    pub timer: TimerState,
    /// The round being played, or during a break the next one (so people can find their table).
    pub round: Option<RoundView>,
    pub participants: u32,
    /// Follow-up choices as counts only: how many people ticked someone, how many pairs chose each other.
    pub choosers: u32,
    pub mutual_pairs: u32,
}

impl Snapshot {
    pub fn phases(&self) -> Vec<Phase> {
        phases(&self.settings)
    }

    /// What to show at `now` (server clock): the stored state caught up to `now`.
    pub fn view_at(&self, now: i64) -> TimerView {
        let phases = self.phases();
        let mut timer = self.timer.clone();
        timer.catch_up(&phases, now);
        timer.view(&phases, now)
    }
}

/// A phase's name for people.
pub fn phase_label(kind: Option<PhaseKind>, rounds: u32) -> String {
    match kind {
        None => "Not started".to_owned(),
        Some(PhaseKind::Preparation) => "Preparation".to_owned(),
        Some(PhaseKind::Round(n)) => format!("Round {n} of {rounds}"),
        Some(PhaseKind::Break(n)) => format!("Break after round {n}"),
        Some(PhaseKind::WrapUp) => "Wrap-up".to_owned(),
    }
}

/// `m:ss` for a countdown.
pub fn format_countdown(secs: i64) -> String {
    let secs = secs.max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The public view of a session: the projector's, and a phone's starting point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenView {
    pub snapshot: Snapshot,
    pub join_url: String,
    /// The join URL as a QR code, an SVG document rendered on the server.
    pub qr_svg: String,
}

/// A session in the facilitator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: SessionId,
    pub title: String,
    pub code: String,
    pub status: String,
    pub participants: u32,
    pub created: String,
    /// "Tue 15 Dec 2026, 10:00 AM EST · Registrar Peer Mentoring · Room 204", when announced to a program.
    #[serde(default)]
    pub announced: Option<String>,
    /// The settings, to start a new session from this one (templates).
    pub form: SessionForm,
}

/// A program a facilitator may announce a workshop to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopProgram {
    pub id: ProgramId,
    pub name: String,
    /// The zone the start is typed in.
    pub time_zone: String,
}

/// A workshop announced to one of the member's programs that has not ended yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingWorkshop {
    pub title: String,
    pub program_name: String,
    /// "Tue 15 Dec 2026, 10:00 AM EST".
    pub starts: String,
    pub place: String,
    /// The join page, from the workshop's day on (the code is for the room, not for weeks ahead).
    pub join_href: Option<String>,
}

/// A participant in the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRow {
    pub id: i64,
    pub name: String,
    pub institution: Option<String>,
    pub has_email: bool,
    pub signed_in: bool,
    pub left: bool,
    pub joined: String,
}

/// The facilitator's console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleView {
    pub snapshot: Snapshot,
    pub odd_mode: OddMode,
    pub join_url: String,
    pub screen_url: String,
    /// The join URL as a QR code, an SVG document rendered on the server.
    pub qr_svg: String,
    pub participants: Vec<ParticipantRow>,
    /// Cycles open for applications, to invite mutual pairs into (admins only; empty for facilitators).
    pub invite_cycles: Vec<(CycleId, String)>,
}

/// A participant's own view: who they are, their notes, whom they met and chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeView {
    pub participant_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub left: bool,
    pub notes: String,
    /// Their answers to the wrap-up questions, in the questions' order.
    pub wrap_up: Vec<String>,
    /// Everyone they shared a table with, in the order they met.
    pub met: Vec<Seat>,
    /// Whom they would like to continue with.
    pub chosen: Vec<i64>,
    /// Those who chose them back.
    pub mutual: Vec<Seat>,
}

/// The wrap-up questions with the answers written under them, as plain text (the notes' download and
/// email). An unanswered question stays, to take away.
pub fn wrap_up_text(questions: &[String], answers: &[String]) -> String {
    let mut text = String::from("Wrap-up questions:");
    for (i, question) in questions.iter().enumerate() {
        text.push_str("\n- ");
        text.push_str(question);
        if let Some(answer) = answers.get(i).map(|a| a.trim()).filter(|a| !a.is_empty()) {
            text.push_str("\n  ");
            text.push_str(&answer.replace('\n', "\n  "));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_up_text_puts_each_answer_under_its_question() {
        let questions = ["How did it feel?".to_owned(), "What next?".to_owned()];
        let text = wrap_up_text(&questions, &[" Good.\nReally. ".to_owned()]);
        assert_eq!(
            text,
            "Wrap-up questions:\n- How did it feel?\n  Good.\n  Really.\n- What next?"
        );
    }

    #[test]
    fn the_default_form_is_valid_with_a_title() {
        let form = SessionForm {
            title: "  Spring   workshop ".into(),
            ..SessionForm::default()
        };
        let valid = validate_session(&form).expect("valid");
        assert_eq!(valid.title, "Spring workshop");
        assert_eq!(valid.questions.len(), 4);
    }

    #[test]
    fn each_bad_setting_is_reported_on_its_field() {
        let form = SessionForm {
            title: " ".into(),
            prep_minutes: 61,
            rounds: 0,
            round_minutes: 0,
            break_minutes: 99,
            questions: vec!["x".repeat(400)],
            ..SessionForm::default()
        };
        let errors = validate_session(&form).expect_err("invalid");
        for field in [
            "title",
            "prep_minutes",
            "rounds",
            "round_minutes",
            "break_minutes",
            "questions",
        ] {
            assert!(errors.get(field).is_some(), "{field} should be reported");
        }
    }

    #[test]
    fn blank_questions_are_dropped() {
        let form = SessionForm {
            title: "T".into(),
            questions: vec!["  ".into(), " Why? ".into()],
            ..SessionForm::default()
        };
        assert_eq!(
            validate_session(&form).expect("valid").questions,
            vec!["Why?"]
        );
    }

    #[test]
    fn an_announced_workshop_needs_its_start_and_a_date_needs_a_program() {
        let form = |program_id, starts_at: &str, place: &str| SessionForm {
            title: "T".into(),
            program_id,
            starts_at: starts_at.into(),
            place: place.into(),
            ..Default::default()
        };
        let field_of = |form: SessionForm| {
            validate_session(&form)
                .expect_err("refused")
                .iter()
                .map(|(field, _)| field.to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            field_of(form(Some(ProgramId(1)), " ", "Room 2")),
            ["starts_at"]
        );
        assert_eq!(field_of(form(None, "2027-01-12T10:00", "")), ["program_id"]);
        assert_eq!(field_of(form(None, "", "Room 2")), ["program_id"]);
        let valid = validate_session(&form(
            Some(ProgramId(1)),
            " 2027-01-12T10:00 ",
            "  Room   204 ",
        ))
        .expect("announced");
        assert_eq!(valid.starts_at, "2027-01-12T10:00");
        assert_eq!(valid.place, "Room 204");
        assert!(validate_session(&form(None, "", "")).is_ok(), "unlisted");
    }

    #[test]
    fn joining_needs_a_name_and_checks_the_optional_email() {
        let ok = validate_join(&JoinForm {
            name: " Ben ".into(),
            email: String::new(),
            institution: " State U ".into(),
        })
        .expect("valid");
        assert_eq!(ok.email, None);
        assert_eq!(ok.institution.as_deref(), Some("State U"));
        let errors = validate_join(&JoinForm {
            name: String::new(),
            email: "not-an-email".into(),
            institution: String::new(),
        })
        .expect_err("invalid");
        assert!(errors.get("name").is_some() && errors.get("email").is_some());
    }

    #[test]
    fn codes_ignore_case_and_spaces() {
        assert_eq!(normalize_code(" ab3 9k-q "), "AB39KQ");
    }

    #[test]
    fn countdowns_read_as_minutes_and_seconds() {
        assert_eq!(format_countdown(481), "8:01");
        assert_eq!(format_countdown(-3), "0:00");
    }

    #[test]
    fn a_participant_finds_their_table_and_partner() {
        let seat = |id: i64, name: &str| Seat {
            id,
            name: name.into(),
            institution: None,
        };
        let round = RoundView {
            number: 1,
            tables: vec![TableView {
                number: 4,
                seats: vec![seat(1, "Ana"), seat(2, "Ben")],
            }],
            sitting_out: vec![seat(3, "Chloé")],
        };
        let (table, others) = round.place_of(2).expect("seated");
        assert_eq!(table.number, 4);
        assert_eq!(others[0].name, "Ana");
        assert!(round.place_of(3).is_none());
    }
}
