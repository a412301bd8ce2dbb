//! Competency sets: versions of a program's competency list, each with its level names. A cycle records the
//! set its applications rank (DOMAIN.md: "competency lists are versioned data chosen per cycle").

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::option_lists::OptionItem;
use crate::validation::single_line;

/// The set every program starts with.
pub const FIRST_SET_NAME: &str = "2015 Core Competencies";

/// A set's level names, lowest first. Applicants rank strengths at the expert level and growth areas at the
/// entry level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Levels {
    pub entry: String,
    pub middle: String,
    pub expert: String,
}

impl Default for Levels {
    /// The 2015 set's levels.
    fn default() -> Self {
        Levels {
            entry: "entry".into(),
            middle: "intermediate".into(),
            expert: "expert".into(),
        }
    }
}

impl Levels {
    /// "entry, intermediate, expert".
    pub fn sentence(&self) -> String {
        format!("{}, {}, {}", self.entry, self.middle, self.expert)
    }
}

/// A set as the admin manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencySetView {
    pub id: i64,
    pub name: String,
    pub levels: Levels,
    pub competencies: Vec<OptionItem>,
    /// The cycles that use it, newest first.
    pub cycles: Vec<String>,
}

/// A set's id and name, for choosing one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencySetChoice {
    pub id: i64,
    pub name: String,
}

/// The admin's form for a new set. `copy_from` starts it with another set's competencies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencySetForm {
    pub name: String,
    pub entry: String,
    pub middle: String,
    pub expert: String,
    pub copy_from: Option<i64>,
}

/// Checks a new set's name and level names.
///
/// # Errors
/// The fields at fault.
pub fn validate_competency_set(form: &CompetencySetForm) -> Result<CompetencySetForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut line = |field: &str, raw: &str, max: usize, when_empty: &str| {
        single_line(raw, max, when_empty).unwrap_or_else(|message| {
            errors.add(field, message);
            String::new()
        })
    };
    let checked = CompetencySetForm {
        name: line(
            "name",
            &form.name,
            80,
            "Name the set, e.g. “2026 Core Competencies”.",
        ),
        entry: line(
            "entry",
            &form.entry,
            40,
            "Name the lowest level, e.g. “foundational”.",
        ),
        middle: line(
            "middle",
            &form.middle,
            40,
            "Name the middle level, e.g. “intermediate”.",
        ),
        expert: line(
            "expert",
            &form.expert,
            40,
            "Name the highest level, e.g. “advanced”.",
        ),
        copy_from: form.copy_from,
    };
    if errors.get("entry").is_none()
        && errors.get("expert").is_none()
        && checked.entry.eq_ignore_ascii_case(&checked.expert)
    {
        errors.add("expert", "The highest level needs a name of its own.");
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, entry: &str, expert: &str) -> CompetencySetForm {
        CompetencySetForm {
            name: name.into(),
            entry: entry.into(),
            middle: "intermediate".into(),
            expert: expert.into(),
            copy_from: None,
        }
    }

    #[test]
    fn a_set_needs_a_name_and_distinct_level_names() {
        let ok = validate_competency_set(&form(
            "  2026   Core Competencies ",
            "foundational",
            "advanced",
        ))
        .unwrap();
        assert_eq!(ok.name, "2026 Core Competencies");
        let errors = validate_competency_set(&form("", "entry", "Entry")).unwrap_err();
        assert!(errors.get("name").is_some());
        assert!(errors.get("expert").is_some());
        assert!(errors.get("entry").is_none());
    }
}
