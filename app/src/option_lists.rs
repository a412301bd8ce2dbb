//! A program's own option lists as admins edit them: the lists, their options, and the rule for a new option.

use serde::{Deserialize, Serialize};

use crate::types::ProgramId;

/// Checks an option an admin adds: its label as members read it, and a competency's summary.
///
/// # Errors
/// The field at fault.
pub fn validate_option(
    label: &str,
    description: &str,
) -> Result<(String, String), crate::error::AppError> {
    use crate::error::AppError;
    let label =
        crate::validation::single_line(label, 120, "Write the option as members will read it.")
            .map_err(|m| AppError::invalid("label", m))?;
    if label.contains(';') {
        return Err(AppError::invalid(
            "label",
            "An option cannot contain \u{201c};\u{201d} (the CSV list separator).",
        ));
    }
    let description = description.trim().to_owned();
    if description.chars().count() > 400 {
        return Err(AppError::invalid(
            "description",
            "Keep the description under 400 characters.",
        ));
    }
    Ok((label, description))
}

/// The program's editable lists of form options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    InstitutionType,
    EnrollmentSize,
    Area,
    ResourceFormat,
    MeetingFrequency,
    CommunicationMethod,
    Competency,
}

impl OptionKind {
    pub const ALL: [OptionKind; 7] = [
        OptionKind::InstitutionType,
        OptionKind::EnrollmentSize,
        OptionKind::Area,
        OptionKind::ResourceFormat,
        OptionKind::MeetingFrequency,
        OptionKind::CommunicationMethod,
        OptionKind::Competency,
    ];

    /// The stored name (the `kind` column).
    pub fn as_str(self) -> &'static str {
        match self {
            OptionKind::InstitutionType => "institution_type",
            OptionKind::EnrollmentSize => "enrollment_size",
            OptionKind::Area => "area",
            OptionKind::ResourceFormat => "resource_format",
            OptionKind::MeetingFrequency => "meeting_frequency",
            OptionKind::CommunicationMethod => "communication_method",
            OptionKind::Competency => "competency",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == stored)
    }

    /// The list's title on the admin page.
    pub fn title(self) -> &'static str {
        match self {
            OptionKind::InstitutionType => "Institution types",
            OptionKind::EnrollmentSize => "Enrollment sizes",
            OptionKind::Area => "Areas of responsibility",
            OptionKind::ResourceFormat => "Resource formats",
            OptionKind::MeetingFrequency => "Meeting frequencies",
            OptionKind::CommunicationMethod => "Communication methods",
            OptionKind::Competency => "Core Competencies",
        }
    }
}

/// One option as the admin manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionItem {
    pub id: i64,
    pub label: String,
    pub description: String,
    pub retired: bool,
    /// Chosen by at least one application: it can be retired, not deleted.
    pub used: bool,
}

/// A program's lists, in form order, and its competency sets, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramOptions {
    pub program_id: ProgramId,
    pub program_name: String,
    /// Every list but the competencies, which belong to sets.
    pub lists: Vec<(OptionKind, Vec<OptionItem>)>,
    pub competency_sets: Vec<crate::competency_set::CompetencySetView>,
}
