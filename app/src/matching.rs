//! The matching page's data: runs, groups, adjustments, publication and the introduction message; the engine's
//! own vocabulary (weights, modes, score explanations, quality figures) is in the `engine` crate and re-exported here.

use crate::types::{CycleId, ProgramId, UserId};
pub use engine::score::{Component, ComponentKind, Weights};
pub use engine::{Mode, QualityReport};
use serde::{Deserialize, Serialize};

/// Weights outside this range are refused: enough to express any priority, small enough that no total can
/// overflow.
pub const WEIGHT_LIMIT: i64 = 100;

/// One editable weight: its form key, label, and where it lives in [`Weights`].
pub struct WeightField {
    pub key: &'static str,
    pub label: &'static str,
    pub get: fn(&Weights) -> i64,
    pub set: fn(&mut Weights, i64),
}

/// The weights in the order the page shows them.
pub const WEIGHT_FIELDS: [WeightField; 12] = [
    WeightField {
        key: "growth_rank_1",
        label: "Strength meets a rank-1 growth area",
        get: |w| w.growth_rank_points[0],
        set: |w, v| w.growth_rank_points[0] = v,
    },
    WeightField {
        key: "growth_rank_2",
        label: "Strength meets a rank-2 growth area",
        get: |w| w.growth_rank_points[1],
        set: |w, v| w.growth_rank_points[1] = v,
    },
    WeightField {
        key: "growth_rank_3",
        label: "Strength meets a rank-3 growth area",
        get: |w| w.growth_rank_points[2],
        set: |w, v| w.growth_rank_points[2] = v,
    },
    WeightField {
        key: "mutual_bonus",
        label: "Each helps the other grow",
        get: |w| w.mutual_bonus,
        set: |w, v| w.mutual_bonus = v,
    },
    WeightField {
        key: "time_zone_free_hours",
        label: "Hours apart that cost nothing",
        get: |w| w.time_zone_free_hours,
        set: |w, v| w.time_zone_free_hours = v,
    },
    WeightField {
        key: "time_zone_penalty_per_hour",
        label: "Points lost per further hour apart",
        get: |w| w.time_zone_penalty_per_hour,
        set: |w, v| w.time_zone_penalty_per_hour = v,
    },
    WeightField {
        key: "same_frequency",
        label: "Same meeting frequency",
        get: |w| w.same_frequency,
        set: |w, v| w.same_frequency = v,
    },
    WeightField {
        key: "adjacent_frequency",
        label: "Neighbouring meeting frequencies",
        get: |w| w.adjacent_frequency,
        set: |w, v| w.adjacent_frequency = v,
    },
    WeightField {
        key: "per_shared_method",
        label: "Per shared way to communicate (up to 2)",
        get: |w| w.per_shared_method,
        set: |w, v| w.per_shared_method = v,
    },
    WeightField {
        key: "preference_met",
        label: "Per confidential preference met",
        get: |w| w.preference_met,
        set: |w, v| w.preference_met = v,
    },
    WeightField {
        key: "per_shared_area",
        label: "Per shared area of responsibility (up to 3)",
        get: |w| w.per_shared_area,
        set: |w, v| w.per_shared_area = v,
    },
    WeightField {
        key: "returning_with_new",
        label: "Returning member with a first-timer",
        get: |w| w.returning_with_new,
        set: |w, v| w.returning_with_new = v,
    },
];

/// Checks every weight is within ±[`WEIGHT_LIMIT`]; errors are keyed by [`WeightField::key`].
pub fn validate_weights(weights: &Weights) -> Result<(), crate::error::FieldErrors> {
    let mut errors = crate::error::FieldErrors::default();
    for field in &WEIGHT_FIELDS {
        let value = (field.get)(weights);
        if value.abs() > WEIGHT_LIMIT {
            errors.add(
                field.key,
                format!("Between -{WEIGHT_LIMIT} and {WEIGHT_LIMIT}."),
            );
        }
    }
    if weights.time_zone_free_hours < 0 {
        errors.add("time_zone_free_hours", "Zero or more hours.");
    }
    errors.into_result(())
}

/// A member as the matching page names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The member's user id.
    pub id: UserId,
    pub name: String,
    pub institution: String,
}

impl Member {
    /// How pickers name a person, "name — institution" (two people may share a name); the server's search of
    /// people matches this same text, so a chosen suggestion always finds its person.
    pub fn label(&self) -> String {
        format!("{} — {}", self.name, self.institution)
    }
}

/// A pair (or trio) of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub members: Vec<Member>,
    pub score: i64,
    pub components: Vec<Component>,
}

/// Someone a run left without a peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedView {
    pub member: Member,
    pub reason: String,
    /// The pair this person would add most to as a third member, and the points that adds.
    pub triad: Option<(Vec<Member>, i64)>,
}

/// How a run differs from the one before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub previous_number: i32,
    pub previous_report: QualityReport,
    /// What changed in the settings or by hand between the two runs, in words.
    pub causes: Vec<String>,
    /// The first [`GROUPS_PAGE`] of the people whose peers changed; all of them through `load_moved`.
    pub moved: Vec<PeerChange>,
    /// How many people's peers changed.
    pub moved_count: usize,
}

/// How many groups (or people moved) the matching page shows at first, and loads at a time after that: a large
/// cohort's page stays light on a phone.
pub const GROUPS_PAGE: usize = 50;

/// How far a matching run has got, shown while the admin waits on a large cohort.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunProgress {
    /// The step under way, from 1.
    pub step: u8,
    pub steps: u8,
    /// What the step does, in words.
    pub label: String,
    /// Seconds since the run began.
    pub seconds: u64,
}

/// A slice of a run's groups, those whose members' names contain the query when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    /// Each group with its place in the run (which keys it in the page's list).
    pub groups: Vec<(usize, GroupView)>,
    /// How many groups match the query in all.
    pub matching: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerChange {
    pub member: Member,
    /// Peer names before and after ("nobody" when empty).
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub score_before: Option<i64>,
    pub score_after: Option<i64>,
}

/// One saved run, whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    pub id: i64,
    pub number: i32,
    pub mode: Mode,
    /// How the run was made: "Solved" or the adjustment, in words.
    pub note: String,
    pub created_at: String,
    pub created_by: String,
    /// The first [`GROUPS_PAGE`] groups; the rest come through `load_groups` as the admin asks.
    pub groups: Vec<GroupView>,
    /// How many groups the run has.
    pub group_count: usize,
    pub unmatched: Vec<UnmatchedView>,
    pub report: QualityReport,
    /// In fairness mode, the figures of the maximum-total matching, to compare.
    pub compared_with_total: Option<QualityReport>,
    pub comparison: Option<Comparison>,
}

/// A run in the list of runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub number: i32,
    pub note: String,
    pub created_at: String,
    pub report: QualityReport,
}

/// The introduction email's template for a program.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroTemplate {
    pub subject: String,
    pub body: String,
}

/// Where a cycle's matching stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchingPage {
    pub cycle_id: CycleId,
    pub cycle_name: String,
    pub program_id: ProgramId,
    pub program_name: String,
    /// Applications can still come in: matching waits for the window to close.
    pub window_open: bool,
    pub applicants: usize,
    /// Applicants left out of matching until they confirm their email address (the first few names).
    pub unconfirmed: Vec<String>,
    /// How many applicants that is.
    pub unconfirmed_count: usize,
    pub weights: Weights,
    pub mode: Mode,
    /// Locked and forbidden pairs for the next run.
    pub locked: Vec<[Member; 2]>,
    pub forbidden: Vec<[Member; 2]>,
    pub runs: Vec<RunSummary>,
    /// The run shown: the one asked for, else the newest.
    pub run: Option<RunView>,
    /// The published run's number, with when and by whom.
    pub published: Option<Published>,
    pub template: IntroTemplate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub run_number: i32,
    pub at: String,
    pub by: String,
    pub pairs: usize,
    /// Introductions queued, one per pair or trio.
    pub emails: usize,
    /// People left without a peer, each emailed why and what happens next.
    pub unmatched_told: usize,
}

/// What running with different settings would give, without saving anything.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub report: QualityReport,
    /// The shown run's figures, to show the difference against.
    pub against: Option<QualityReport>,
    /// How many people would have a different peer than in the shown run.
    pub people_moved: usize,
}

/// What the next run must do with a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairRule {
    Lock,
    Forbid,
    /// Neither locked nor forbidden.
    Clear,
}

/// A hand adjustment to a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Adjustment {
    /// `person` and `peer` become a pair; the peers they leave are paired together when allowed.
    PairWith { person: UserId, peer: UserId },
    /// `person` joins the group `member` is in, as a third.
    JoinGroup { person: UserId, member: UserId },
}

/// What an adjustment would change, shown before it is applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdjustmentPreview {
    /// The adjustment in words.
    pub summary: String,
    pub total_before: i64,
    pub total_after: i64,
    /// Each group the adjustment touches: before and after, with scores.
    pub groups_before: Vec<GroupView>,
    pub groups_after: Vec<GroupView>,
    /// People the adjustment leaves without a peer.
    pub left_alone: Vec<Member>,
}

/// An introduction rendered for one real pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroPreview {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Placeholders an introduction template may use, with what they stand for.
pub const INTRO_PLACEHOLDERS: [(&str, &str); 9] = [
    ("{program}", "the program's name"),
    ("{cycle}", "the cycle's name"),
    ("{names}", "everyone's first names, e.g. \"Ana and Ben\""),
    ("{contact}", "the program's contact email"),
    ("{starts_on}", "the day relationships start"),
    ("{months}", "how many months they run"),
    ("{people}", "a paragraph per person: name, institution, time zone, how they like to meet and communicate, strengths, growth areas and goals"),
    ("{shared}", "what the pair has in common (areas, meeting frequency, communication)"),
    ("{workspace}", "the link to the pair's workspace"),
];

/// The template programs start with; admins edit it per program.
pub fn default_intro_template() -> IntroTemplate {
    IntroTemplate {
        subject: "{program}: meet your peer, {names}".to_owned(),
        body: "Hello {names},\n\nWelcome to {cycle} of {program}. You have been matched as peers: each of you brings strengths the other wants to grow in. Please reach out to each other this week and set up your first check-in.\n\n{people}\n\nWhat you share: {shared}\n\nYour relationship starts on {starts_on} and runs for {months} months. Meet at least monthly, set your goals together and log your check-ins in your shared workspace: {workspace}\n\nQuestions? Write to {contact}.\n".to_owned(),
    }
}

/// Longest template subject and body accepted.
pub const INTRO_SUBJECT_MAX: usize = 200;
pub const INTRO_BODY_MAX: usize = 10_000;

/// Checks a template: a subject on one line, a body, both within limits, and only known placeholders.
pub fn validate_intro_template(template: &IntroTemplate) -> Result<(), crate::error::FieldErrors> {
    let mut errors = crate::error::FieldErrors::default();
    let subject = template.subject.trim();
    if subject.is_empty() {
        errors.add("subject", "Give the email a subject.");
    } else if subject.contains('\n') || subject.chars().count() > INTRO_SUBJECT_MAX {
        errors.add(
            "subject",
            format!("One line of at most {INTRO_SUBJECT_MAX} characters."),
        );
    }
    if template.body.trim().is_empty() {
        errors.add("body", "Write the email's text.");
    } else if template.body.chars().count() > INTRO_BODY_MAX {
        errors.add("body", format!("At most {INTRO_BODY_MAX} characters."));
    }
    for (field, text) in [("subject", &template.subject), ("body", &template.body)] {
        if let Some(unknown) = unknown_placeholder(text) {
            errors.add(
                field,
                format!("{unknown} is not a placeholder; use one of those listed."),
            );
        }
    }
    errors.into_result(())
}

/// The first `{word}` in `text` that is not a known placeholder.
fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start..];
        let end = after.find('}')?;
        let candidate = &after[..=end];
        let is_word = candidate[1..candidate.len() - 1]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_');
        if is_word && !INTRO_PLACEHOLDERS.iter().any(|(p, _)| *p == candidate) {
            return Some(candidate.to_owned());
        }
        rest = &after[1..];
    }
    None
}

/// Replaces each placeholder with its value (`values` pairs placeholders with text).
pub fn render_template(text: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(text.to_owned(), |acc, (key, value)| acc.replace(key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_weights_are_valid_and_every_field_round_trips() {
        let mut weights = Weights::default();
        assert!(validate_weights(&weights).is_ok());
        for (i, field) in WEIGHT_FIELDS.iter().enumerate() {
            (field.set)(&mut weights, 50 + i as i64);
            assert_eq!((field.get)(&weights), 50 + i as i64, "{}", field.key);
        }
    }

    #[test]
    fn weights_out_of_range_are_refused_by_field() {
        let weights = Weights {
            mutual_bonus: 101,
            time_zone_free_hours: -1,
            ..Weights::default()
        };
        let errors = validate_weights(&weights).expect_err("invalid");
        assert!(errors.get("mutual_bonus").is_some());
        assert!(errors.get("time_zone_free_hours").is_some());
        assert!(errors.get("same_frequency").is_none());
    }

    #[test]
    fn modes_round_trip_through_their_keys() {
        for mode in Mode::ALL {
            assert_eq!(Mode::from_key(mode.key()), Some(mode));
        }
        assert_eq!(Mode::from_key("best"), None);
    }

    #[test]
    fn the_default_template_is_valid_and_unknown_placeholders_are_named() {
        assert!(validate_intro_template(&default_intro_template()).is_ok());
        let bad = IntroTemplate {
            subject: "Hi {first}".to_owned(),
            body: "Dear {names}, see {preference}. Braces {like this} are fine.".to_owned(),
        };
        let errors = validate_intro_template(&bad).expect_err("unknown placeholders");
        assert!(errors.get("subject").is_some_and(|m| m.contains("{first}")));
        assert!(errors
            .get("body")
            .is_some_and(|m| m.contains("{preference}")));
    }

    #[test]
    fn rendering_replaces_every_occurrence() {
        let text = render_template(
            "{names}, welcome. Bye {names}.",
            &[("{names}", "Ana and Ben".to_owned())],
        );
        assert_eq!(text, "Ana and Ben, welcome. Bye Ana and Ben.");
    }
}
