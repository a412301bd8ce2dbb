//! An admin's message to a cycle's members: to one pair, to the pairs at risk, or to everyone in the cycle;
//! previewed, then queued in the outbox, one email per person with the program's contact as Reply-To.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::types::PairId;

pub const SUBJECT_MAX: usize = 150;
pub const BODY_MAX: usize = 5_000;

/// Who a message goes to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Everyone who submitted an application to the cycle.
    #[default]
    Cycle,
    /// The members of the cycle's pairs at risk (active, no check-in in 45 days).
    AtRisk,
    /// The members of one pair.
    Pair(PairId),
}

impl Audience {
    /// The form's key: `cycle`, `at_risk` or `pair`.
    pub fn key(self) -> &'static str {
        match self {
            Audience::Cycle => "cycle",
            Audience::AtRisk => "at_risk",
            Audience::Pair(_) => "pair",
        }
    }
}

/// The message as the admin typed it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageForm {
    pub audience: Audience,
    pub subject: String,
    pub body: String,
}

/// What sending would do: how many people, who (the first few), and the first person's email in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePreview {
    pub recipients: usize,
    /// Up to ten names, in order.
    pub names: Vec<String>,
    pub reply_to: String,
    pub subject: String,
    pub body: String,
}

/// Checks a message; errors are keyed `subject` and `body`.
///
/// # Errors
/// An empty or overlong subject (or one over several lines), an empty or overlong message.
pub fn validate_message(form: &MessageForm) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    let subject = form.subject.trim();
    if subject.is_empty() {
        errors.add("subject", "Write a subject.");
    } else if subject.chars().count() > SUBJECT_MAX || subject.contains('\n') {
        errors.add(
            "subject",
            format!("One line of at most {SUBJECT_MAX} characters."),
        );
    }
    let body = form.body.trim();
    if body.is_empty() {
        errors.add("body", "Write the message.");
    } else if body.chars().count() > BODY_MAX {
        errors.add("body", format!("Keep it to {BODY_MAX} characters."));
    }
    errors.into_result(())
}

/// One person's email: a greeting by first name, the message, and who answers replies.
pub fn personal_body(first_name: &str, body: &str, program: &str, contact: &str) -> String {
    format!(
        "Hello {first_name},\n\n{}\n\n{program}\nReplies reach the program team at {contact}.\n",
        body.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_needs_a_one_line_subject_and_a_body() {
        let errors = validate_message(&MessageForm {
            subject: "Two\nlines".into(),
            body: "  ".into(),
            ..MessageForm::default()
        })
        .expect_err("invalid");
        assert!(errors.get("subject").is_some() && errors.get("body").is_some());
        let ok = MessageForm {
            subject: "Mid-point check".into(),
            body: "How are things going?".into(),
            audience: Audience::AtRisk,
        };
        assert!(validate_message(&ok).is_ok());
    }

    #[test]
    fn each_email_greets_its_reader() {
        let body = personal_body(
            "Rosa",
            " How are things? \n",
            "Peer Mentoring",
            "team@example.edu",
        );
        assert!(body.starts_with("Hello Rosa,\n\nHow are things?\n\nPeer Mentoring\n"));
        assert!(body.ends_with("team@example.edu.\n"));
    }
}
