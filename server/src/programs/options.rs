//! A program's own copies of the form's option lists and its competency sets: seeded from the defaults when
//! the program is created, read back for a cycle as the wizard's `FormOptions`.

use std::collections::HashMap;

use app::application::{ApplicationForm, FormOptions};
use app::competency_set::{Levels, FIRST_SET_NAME};
use app::error::AppError;
use app::option_lists::OptionKind as Kind;
use app::types::ProgramId;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::dates::time_zone_choices;
use crate::db::entities::{application, competency_set, cycle, program_option};
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
/// Writes the default lists for a new program, its competencies as the first set; answers the set's id.
///
/// # Errors
/// Database failures.
pub async fn seed_defaults(db: &impl ConnectionTrait, program_id: ProgramId) -> Result<i64> {
    let levels = Levels::default();
    let set = competency_set::ActiveModel {
        program_id: Set(program_id.0),
        name: Set(FIRST_SET_NAME.to_owned()),
        entry_level: Set(levels.entry),
        middle_level: Set(levels.middle),
        expert_level: Set(levels.expert),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let defaults = FormOptions::defaults(Vec::new());
    let rows = Kind::ALL.into_iter().flat_map(|kind| {
        let set_id = (kind == Kind::Competency).then_some(set.id);
        entries(kind, &defaults).into_iter().enumerate().map(
            move |(position, (label, description))| program_option::ActiveModel {
                program_id: Set(program_id.0),
                kind: Set(kind.as_str().to_owned()),
                label: Set(label),
                description: Set(description),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                retired: Set(false),
                competency_set_id: Set(set_id),
                ..Default::default()
            },
        )
    });
    program_option::Entity::insert_many(rows).exec(db).await?;
    Ok(set.id)
}

/// The set a cycle ranks from, given what it stored and its program's sets (oldest first): its own choice, or
/// for a cycle stored before cycles chose a set, the program's first. The one place this rule is written.
pub fn cycle_set(chosen: Option<i64>, program_sets: &[competency_set::Model]) -> Option<i64> {
    chosen.or_else(|| program_sets.first().map(|set| set.id))
}

/// A program's competency sets, oldest first.
///
/// # Errors
/// Database failures.
pub async fn sets_of_program(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
) -> Result<Vec<competency_set::Model>> {
    Ok(competency_set::Entity::find()
        .filter(competency_set::Column::ProgramId.eq(program_id.0))
        .order_by_asc(competency_set::Column::Id)
        .all(db)
        .await?)
}

/// The competency set a cycle's applications rank (see [`cycle_set`]).
///
/// # Errors
/// [`AppError::NotFound`] when the program has no such set; database failures.
pub async fn set_of(
    db: &impl ConnectionTrait,
    cycle: &cycle::Model,
) -> Result<competency_set::Model> {
    let sets = sets_of_program(db, ProgramId(cycle.program_id)).await?;
    let id = cycle_set(cycle.competency_set_id, &sets).ok_or(AppError::NotFound)?;
    Ok(sets
        .into_iter()
        .find(|set| set.id == id)
        .ok_or(AppError::NotFound)?)
}

/// The level names a set stores.
pub fn levels(set: &competency_set::Model) -> Levels {
    Levels {
        entry: set.entry_level.clone(),
        middle: set.middle_level.clone(),
        expert: set.expert_level.clone(),
    }
}

/// A cycle's current options (the program's lists, the cycle's competency set), with every time zone.
/// Retired options are left out, except those `keeping` (the member's own form) already chose: a retirement
/// never traps an application.
///
/// # Errors
/// Database failures.
pub async fn load(
    db: &impl ConnectionTrait,
    cycle: &cycle::Model,
    keeping: Option<&ApplicationForm>,
) -> Result<FormOptions> {
    let set = set_of(db, cycle).await?;
    let offered = rows(db, ProgramId(cycle.program_id), set.id)
        .await?
        .into_iter()
        .filter(|r| !r.retired || keeps(keeping, r))
        .collect();
    Ok(lists(offered, &set, time_zone_choices()))
}

/// Every option a cycle offers or ever offered (retired ones too): what its stored applications may have
/// chosen, for reading them back (matching). No time zones: reading does not check them.
///
/// # Errors
/// Database failures.
pub async fn load_for_reading(
    db: &impl ConnectionTrait,
    cycle: &cycle::Model,
) -> Result<FormOptions> {
    let set = set_of(db, cycle).await?;
    Ok(lists(
        rows(db, ProgramId(cycle.program_id), set.id).await?,
        &set,
        Vec::new(),
    ))
}

/// The program's form lists and one set's competencies, in order.
async fn rows(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
    set_id: i64,
) -> Result<Vec<program_option::Model>> {
    Ok(program_option::Entity::find()
        .filter(program_option::Column::ProgramId.eq(program_id.0))
        .filter(
            Condition::any()
                .add(program_option::Column::CompetencySetId.is_null())
                .add(program_option::Column::CompetencySetId.eq(set_id)),
        )
        .order_by_asc(program_option::Column::Position)
        .order_by_asc(program_option::Column::Id)
        .all(db)
        .await?)
}

/// The form's lists from these option rows, in their order, with this set's levels and these time zones.
fn lists(
    rows: Vec<program_option::Model>,
    set: &competency_set::Model,
    time_zones: Vec<String>,
) -> FormOptions {
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
        levels: levels(set),
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

/// Every form (working copies and submitted ones) of a program's applications, each with the competency set
/// its cycle ranks.
///
/// # Errors
/// Database failures.
pub async fn program_forms(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
) -> Result<Vec<(i64, ApplicationForm)>> {
    let cycles = cycle::Entity::find()
        .filter(cycle::Column::ProgramId.eq(program_id.0))
        .all(db)
        .await?;
    let sets = sets_of_program(db, program_id).await?;
    let set_by_cycle: HashMap<i64, i64> = cycles
        .iter()
        .filter_map(|c| Some((c.id, cycle_set(c.competency_set_id, &sets)?)))
        .collect();
    let rows = application::Entity::find()
        .filter(application::Column::CycleId.is_in(set_by_cycle.keys().copied()))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .flat_map(|row| {
            let set = set_by_cycle.get(&row.cycle_id).copied().unwrap_or_default();
            std::iter::once(row.form.as_str())
                .chain(row.submitted_form.as_deref())
                .filter_map(move |json| serde_json::from_str(json).ok().map(|form| (set, form)))
        })
        .collect())
}

/// Whether an option row is chosen in any of these forms: a competency only by the cycles of its set.
pub fn option_used(forms: &[(i64, ApplicationForm)], row: &program_option::Model) -> bool {
    let Some(kind) = Kind::parse(&row.kind) else {
        return false;
    };
    forms
        .iter()
        .filter(|(set, _)| row.competency_set_id.is_none_or(|own| own == *set))
        .any(|(_, form)| form_uses(form, kind, &row.label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_ranks_its_own_set_or_else_its_programs_first() {
        let set = |id| competency_set::Model {
            id,
            program_id: 1,
            name: format!("Set {id}"),
            entry_level: "entry".into(),
            middle_level: "intermediate".into(),
            expert_level: "expert".into(),
        };
        let sets = [set(4), set(9)];
        assert_eq!(cycle_set(Some(9), &sets), Some(9));
        assert_eq!(
            cycle_set(None, &sets),
            Some(4),
            "stored before cycles chose"
        );
        assert_eq!(cycle_set(None, &[]), None);
    }

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
