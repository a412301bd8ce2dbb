//! The member's application: the form as the wizard edits it, the option lists it chooses from, and the one
//! validator that the browser (instant messages) and the server (authoritative) both run.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use engine::applicant::ApplicantRow;
use engine::options::{AssignmentPreference, COMPETENCIES};

/// How many competencies a member ranks on each side.
pub const RANKED: usize = 3;
/// The longest goals text, in characters.
pub const GOALS_MAX: usize = 2000;
/// Upper bounds on what a draft may hold, so a crafted request cannot store megabytes.
const LIST_MAX: usize = 40;
const LABEL_MAX: usize = 200;

/// The form as the member fills it in. Everything may be blank while it is a draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub institution_types: Vec<String>,
    pub enrollment_size: String,
    pub time_zone: String,
    /// `None` until answered.
    pub previous_cycle: Option<bool>,
    /// Confidential: an [`AssignmentPreference`] label, seen by program admins only.
    pub assignment_preference: String,
    pub resource_formats: Vec<String>,
    pub areas: Vec<String>,
    /// Competency names, rank 1 first.
    pub strengths: Vec<String>,
    /// Competency names, rank 1 first.
    pub growth: Vec<String>,
    pub goals: String,
    pub meeting_frequency: String,
    pub communication_methods: Vec<String>,
    pub commitment: bool,
    pub consent: bool,
}

/// A competency a member can rank, with its summary for the help text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencyOption {
    pub name: String,
    pub slug: String,
    pub summary: String,
}

impl CompetencyOption {
    /// The association's page with the competency's official text.
    pub fn link(&self) -> String {
        format!(
            "https://www.aacrao.org/resources/core-competencies/{}",
            self.slug
        )
    }
}

/// The choices a program offers on its form (its own editable copies of the defaults).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    pub institution_types: Vec<String>,
    pub enrollment_sizes: Vec<String>,
    pub areas: Vec<String>,
    pub resource_formats: Vec<String>,
    pub meeting_frequencies: Vec<String>,
    pub communication_methods: Vec<String>,
    /// The cycle's competency set: its competencies and level names.
    pub competencies: Vec<CompetencyOption>,
    pub levels: crate::competency_set::Levels,
    /// IANA names, the common North American zones first.
    pub time_zones: Vec<String>,
    /// The program's previous cycle, which the "took part before" question names; `None` for a first cycle.
    pub previous_cycle: Option<String>,
}

impl FormOptions {
    /// The defaults of DOMAIN.md, with the given time zones.
    pub fn defaults(time_zones: Vec<String>) -> Self {
        let built_in = engine::applicant::Lists::built_in();
        FormOptions {
            institution_types: built_in.institution_types,
            enrollment_sizes: built_in.enrollment_sizes,
            areas: built_in.areas,
            resource_formats: built_in.resource_formats,
            meeting_frequencies: built_in.meeting_frequencies,
            communication_methods: built_in.communication_methods,
            competencies: COMPETENCIES
                .iter()
                .map(|c| CompetencyOption {
                    name: c.name.to_owned(),
                    slug: c.slug.to_owned(),
                    summary: c.summary.to_owned(),
                })
                .collect(),
            levels: crate::competency_set::Levels::default(),
            time_zones,
            previous_cycle: None,
        }
    }

    /// The lists an application row of this program is read with ([`ApplicantRow::parse_with`]).
    pub fn lists(&self) -> engine::applicant::Lists {
        engine::applicant::Lists {
            institution_types: self.institution_types.clone(),
            enrollment_sizes: self.enrollment_sizes.clone(),
            areas: self.areas.clone(),
            resource_formats: self.resource_formats.clone(),
            meeting_frequencies: self.meeting_frequencies.clone(),
            communication_methods: self.communication_methods.clone(),
            competencies: self.competencies.iter().map(|c| c.name.clone()).collect(),
        }
    }

    pub fn competency(&self, name: &str) -> Option<&CompetencyOption> {
        self.competencies.iter().find(|c| c.name == name)
    }
}

/// The common zones offered first (DOMAIN.md field 2), with the names people know them by.
pub const COMMON_TIME_ZONES: [(&str, &str); 8] = [
    ("America/New_York", "Eastern"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Halifax", "Atlantic"),
];

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    You,
    Preferences,
    StrengthsAndGrowth,
    Goals,
    Agreements,
    Review,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::You,
        Step::Preferences,
        Step::StrengthsAndGrowth,
        Step::Goals,
        Step::Agreements,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::You => "You and your institution",
            Step::Preferences => "Preferences",
            Step::StrengthsAndGrowth => "Strengths and growth",
            Step::Goals => "Goals and meeting",
            Step::Agreements => "Agreements",
            Step::Review => "Review and submit",
        }
    }

    /// 0-based position.
    pub fn index(self) -> usize {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or_default()
    }

    /// The step at a stored position; out-of-range positions fall back to the first step.
    pub fn from_index(index: i32) -> Step {
        usize::try_from(index)
            .ok()
            .and_then(|i| Step::ALL.get(i).copied())
            .unwrap_or(Step::You)
    }

    /// The form fields this step asks for (the names used in [`FieldErrors`]).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Step::You => &[
                "institution_types",
                "enrollment_size",
                "time_zone",
                "previous_cycle",
            ],
            Step::Preferences => &["assignment_preference", "resource_formats", "areas"],
            Step::StrengthsAndGrowth => &["strengths", "growth"],
            Step::Goals => &["goals", "meeting_frequency", "communication_methods"],
            Step::Agreements => &["commitment", "consent"],
            Step::Review => &[],
        }
    }

    /// The step that asks for `field`.
    pub fn of_field(field: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.fields().contains(&field))
    }
}

/// The full text of the two agreements (fields 13 and 14), shown on the form and in the confirmation email.
pub const COMMITMENT_TEXT: &str = "I will take part fully in the program and commit to my assigned peer for at least the \
     recommended length of the relationship (6 months unless the cycle says otherwise): meeting at the agreed frequency, \
     coming prepared, and telling my peer and the program office early if I can no longer take part.";
pub const CONSENT_TEXT: &str = "I agree that everything I enter on this form, except the answers marked confidential, \
     is shared with the peer I am assigned to, so that we can prepare our first conversation. Confidential answers are \
     seen by program admins only.";

/// The prompts the seed gives for thinking about goals.
pub const GOAL_PROMPTS: [&str; 4] = [
    "Where are you struggling most, and what barriers are you facing?",
    "How do you define success for the next six months?",
    "What excites you about your role, and why did you apply?",
    "What would you like to be able to do that you can't yet?",
];

/// Every problem of the whole form, by field.
pub fn validate(form: &ApplicationForm, options: &FormOptions) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for step in Step::ALL {
        validate_step_into(step, form, options, &mut errors);
    }
    errors
}

/// The problems of one step's fields.
pub fn validate_step(step: Step, form: &ApplicationForm, options: &FormOptions) -> FieldErrors {
    let mut errors = FieldErrors::new();
    validate_step_into(step, form, options, &mut errors);
    errors
}

fn validate_step_into(
    step: Step,
    form: &ApplicationForm,
    options: &FormOptions,
    errors: &mut FieldErrors,
) {
    match step {
        Step::You => {
            check_many(
                errors,
                "institution_types",
                &form.institution_types,
                &options.institution_types,
                1,
                "Choose at least one type of institution.",
            );
            check_one(
                errors,
                "enrollment_size",
                &form.enrollment_size,
                &options.enrollment_sizes,
                "Choose your institution's enrollment size.",
            );
            check_one(
                errors,
                "time_zone",
                &form.time_zone,
                &options.time_zones,
                "Choose the time zone you will be in during the cycle.",
            );
            if let (Some(previous), None) = (&options.previous_cycle, form.previous_cycle) {
                errors.add(
                    "previous_cycle",
                    format!("Tell us whether you took part in {previous}."),
                );
            }
        }
        Step::Preferences => {
            if AssignmentPreference::from_label(&form.assignment_preference).is_none() {
                errors.add(
                    "assignment_preference",
                    "Choose a preference, or \u{201c}No preference\u{201d}.",
                );
            }
            check_many(
                errors,
                "resource_formats",
                &form.resource_formats,
                &options.resource_formats,
                0,
                "",
            );
            check_many(
                errors,
                "areas",
                &form.areas,
                &options.areas,
                1,
                "Choose at least one area you are responsible for.",
            );
        }
        Step::StrengthsAndGrowth => check_ranking(form, options, errors),
        Step::Goals => {
            let goals = form.goals.trim();
            if goals.is_empty() {
                errors.add(
                    "goals",
                    "Write a few sentences about what you want from peer mentoring.",
                );
            } else if goals.chars().count() > GOALS_MAX {
                errors.add(
                    "goals",
                    format!("Keep your goals under {GOALS_MAX} characters."),
                );
            }
            check_one(
                errors,
                "meeting_frequency",
                &form.meeting_frequency,
                &options.meeting_frequencies,
                "Choose how often you can meet.",
            );
            check_many(
                errors,
                "communication_methods",
                &form.communication_methods,
                &options.communication_methods,
                1,
                "Choose at least one way to keep in touch.",
            );
        }
        Step::Agreements => {
            if !form.commitment {
                errors.add(
                    "commitment",
                    "Please confirm the commitment to take part; it is required to apply.",
                );
            }
            if !form.consent {
                errors.add(
                    "consent",
                    "Please agree to share your answers with your peer; it is required to apply.",
                );
            }
        }
        Step::Review => {}
    }
}

fn check_one(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    options: &[String],
    missing: &str,
) {
    if value.is_empty() {
        errors.add(field, missing);
    } else if !options.iter().any(|o| o == value) {
        errors.add(
            field,
            format!("\u{201c}{value}\u{201d} is not one of the choices."),
        );
    }
}

fn check_many(
    errors: &mut FieldErrors,
    field: &str,
    values: &[String],
    options: &[String],
    at_least: usize,
    missing: &str,
) {
    if let Some(unknown) = values.iter().find(|v| !options.contains(v)) {
        errors.add(
            field,
            format!("\u{201c}{unknown}\u{201d} is not one of the choices."),
        );
    } else if has_duplicates(values) {
        errors.add(field, "A choice is listed twice.");
    } else if values.len() < at_least {
        errors.add(field, missing);
    }
}

fn has_duplicates(values: &[String]) -> bool {
    values
        .iter()
        .enumerate()
        .any(|(i, v)| values[..i].contains(v))
}

fn check_ranking(form: &ApplicationForm, options: &FormOptions, errors: &mut FieldErrors) {
    for (field, list, side) in [
        ("strengths", &form.strengths, "strengths"),
        ("growth", &form.growth, "growth areas"),
    ] {
        if let Some(unknown) = list.iter().find(|v| options.competency(v).is_none()) {
            errors.add(
                field,
                format!("\u{201c}{unknown}\u{201d} is not on this program's competency list."),
            );
        } else if has_duplicates(list) {
            errors.add(field, "A competency is ranked twice.");
        } else if list.len() != RANKED {
            errors.add(
                field,
                format!(
                    "Choose and rank {RANKED} {side} ({} chosen so far).",
                    list.len()
                ),
            );
        }
    }
    if let Some(both) = form.growth.iter().find(|g| form.strengths.contains(g)) {
        errors.add(
            "growth",
            format!("\u{201c}{both}\u{201d} is already one of your strengths; a competency is one or the other."),
        );
    }
}

/// Bounds a draft must respect to be stored at all (a draft may be incomplete, not unbounded).
pub fn check_draft_bounds(form: &ApplicationForm) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if form.goals.chars().count() > GOALS_MAX {
        errors.add(
            "goals",
            format!("Keep your goals under {GOALS_MAX} characters."),
        );
    }
    let lists = [
        ("institution_types", &form.institution_types),
        ("resource_formats", &form.resource_formats),
        ("areas", &form.areas),
        ("strengths", &form.strengths),
        ("growth", &form.growth),
        ("communication_methods", &form.communication_methods),
    ];
    for (field, list) in lists {
        if list.len() > LIST_MAX || list.iter().any(|v| v.len() > LABEL_MAX) {
            errors.add(field, "Too many or too long choices.");
        }
    }
    let singles = [
        ("enrollment_size", &form.enrollment_size),
        ("time_zone", &form.time_zone),
        ("assignment_preference", &form.assignment_preference),
        ("meeting_frequency", &form.meeting_frequency),
    ];
    for (field, value) in singles {
        if value.len() > LABEL_MAX {
            errors.add(field, "That choice is too long.");
        }
    }
    errors
}

/// Who applied, for the CSV row (the form itself does not repeat the account's details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applying {
    pub id: String,
    pub name: String,
    pub email: String,
    pub institution: String,
}

/// The application as a row of the CSV format shared with the matching engine.
pub fn to_csv_row(who: &Applying, form: &ApplicationForm) -> ApplicantRow {
    let rank = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
    ApplicantRow {
        id: who.id.clone(),
        name: who.name.clone(),
        email: who.email.clone(),
        institution: who.institution.clone(),
        institution_types: form.institution_types.join("; "),
        time_zone: form.time_zone.clone(),
        enrollment_size: form.enrollment_size.clone(),
        previous_cycle: if form.previous_cycle == Some(true) {
            "yes"
        } else {
            "no"
        }
        .to_owned(),
        assignment_preference: form.assignment_preference.clone(),
        resource_formats: form.resource_formats.join("; "),
        areas_of_responsibility: form.areas.join("; "),
        strength_1: rank(&form.strengths, 0),
        strength_2: rank(&form.strengths, 1),
        strength_3: rank(&form.strengths, 2),
        growth_1: rank(&form.growth, 0),
        growth_2: rank(&form.growth, 1),
        growth_3: rank(&form.growth, 2),
        goals: form.goals.trim().to_owned(),
        meeting_frequency: form.meeting_frequency.clone(),
        communication_methods: form.communication_methods.join("; "),
    }
}

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Draft,
    Submitted,
    Withdrawn,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "Draft",
            ApplicationStatus::Submitted => "Submitted",
            ApplicationStatus::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        [
            ApplicationStatus::Draft,
            ApplicationStatus::Submitted,
            ApplicationStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == stored)
    }
}

/// Everything the wizard needs to resume: the options, the saved form and where the member was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardData {
    pub cycle: crate::program::CycleSummary,
    pub contact_email: String,
    pub options: FormOptions,
    pub form: ApplicationForm,
    pub step: Step,
    pub status: Option<ApplicationStatus>,
    /// Bumped by every save; a save must name the version it started from.
    pub version: i64,
    /// A submitted application whose working copy differs from what was submitted.
    pub unsubmitted_changes: bool,
    /// The applicant's name and institution, shown on the review step.
    pub applicant_name: String,
    pub applicant_institution: String,
}

/// What a save returns: the new version to send with the next save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub version: i64,
    pub status: Option<ApplicationStatus>,
    pub unsubmitted_changes: bool,
}

/// One application in the admin's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationListItem {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub institution: String,
    pub status: ApplicationStatus,
    pub updated: String,
    /// The submitted answers (the draft's for drafts), including the confidential preference: admins only.
    pub form: ApplicationForm,
}

/// A cycle's applications for the admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationsOverview {
    pub cycle: crate::program::CycleSummary,
    pub items: Vec<ApplicationListItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn options() -> FormOptions {
        let mut options = FormOptions::defaults(
            COMMON_TIME_ZONES
                .iter()
                .map(|(tz, _)| (*tz).to_owned())
                .collect(),
        );
        options.previous_cycle = Some("Fall 2026".into());
        options
    }

    pub fn complete() -> ApplicationForm {
        ApplicationForm {
            institution_types: vec!["Public four-year".into()],
            enrollment_size: "20,000–39,999".into(),
            time_zone: "America/Chicago".into(),
            previous_cycle: Some(false),
            assignment_preference: "No preference".into(),
            resource_formats: vec!["Virtual meet-ups".into()],
            areas: vec!["Registration and records".into()],
            strengths: vec![
                "Problem Solving".into(),
                "Technological Knowledge".into(),
                "Professional Integrity".into(),
            ],
            growth: vec![
                "Change Management".into(),
                "Leadership and Management".into(),
                "Diversity and Inclusion".into(),
            ],
            goals: "Lead a records migration.".into(),
            meeting_frequency: "Monthly (recommended)".into(),
            communication_methods: vec!["Video call".into()],
            commitment: true,
            consent: true,
        }
    }

    #[test]
    fn a_complete_form_is_valid() {
        assert!(validate(&complete(), &options()).is_empty());
    }

    #[test]
    fn an_empty_form_names_every_required_field() {
        let errors = validate(&ApplicationForm::default(), &options());
        for field in [
            "institution_types",
            "enrollment_size",
            "time_zone",
            "previous_cycle",
            "assignment_preference",
            "areas",
            "strengths",
            "growth",
            "goals",
            "meeting_frequency",
            "communication_methods",
            "commitment",
            "consent",
        ] {
            assert!(errors.get(field).is_some(), "{field} should be required");
        }
        assert!(errors.get("resource_formats").is_none());
    }

    #[test]
    fn every_field_belongs_to_one_step() {
        let errors = validate(&ApplicationForm::default(), &options());
        for (field, _) in errors.iter() {
            assert!(Step::of_field(field).is_some(), "{field} has no step");
        }
    }

    #[test]
    fn the_previous_cycle_question_is_only_asked_when_there_was_one() {
        let mut options = options();
        let mut form = complete();
        form.previous_cycle = None;
        assert!(validate(&form, &options).get("previous_cycle").is_some());
        options.previous_cycle = None;
        assert!(validate(&form, &options).is_empty());
    }

    #[test]
    fn a_competency_cannot_be_strength_and_growth() {
        let mut form = complete();
        form.growth[1] = "Problem Solving".into();
        let errors = validate(&form, &options());
        assert!(errors
            .get("growth")
            .is_some_and(|m| m.contains("already one of your strengths")));
    }

    #[test]
    fn rankings_need_exactly_three_known_distinct_names() {
        let mut form = complete();
        form.strengths.pop();
        assert!(validate(&form, &options())
            .get("strengths")
            .is_some_and(|m| m.contains("2 chosen")));
        let mut form = complete();
        form.strengths[2] = "Juggling".into();
        assert!(validate(&form, &options()).get("strengths").is_some());
        let mut form = complete();
        form.growth[2] = form.growth[0].clone();
        assert!(validate(&form, &options()).get("growth").is_some());
    }

    #[test]
    fn goals_are_bounded() {
        let mut form = complete();
        form.goals = "x".repeat(GOALS_MAX + 1);
        assert!(validate(&form, &options()).get("goals").is_some());
        assert!(check_draft_bounds(&form).get("goals").is_some());
        assert!(check_draft_bounds(&ApplicationForm::default()).is_empty());
    }

    #[test]
    fn a_valid_form_round_trips_through_csv() {
        let who = Applying {
            id: "7".into(),
            name: "Ana Lima".into(),
            email: "ana@example.edu".into(),
            institution: "Northfield".into(),
        };
        let parsed = to_csv_row(&who, &complete()).parse().expect("valid row");
        assert_eq!(parsed.strengths, complete().strengths);
        assert_eq!(parsed.growth, complete().growth);
    }

    #[test]
    fn steps_map_to_and_from_indices() {
        for step in Step::ALL {
            assert_eq!(Step::from_index(step.index() as i32), step);
        }
        assert_eq!(Step::from_index(-1), Step::You);
        assert_eq!(Step::from_index(99), Step::You);
    }
}
