//! The end of a relationship: at its end date each member says how it ended (completed, continuing
//! informally, or wanting a new peer next cycle) with a short reflection, which the admins read and count.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// How a member says their relationship ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Completed,
    Continuing,
    NewPeer,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Completed, Outcome::Continuing, Outcome::NewPeer];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Continuing => "continuing",
            Outcome::NewPeer => "new_peer",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.key() == key)
    }

    /// The choice as the member reads it.
    pub fn choice(self) -> &'static str {
        match self {
            Outcome::Completed => "We completed the relationship",
            Outcome::Continuing => "We'll continue informally",
            Outcome::NewPeer => "I'd like a new peer next cycle",
        }
    }

    /// The outcome as the admin's counts name it.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Completed => "Completed",
            Outcome::Continuing => "Continuing informally",
            Outcome::NewPeer => "Wants a new peer",
        }
    }
}

pub const REFLECTION_MAX: usize = 2_000;

/// A member's answer as typed: the outcome's key and an optional reflection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeForm {
    pub outcome: String,
    pub reflection: String,
}

/// Checks an answer and returns the outcome; errors are keyed `outcome` and `reflection`.
///
/// # Errors
/// No outcome chosen (or an unknown one), or a reflection over [`REFLECTION_MAX`] characters.
pub fn validate_outcome(form: &OutcomeForm) -> Result<Outcome, FieldErrors> {
    let mut errors = FieldErrors::new();
    let outcome = Outcome::from_key(form.outcome.trim());
    if outcome.is_none() {
        errors.add("outcome", "Choose how your relationship ended.");
    }
    if form.reflection.trim().chars().count() > REFLECTION_MAX {
        errors.add(
            "reflection",
            format!("Keep it to {REFLECTION_MAX} characters."),
        );
    }
    match outcome {
        Some(outcome) if errors.is_empty() => Ok(outcome),
        _ => Err(errors),
    }
}

/// The viewer's own answer, shown back to them in the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOutcome {
    pub outcome: Outcome,
    pub reflection: String,
    pub answered_on: String,
}

/// One member's answer on the admin's overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberOutcome {
    pub member_id: i64,
    pub name: String,
    pub outcome: Outcome,
    pub reflection: String,
}

/// How a cycle's members answered, for the admin's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCounts {
    pub completed: usize,
    pub continuing: usize,
    pub new_peer: usize,
    /// Members of finished pairs who have not answered yet.
    pub unanswered: usize,
}

impl OutcomeCounts {
    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Completed => self.completed += 1,
            Outcome::Continuing => self.continuing += 1,
            Outcome::NewPeer => self.new_peer += 1,
        }
    }

    pub fn answered(&self) -> usize {
        self.completed + self.continuing + self.new_peer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_needs_a_known_outcome_and_a_bounded_reflection() {
        let form = |outcome: &str, reflection: &str| OutcomeForm {
            outcome: outcome.into(),
            reflection: reflection.into(),
        };
        assert_eq!(
            validate_outcome(&form("completed", "")),
            Ok(Outcome::Completed)
        );
        assert_eq!(
            validate_outcome(&form(" new_peer ", "More on SIS next time.")),
            Ok(Outcome::NewPeer)
        );
        let none = validate_outcome(&form("", "")).expect_err("no outcome");
        assert_eq!(
            none.get("outcome"),
            Some("Choose how your relationship ended.")
        );
        assert!(validate_outcome(&form("great", "")).is_err());
        let long = validate_outcome(&form("continuing", &"x".repeat(REFLECTION_MAX + 1)))
            .expect_err("too long");
        assert!(long.get("reflection").is_some());
        assert!(long.get("outcome").is_none());
    }

    #[test]
    fn keys_round_trip_and_counts_add_up() {
        let mut counts = OutcomeCounts::default();
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::from_key(outcome.key()), Some(outcome));
            counts.add(outcome);
        }
        counts.add(Outcome::Completed);
        assert_eq!((counts.completed, counts.answered()), (2, 4));
    }
}
