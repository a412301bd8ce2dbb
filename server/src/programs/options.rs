//! A program's own copies of the form's option lists: seeded from the defaults when the program is created,
//! read back as the wizard's `FormOptions`.

use app::application::{ApplicationForm, FormOptions};
use app::program::OptionKind as Kind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::dates::time_zone_choices;
use crate::db::entities::{application, cycle, program_option};
use crate::error::Result;

/// The (label, description) pairs of one list in `options`, in order.
fn entries(kind: Kind, options: &FormOptions) -> Vec<(String, String)> {
    let plain = |list: &[String]| {
        list.iter()
            .map(|label| (label.clone(), String::new()))
            .collect()
    };
    match kind {
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
/// Writes the default lists for a new program.
///
/// # Errors
/// Database failures.
pub async fn seed_defaults(db: &impl ConnectionTrait, program_id: i64) -> Result<()> {
    let defaults = FormOptions::defaults(Vec::new());
    let rows = Kind::ALL.into_iter().flat_map(|kind| {
        entries(kind, &defaults).into_iter().enumerate().map(
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

/// The program's current options, with every time zone. Retired options are left out, except those
/// `keeping` (the member's own form) already chose: a retirement never traps an application.
///
/// # Errors
/// Database failures.
pub async fn load(
    db: &impl ConnectionTrait,
    program_id: i64,
    keeping: Option<&ApplicationForm>,
) -> Result<FormOptions> {
    let rows = rows(db, program_id).await?;
    let offered = rows
        .into_iter()
        .filter(|r| !r.retired || keeps(keeping, r))
        .collect();
    Ok(lists(offered, time_zone_choices()))
}

/// Every option the program offers or ever offered (retired ones too): what its stored applications may have
/// chosen, for reading them back (matching). No time zones: reading does not check them.
///
/// # Errors
/// Database failures.
pub async fn load_for_reading(db: &impl ConnectionTrait, program_id: i64) -> Result<FormOptions> {
    Ok(lists(rows(db, program_id).await?, Vec::new()))
}

async fn rows(db: &impl ConnectionTrait, program_id: i64) -> Result<Vec<program_option::Model>> {
    Ok(program_option::Entity::find()
        .filter(program_option::Column::ProgramId.eq(program_id))
        .order_by_asc(program_option::Column::Position)
        .order_by_asc(program_option::Column::Id)
        .all(db)
        .await?)
}

/// The form's lists from these option rows, in their order, with these time zones.
fn lists(rows: Vec<program_option::Model>, time_zones: Vec<String>) -> FormOptions {
    let labels = |kind: Kind| -> Vec<String> {
        rows.iter()
            .filter(|r| r.kind == kind.as_str())
            .map(|r| r.label.clone())
            .collect()
    };
    let defaults = FormOptions::defaults(Vec::new());
    FormOptions {
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
        time_zones,
        previous_cycle: None,
    }
}

/// A link slug for a competency the admin added: lower case, words joined by `-`.
fn slugify(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether a retired option stays on offer because `keeping` (the member's own form) already chose it.
fn keeps(keeping: Option<&ApplicationForm>, row: &program_option::Model) -> bool {
    match (keeping, Kind::parse(&row.kind)) {
        (Some(form), Some(kind)) => form_uses(form, kind, &row.label),
        _ => false,
    }
}

/// Whether `form` chose `label` from the list `kind`.
pub fn form_uses(form: &ApplicationForm, kind: Kind, label: &str) -> bool {
    let has = |list: &[String]| list.iter().any(|l| l == label);
    match kind {
        Kind::InstitutionType => has(&form.institution_types),
        Kind::EnrollmentSize => form.enrollment_size == label,
        Kind::Area => has(&form.areas),
        Kind::ResourceFormat => has(&form.resource_formats),
        Kind::MeetingFrequency => form.meeting_frequency == label,
        Kind::CommunicationMethod => has(&form.communication_methods),
        Kind::Competency => has(&form.strengths) || has(&form.growth),
    }
}

/// Every form (working copies and submitted ones) of a program's applications.
///
/// # Errors
/// Database failures.
pub async fn program_forms(
    db: &impl ConnectionTrait,
    program_id: i64,
) -> Result<Vec<ApplicationForm>> {
    let cycles: Vec<i64> = cycle::Entity::find()
        .filter(cycle::Column::ProgramId.eq(program_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let rows = application::Entity::find()
        .filter(application::Column::CycleId.is_in(cycles))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .flat_map(|row| std::iter::once(row.form.as_str()).chain(row.submitted_form.as_deref()))
        .filter_map(|json| serde_json::from_str(json).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_found_in_the_list_the_option_belongs_to() {
        let form = ApplicationForm {
            growth: vec!["Problem Solving".into()],
            enrollment_size: "Under 5,000".into(),
            ..ApplicationForm::default()
        };
        assert!(form_uses(&form, Kind::Competency, "Problem Solving"));
        assert!(form_uses(&form, Kind::EnrollmentSize, "Under 5,000"));
        assert!(!form_uses(&form, Kind::Area, "Problem Solving"));
    }

    #[test]
    fn slugs_match_the_associations_pattern() {
        assert_eq!(
            slugify("Professional Development & Contributions to the Field"),
            "professional-development-contributions-to-the-field"
        );
    }
}
