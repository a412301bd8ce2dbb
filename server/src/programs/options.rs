//! A program's own copies of the form's option lists: seeded from the defaults when the program is created,
//! read back as the wizard's `FormOptions`.

use app::application::FormOptions;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::dates::time_zone_choices;
use crate::db::entities::program_option;
use crate::error::Result;

/// Which list an option belongs to (the `kind` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    InstitutionType,
    EnrollmentSize,
    Area,
    ResourceFormat,
    MeetingFrequency,
    CommunicationMethod,
    Competency,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::InstitutionType,
        Kind::EnrollmentSize,
        Kind::Area,
        Kind::ResourceFormat,
        Kind::MeetingFrequency,
        Kind::CommunicationMethod,
        Kind::Competency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::InstitutionType => "institution_type",
            Kind::EnrollmentSize => "enrollment_size",
            Kind::Area => "area",
            Kind::ResourceFormat => "resource_format",
            Kind::MeetingFrequency => "meeting_frequency",
            Kind::CommunicationMethod => "communication_method",
            Kind::Competency => "competency",
        }
    }

    /// (label, description) pairs of this list in `options`, in order.
    fn entries(self, options: &FormOptions) -> Vec<(String, String)> {
        let plain = |list: &[String]| {
            list.iter()
                .map(|label| (label.clone(), String::new()))
                .collect()
        };
        match self {
            Kind::InstitutionType => plain(&options.institution_types),
            Kind::EnrollmentSize => plain(&options.enrollment_sizes),
            Kind::Area => plain(&options.areas),
            Kind::ResourceFormat => plain(&options.resource_formats),
            Kind::MeetingFrequency => plain(&options.meeting_frequencies),
            Kind::CommunicationMethod => plain(&options.communication_methods),
            Kind::Competency => options
                .competencies
                .iter()
                .map(|c| (c.name.clone(), c.summary.clone()))
                .collect(),
        }
    }
}

/// Writes the default lists for a new program.
///
/// # Errors
/// Database failures.
pub async fn seed_defaults(db: &impl ConnectionTrait, program_id: i64) -> Result<()> {
    let defaults = FormOptions::defaults(Vec::new());
    let rows = Kind::ALL.into_iter().flat_map(|kind| {
        kind.entries(&defaults).into_iter().enumerate().map(
            move |(position, (label, description))| program_option::ActiveModel {
                program_id: Set(program_id),
                kind: Set(kind.as_str().to_owned()),
                label: Set(label),
                description: Set(description),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                retired: Set(false),
                ..Default::default()
            },
        )
    });
    program_option::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// The program's current (not retired) options, with every time zone.
///
/// # Errors
/// Database failures.
pub async fn load(db: &impl ConnectionTrait, program_id: i64) -> Result<FormOptions> {
    let rows = program_option::Entity::find()
        .filter(program_option::Column::ProgramId.eq(program_id))
        .filter(program_option::Column::Retired.eq(false))
        .order_by_asc(program_option::Column::Position)
        .order_by_asc(program_option::Column::Id)
        .all(db)
        .await?;
    let labels = |kind: Kind| -> Vec<String> {
        rows.iter()
            .filter(|r| r.kind == kind.as_str())
            .map(|r| r.label.clone())
            .collect()
    };
    let defaults = FormOptions::defaults(Vec::new());
    Ok(FormOptions {
        institution_types: labels(Kind::InstitutionType),
        enrollment_sizes: labels(Kind::EnrollmentSize),
        areas: labels(Kind::Area),
        resource_formats: labels(Kind::ResourceFormat),
        meeting_frequencies: labels(Kind::MeetingFrequency),
        communication_methods: labels(Kind::CommunicationMethod),
        competencies: rows
            .iter()
            .filter(|r| r.kind == Kind::Competency.as_str())
            .map(|r| app::application::CompetencyOption {
                slug: defaults
                    .competency(&r.label)
                    .map_or_else(|| slugify(&r.label), |c| c.slug.clone()),
                name: r.label.clone(),
                summary: r.description.clone(),
            })
            .collect(),
        time_zones: time_zone_choices(),
        previous_cycle: None,
    })
}

/// A link slug for a competency the admin added: lower case, words joined by `-`.
fn slugify(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_the_associations_pattern() {
        assert_eq!(
            slugify("Professional Development & Contributions to the Field"),
            "professional-development-contributions-to-the-field"
        );
    }
}
