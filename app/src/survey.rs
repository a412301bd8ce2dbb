//! Surveys: an admin builds one for a cycle (1–5 scales, single and multiple choice, free text; named or
//! anonymous) and schedules it; the cycle's members answer once (drafts kept); the admin reads the response
//! rate and the results per question, with charts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::types::{CycleId, SurveyId};
use crate::validation::single_line;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// 1 (low) to 5 (high).
    Scale,
    Single,
    Multiple,
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] = [
        QuestionKind::Scale,
        QuestionKind::Single,
        QuestionKind::Multiple,
        QuestionKind::Text,
    ];

    pub fn key(self) -> &'static str {
        match self {
            QuestionKind::Scale => "scale",
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Text => "text",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Scale => "Scale 1–5",
            QuestionKind::Single => "One choice",
            QuestionKind::Multiple => "Several choices",
            QuestionKind::Text => "Free text",
        }
    }

    /// Whether the question lists its own options.
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple)
    }
}

/// A question as built and as answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub prompt: String,
    /// The choices of single and multiple choice questions; empty otherwise.
    pub options: Vec<String>,
    pub required: bool,
}

/// The labels of a scale's ends.
pub const SCALE: [u8; 5] = [1, 2, 3, 4, 5];

/// A survey as the admin builds it. Dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub title: String,
    pub intro: String,
    pub anonymous: bool,
    pub sends_on: String,
    pub closes_on: String,
    pub questions: Vec<Question>,
}

pub const QUESTIONS_MAX: usize = 30;
pub const OPTIONS_MAX: usize = 12;
pub const ANSWER_MAX: usize = 2_000;

/// Checks a survey; errors are keyed by field, a question's as `question-N` (from 0).
///
/// # Errors
/// The fields at fault.
pub fn validate_survey(form: &SurveyForm) -> Result<SurveyForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = single_line(&form.title, 120, "Give the survey a title.").unwrap_or_else(|m| {
        errors.add("title", m);
        String::new()
    });
    let intro = form.intro.trim().to_owned();
    if intro.chars().count() > 2_000 {
        errors.add("intro", "Keep the introduction under 2000 characters.");
    }
    for (field, value) in [("sends_on", &form.sends_on), ("closes_on", &form.closes_on)] {
        if !crate::workspace::is_date(value.trim()) {
            errors.add(field, "Enter a date.");
        }
    }
    if errors.get("closes_on").is_none()
        && errors.get("sends_on").is_none()
        && form.closes_on.trim() <= form.sends_on.trim()
    {
        errors.add("closes_on", "The survey closes after it is sent.");
    }
    if form.questions.is_empty() {
        errors.add("questions", "Add at least one question.");
    } else if form.questions.len() > QUESTIONS_MAX {
        errors.add("questions", format!("At most {QUESTIONS_MAX} questions."));
    }
    let mut questions = Vec::with_capacity(form.questions.len());
    for (i, q) in form.questions.iter().enumerate() {
        let field = format!("question-{i}");
        let prompt = q.prompt.trim().to_owned();
        let options: Vec<String> = if q.kind.has_options() {
            q.options
                .iter()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        if prompt.is_empty() || prompt.chars().count() > 300 {
            errors.add(&field, "Write the question (up to 300 characters).");
        } else if q.kind.has_options() && !(2..=OPTIONS_MAX).contains(&options.len()) {
            errors.add(
                &field,
                format!("Give 2 to {OPTIONS_MAX} choices, one per line."),
            );
        } else if options
            .iter()
            .enumerate()
            .any(|(j, o)| options[..j].contains(o))
        {
            errors.add(&field, "Each choice once.");
        }
        questions.push(Question {
            kind: q.kind,
            prompt,
            options,
            required: q.required,
        });
    }
    errors.into_result(SurveyForm {
        title,
        intro,
        anonymous: form.anonymous,
        sends_on: form.sends_on.trim().to_owned(),
        closes_on: form.closes_on.trim().to_owned(),
        questions,
    })
}

/// Answers by question index: a scale's number, the chosen option(s), or the text.
pub type Answers = BTreeMap<usize, Vec<String>>;

/// Checks answers against the questions; errors are keyed `question-N`. Drafts (`complete` false) may leave
/// required questions empty.
///
/// # Errors
/// An answer that is not one of its question's choices, a missing required answer, an overlong text.
pub fn validate_answers(
    questions: &[Question],
    answers: &Answers,
    complete: bool,
) -> Result<Answers, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut clean = Answers::new();
    for (i, q) in questions.iter().enumerate() {
        let field = format!("question-{i}");
        let given: Vec<String> = answers
            .get(&i)
            .map(|a| {
                a.iter()
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let fits = match q.kind {
            QuestionKind::Scale => {
                given.len() <= 1
                    && given
                        .iter()
                        .all(|v| v.parse::<u8>().is_ok_and(|n| SCALE.contains(&n)))
            }
            QuestionKind::Single => given.len() <= 1 && given.iter().all(|v| q.options.contains(v)),
            QuestionKind::Multiple => given.iter().all(|v| q.options.contains(v)),
            QuestionKind::Text => {
                given.len() <= 1 && given.iter().all(|v| v.chars().count() <= ANSWER_MAX)
            }
        };
        if !fits {
            errors.add(&field, "That answer is not one of the choices.");
        } else if complete && q.required && given.is_empty() {
            errors.add(&field, "Please answer this question.");
        }
        if !given.is_empty() {
            clean.insert(i, given);
        }
    }
    errors.into_result(clean)
}

/// The surveys a template starts from: the seed's kick-off needs survey, a mid-point check at three months,
/// an end survey at six.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Template {
    KickOff,
    MidPoint,
    End,
}

impl Template {
    pub const ALL: [Template; 3] = [Template::KickOff, Template::MidPoint, Template::End];

    pub fn label(self) -> &'static str {
        match self {
            Template::KickOff => "Kick-off needs survey",
            Template::MidPoint => "Mid-point check (3 months)",
            Template::End => "End survey (6 months)",
        }
    }

    /// Months after the relationships start when it is sent.
    pub fn months_in(self) -> u32 {
        match self {
            Template::KickOff => 0,
            Template::MidPoint => 3,
            Template::End => 6,
        }
    }

    pub fn questions(self) -> Vec<Question> {
        let scale = |prompt: &str| Question {
            kind: QuestionKind::Scale,
            prompt: prompt.to_owned(),
            options: Vec::new(),
            required: true,
        };
        let choice = |prompt: &str, options: &[&str]| Question {
            kind: QuestionKind::Single,
            prompt: prompt.to_owned(),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            required: true,
        };
        let text = |prompt: &str| Question {
            kind: QuestionKind::Text,
            prompt: prompt.to_owned(),
            options: Vec::new(),
            required: false,
        };
        match self {
            Template::KickOff => vec![
                choice("Have you taken part in a mentoring program before?", &["Yes", "No"]),
                choice(
                    "Does your institution have a good professional development program?",
                    &["Yes", "No", "Not sure"],
                ),
                scale("How clear are you about what you want to grow in? (1 = not yet, 5 = very clear)"),
                Question {
                    kind: QuestionKind::Multiple,
                    prompt: "Which resources would help you most?".to_owned(),
                    options: engine::options::RESOURCE_FORMATS
                        .iter()
                        .map(|o| (*o).to_owned())
                        .collect(),
                    required: false,
                },
                text("What would make this program worth your time?"),
            ],
            Template::MidPoint => vec![
                scale("How useful are your check-ins so far? (1 = not useful, 5 = very useful)"),
                choice(
                    "How often have you met?",
                    &["Not yet", "Once", "Monthly", "More than monthly"],
                ),
                scale("How much progress have you made on your goals? (1 = none, 5 = a lot)"),
                text("What would help your pair now?"),
            ],
            Template::End => vec![
                scale("How useful was the peer relationship overall? (1 = not useful, 5 = very useful)"),
                choice(
                    "Would you take part again?",
                    &["Yes", "Maybe", "No"],
                ),
                scale("How well were you matched? (1 = poorly, 5 = very well)"),
                text("What was the best part?"),
                text("What should the program change?"),
            ],
        }
    }
}

/// A survey in the admin's list for a cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub id: SurveyId,
    pub title: String,
    pub anonymous: bool,
    pub sends_on: String,
    pub closes_on: String,
    /// It has gone out (it is sent on its date).
    pub sent: bool,
    /// Sent to this many members (0 until sent).
    pub invited: usize,
    pub responded: usize,
}

/// The admin's surveys page of a cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleSurveys {
    pub cycle_id: CycleId,
    pub cycle_name: String,
    pub program_name: String,
    /// The relationships' first day, `YYYY-MM-DD`, from which the templates' dates count.
    pub relationship_starts_on: String,
    /// Today in the program's zone, `YYYY-MM-DD`.
    pub today: String,
    pub surveys: Vec<SurveySummary>,
}

/// A survey as a member answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyPage {
    pub id: SurveyId,
    pub program_name: String,
    pub cycle_name: String,
    pub title: String,
    pub intro: String,
    pub anonymous: bool,
    pub closes_on: String,
    pub questions: Vec<Question>,
    /// The member's saved draft, or their sent answers.
    pub answers: Answers,
    pub submitted: bool,
    /// Past its closing date: read only.
    pub closed: bool,
}

/// A survey waiting for the member's answers, for their start page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSurvey {
    pub id: SurveyId,
    pub title: String,
    pub program_name: String,
    pub closes_on: String,
    pub has_draft: bool,
}

/// One question's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub prompt: String,
    pub kind: QuestionKind,
    /// How many answered it.
    pub answered: usize,
    /// Per choice (or scale point): (label, count). Empty for text.
    pub counts: Vec<(String, usize)>,
    /// A scale's mean.
    pub mean: Option<f64>,
    /// Text answers, in no particular order.
    pub texts: Vec<String>,
}

/// A survey's results for the admin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub id: SurveyId,
    pub cycle_id: CycleId,
    pub cycle_name: String,
    pub title: String,
    pub anonymous: bool,
    pub invited: usize,
    pub responded: usize,
    pub questions: Vec<QuestionResult>,
}

impl SurveyResults {
    /// The response rate as a whole percentage.
    pub fn rate(&self) -> u32 {
        percent(self.responded, self.invited)
    }
}

/// `part` of `whole` as a rounded whole percentage (0 of 0 is 0 %).
pub fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        return 0;
    }
    let p = (part as f64) * 100.0 / (whole as f64);
    // Bounded to 0..=100 by construction.
    p.round().clamp(0.0, 100.0) as u32
}

/// Tallies answers to one question.
pub fn tally(question: &Question, answers: &[&Vec<String>]) -> QuestionResult {
    let labels: Vec<String> = match question.kind {
        QuestionKind::Scale => SCALE.iter().map(u8::to_string).collect(),
        QuestionKind::Single | QuestionKind::Multiple => question.options.clone(),
        QuestionKind::Text => Vec::new(),
    };
    let counts: Vec<(String, usize)> = labels
        .iter()
        .map(|label| {
            (
                label.clone(),
                answers.iter().filter(|a| a.contains(label)).count(),
            )
        })
        .collect();
    let scores: Vec<f64> = if question.kind == QuestionKind::Scale {
        answers
            .iter()
            .filter_map(|a| a.first()?.parse::<f64>().ok())
            .collect()
    } else {
        Vec::new()
    };
    let mean = (!scores.is_empty())
        .then(|| (scores.iter().sum::<f64>() / scores.len() as f64 * 100.0).round() / 100.0);
    QuestionResult {
        prompt: question.prompt.clone(),
        kind: question.kind,
        answered: answers.len(),
        counts,
        mean,
        texts: if question.kind == QuestionKind::Text {
            answers.iter().filter_map(|a| a.first().cloned()).collect()
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey() -> SurveyForm {
        SurveyForm {
            title: " Kick-off ".into(),
            intro: String::new(),
            anonymous: true,
            sends_on: "2027-03-07".into(),
            closes_on: "2027-03-21".into(),
            questions: Template::KickOff.questions(),
        }
    }

    #[test]
    fn every_template_is_a_valid_survey() {
        for template in Template::ALL {
            let form = SurveyForm {
                questions: template.questions(),
                ..survey()
            };
            assert!(validate_survey(&form).is_ok(), "{template:?}");
        }
        assert_eq!(validate_survey(&survey()).expect("valid").title, "Kick-off");
    }

    #[test]
    fn a_survey_needs_a_title_dates_in_order_and_well_formed_questions() {
        let mut form = survey();
        form.title = " ".into();
        form.closes_on = "2027-03-01".into();
        form.questions[0].options = vec!["Yes".into(), " ".into()];
        form.questions[1].options = vec!["Yes".into(), "Yes".into()];
        form.questions[2].prompt = String::new();
        let errors = validate_survey(&form).expect_err("invalid");
        assert!(errors.get("title").is_some());
        assert_eq!(
            errors.get("closes_on"),
            Some("The survey closes after it is sent.")
        );
        assert!(errors
            .get("question-0")
            .is_some_and(|m| m.starts_with("Give 2 to")));
        assert_eq!(errors.get("question-1"), Some("Each choice once."));
        assert!(errors.get("question-2").is_some());
        let empty = SurveyForm {
            questions: Vec::new(),
            ..survey()
        };
        assert!(validate_survey(&empty).is_err());
    }

    #[test]
    fn answers_are_checked_against_their_questions() {
        let questions = Template::KickOff.questions();
        let answers = |pairs: &[(usize, &[&str])]| -> Answers {
            pairs
                .iter()
                .map(|(i, v)| (*i, v.iter().map(|s| (*s).to_owned()).collect()))
                .collect()
        };
        // A draft may leave required questions empty; a sent survey may not.
        let partial = answers(&[(0, &["No"])]);
        assert!(validate_answers(&questions, &partial, false).is_ok());
        let missing = validate_answers(&questions, &partial, true).expect_err("incomplete");
        assert_eq!(
            missing.get("question-1"),
            Some("Please answer this question.")
        );
        let full = answers(&[
            (0, &["No"]),
            (1, &["Not sure"]),
            (2, &["4"]),
            (4, &["Time."]),
        ]);
        assert_eq!(
            validate_answers(&questions, &full, true)
                .expect("valid")
                .len(),
            4
        );
        for wrong in [
            answers(&[(0, &["Maybe"])]),
            answers(&[(2, &["6"])]),
            answers(&[(0, &["Yes", "No"])]),
            answers(&[(3, &["Carrier pigeons"])]),
        ] {
            assert!(
                validate_answers(&questions, &wrong, false).is_err(),
                "{wrong:?}"
            );
        }
    }

    #[test]
    fn results_count_choices_and_average_scales() {
        let questions = Template::KickOff.questions();
        let a = vec!["No".to_owned()];
        let b = vec!["Yes".to_owned()];
        let result = tally(&questions[0], &[&a, &a, &b]);
        assert_eq!(result.counts, vec![("Yes".into(), 1), ("No".into(), 2)]);
        assert_eq!(percent(2, 3), 67);
        let (four, five) = (vec!["4".to_owned()], vec!["5".to_owned()]);
        let scale = tally(&questions[2], &[&four, &five]);
        assert_eq!(scale.mean, Some(4.5));
        assert_eq!(scale.counts[3], ("4".into(), 1));
        assert_eq!(percent(0, 0), 0);
    }
}
