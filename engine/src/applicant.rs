//! The application CSV format: one row per application, the columns below in this order, a header row first.
//! Lists inside a cell are separated by `;`. The admin's CSV export of applications writes this format and
//! `shoulder match --applicants FILE.csv` reads it. The lists named below are the built-in ones; a cycle's
//! applications are read with its program's own lists ([`ApplicantRow::parse_with`]), which hold whatever options
//! its admins added.
//!
//! | column | content |
//! |---|---|
//! | `id` | the applicant's stable id (any text without `;`, unique in the file) |
//! | `name`, `email` | who they are |
//! | `institution` | institution name; two applicants with the same name (ignoring case and spaces) are never paired |
//! | `institution_types` | one or more of [`INSTITUTION_TYPES`] |
//! | `time_zone` | IANA name for the cycle's months, e.g. `America/Chicago` |
//! | `enrollment_size` | one of [`ENROLLMENT_SIZES`] |
//! | `previous_cycle` | `yes` or `no`: took part in the previous cycle |
//! | `assignment_preference` | **confidential**: one of the [`AssignmentPreference`] labels |
//! | `resource_formats` | any of [`RESOURCE_FORMATS`] |
//! | `areas_of_responsibility` | any of [`AREAS_OF_RESPONSIBILITY`] |
//! | `strength_1` … `strength_3` | Core Competencies at expert level, rank 1 first (blank allowed after the first) |
//! | `growth_1` … `growth_3` | Core Competencies at entry level, rank 1 first; none may also be a strength |
//! | `goals` | free text |
//! | `meeting_frequency` | one of [`MEETING_FREQUENCIES`] |
//! | `communication_methods` | one or more of [`COMMUNICATION_METHODS`] |

use serde::{Deserialize, Serialize};

use crate::options::{
    AssignmentPreference, AREAS_OF_RESPONSIBILITY, COMMUNICATION_METHODS, COMPETENCIES,
    ENROLLMENT_SIZES, INSTITUTION_TYPES, MEETING_FREQUENCIES, RESOURCE_FORMATS,
};

/// The option lists a row is read with: a program's own (the built-in ones plus what its admins added), or
/// [`Lists::built_in`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lists {
    pub institution_types: Vec<String>,
    pub enrollment_sizes: Vec<String>,
    pub areas: Vec<String>,
    pub resource_formats: Vec<String>,
    pub meeting_frequencies: Vec<String>,
    pub communication_methods: Vec<String>,
    /// Competency names.
    pub competencies: Vec<String>,
}

impl Lists {
    /// The lists of DOMAIN.md, for files read without a program (`shoulder match --applicants`).
    pub fn built_in() -> Self {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        Lists {
            institution_types: owned(&INSTITUTION_TYPES),
            enrollment_sizes: owned(&ENROLLMENT_SIZES),
            areas: owned(&AREAS_OF_RESPONSIBILITY),
            resource_formats: owned(&RESOURCE_FORMATS),
            meeting_frequencies: owned(&MEETING_FREQUENCIES),
            communication_methods: owned(&COMMUNICATION_METHODS),
            competencies: COMPETENCIES.iter().map(|c| c.name.to_owned()).collect(),
        }
    }
}

static BUILT_IN: std::sync::LazyLock<Lists> = std::sync::LazyLock::new(Lists::built_in);

/// A choice from an ordered list (enrollment sizes smallest first, meeting frequencies most frequent first):
/// where it stands in the list the application was read with, and its label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ordinal {
    pub index: usize,
    pub label: String,
}

impl Ordinal {
    /// The `index`-th entry of `list` (empty label past its end).
    pub fn of(list: &[&str], index: usize) -> Self {
        Ordinal {
            index,
            label: list.get(index).copied().unwrap_or_default().to_owned(),
        }
    }
}

/// The header row, in order.
pub const CSV_COLUMNS: [&str; 20] = [
    "id",
    "name",
    "email",
    "institution",
    "institution_types",
    "time_zone",
    "enrollment_size",
    "previous_cycle",
    "assignment_preference",
    "resource_formats",
    "areas_of_responsibility",
    "strength_1",
    "strength_2",
    "strength_3",
    "growth_1",
    "growth_2",
    "growth_3",
    "goals",
    "meeting_frequency",
    "communication_methods",
];

/// One CSV row as text, field names equal to the column names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub institution: String,
    pub institution_types: String,
    pub time_zone: String,
    pub enrollment_size: String,
    pub previous_cycle: String,
    pub assignment_preference: String,
    pub resource_formats: String,
    pub areas_of_responsibility: String,
    pub strength_1: String,
    pub strength_2: String,
    pub strength_3: String,
    pub growth_1: String,
    pub growth_2: String,
    pub growth_3: String,
    pub goals: String,
    pub meeting_frequency: String,
    pub communication_methods: String,
}

/// A parsed application: option labels checked, ranked lists in rank order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub id: String,
    pub name: String,
    pub email: String,
    pub institution: String,
    pub institution_types: Vec<String>,
    pub time_zone: String,
    /// From the program's enrollment sizes (built in: [`ENROLLMENT_SIZES`]), smallest first.
    pub enrollment_size: Ordinal,
    pub returning: bool,
    pub preference: AssignmentPreference,
    pub resource_formats: Vec<String>,
    pub areas: Vec<String>,
    /// Competency names, rank 1 first.
    pub strengths: Vec<String>,
    /// Competency names, rank 1 first.
    pub growth: Vec<String>,
    pub goals: String,
    /// From the program's meeting frequencies (built in: [`MEETING_FREQUENCIES`]), most frequent first.
    pub meeting_frequency: Ordinal,
    pub communication: Vec<String>,
}

/// A problem with one cell.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct CellError {
    pub column: &'static str,
    pub message: String,
}

fn cell_error(column: &'static str, message: impl Into<String>) -> CellError {
    CellError {
        column,
        message: message.into(),
    }
}

/// Finds `value` in `options`, ignoring case and surrounding space; returns the canonical label.
fn one_of<'a>(
    column: &'static str,
    value: &str,
    options: &'a [String],
) -> Result<&'a str, CellError> {
    let value = value.trim();
    options
        .iter()
        .find(|o| o.eq_ignore_ascii_case(value))
        .map(String::as_str)
        .ok_or_else(|| {
            if value.is_empty() {
                cell_error(column, "is empty")
            } else {
                cell_error(
                    column,
                    format!("{value:?} is not one of: {}", options.join(", ")),
                )
            }
        })
}

fn list_of(
    column: &'static str,
    value: &str,
    options: &[String],
    required: bool,
) -> Result<Vec<String>, CellError> {
    let mut items = Vec::new();
    for part in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let label = one_of(column, part, options)?.to_owned();
        if !items.contains(&label) {
            items.push(label);
        }
    }
    if required && items.is_empty() {
        return Err(cell_error(column, "needs at least one choice"));
    }
    Ok(items)
}

/// Up to three ranked competencies from three cells; blanks allowed only after the last choice.
fn ranked(
    columns: [&'static str; 3],
    cells: [&str; 3],
    names: &[String],
) -> Result<Vec<String>, CellError> {
    let mut ranked = Vec::new();
    let mut blank_seen = false;
    for (column, cell) in columns.into_iter().zip(cells) {
        if cell.trim().is_empty() {
            blank_seen = true;
            continue;
        }
        if blank_seen {
            return Err(cell_error(column, "is filled but a higher rank is blank"));
        }
        let name = one_of(column, cell, names)?.to_owned();
        if ranked.contains(&name) {
            return Err(cell_error(column, format!("{name:?} is ranked twice")));
        }
        ranked.push(name);
    }
    if ranked.is_empty() {
        return Err(cell_error(columns[0], "needs at least one competency"));
    }
    Ok(ranked)
}

fn yes_no(column: &'static str, value: &str) -> Result<bool, CellError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" | "" => Ok(false),
        other => Err(cell_error(column, format!("{other:?} is not yes or no"))),
    }
}

impl ApplicantRow {
    /// Every cell, in [`CSV_COLUMNS`] order.
    pub fn cells_mut(&mut self) -> [&mut String; 20] {
        [
            &mut self.id,
            &mut self.name,
            &mut self.email,
            &mut self.institution,
            &mut self.institution_types,
            &mut self.time_zone,
            &mut self.enrollment_size,
            &mut self.previous_cycle,
            &mut self.assignment_preference,
            &mut self.resource_formats,
            &mut self.areas_of_responsibility,
            &mut self.strength_1,
            &mut self.strength_2,
            &mut self.strength_3,
            &mut self.growth_1,
            &mut self.growth_2,
            &mut self.growth_3,
            &mut self.goals,
            &mut self.meeting_frequency,
            &mut self.communication_methods,
        ]
    }

    /// The row as written to an export: formula cells neutralised ([`crate::csv_cells`]).
    pub fn for_export(mut self) -> Self {
        for cell in self.cells_mut() {
            if let std::borrow::Cow::Owned(safe) = crate::csv_cells::neutralise(cell) {
                *cell = safe;
            }
        }
        self
    }

    /// The row as read from a file: what [`Self::for_export`] added taken off again.
    pub fn from_export(mut self) -> Self {
        for cell in self.cells_mut() {
            let original = crate::csv_cells::restore(cell);
            if original.len() != cell.len() {
                *cell = original.to_owned();
            }
        }
        self
    }

    /// Checks every cell against the built-in option lists.
    ///
    /// # Errors
    /// The first cell at fault, by column name.
    pub fn parse(&self) -> Result<Applicant, CellError> {
        self.parse_with(&BUILT_IN)
    }

    /// Checks every cell against a program's option lists (`options`, with what its admins added).
    ///
    /// # Errors
    /// The first cell at fault, by column name.
    pub fn parse_with(&self, options: &Lists) -> Result<Applicant, CellError> {
        let competencies = &options.competencies;
        let required = |column: &'static str, value: &str| {
            let value = value.trim();
            if value.is_empty() {
                Err(cell_error(column, "is empty"))
            } else {
                Ok(value.to_owned())
            }
        };
        let strengths = ranked(
            ["strength_1", "strength_2", "strength_3"],
            [&self.strength_1, &self.strength_2, &self.strength_3],
            competencies,
        )?;
        let growth = ranked(
            ["growth_1", "growth_2", "growth_3"],
            [&self.growth_1, &self.growth_2, &self.growth_3],
            competencies,
        )?;
        if let Some(both) = growth.iter().find(|g| strengths.contains(g)) {
            return Err(cell_error(
                "growth_1",
                format!("{both:?} is also a strength; a competency is one or the other"),
            ));
        }
        let id = required("id", &self.id)?;
        if id.contains(';') {
            return Err(cell_error("id", "must not contain ';'"));
        }
        Ok(Applicant {
            id,
            name: required("name", &self.name)?,
            email: self.email.trim().to_owned(),
            institution: required("institution", &self.institution)?,
            institution_types: list_of(
                "institution_types",
                &self.institution_types,
                &options.institution_types,
                true,
            )?,
            time_zone: required("time_zone", &self.time_zone)?,
            enrollment_size: ordinal(
                "enrollment_size",
                &self.enrollment_size,
                &options.enrollment_sizes,
            )?,
            returning: yes_no("previous_cycle", &self.previous_cycle)?,
            preference: if self.assignment_preference.trim().is_empty() {
                AssignmentPreference::NoPreference
            } else {
                AssignmentPreference::from_label(&self.assignment_preference).ok_or_else(|| {
                    let labels: Vec<_> = AssignmentPreference::ALL
                        .iter()
                        .map(|p| p.label())
                        .collect();
                    cell_error(
                        "assignment_preference",
                        format!(
                            "{:?} is not one of: {}",
                            self.assignment_preference.trim(),
                            labels.join(", ")
                        ),
                    )
                })?
            },
            resource_formats: list_of(
                "resource_formats",
                &self.resource_formats,
                &options.resource_formats,
                false,
            )?,
            areas: list_of(
                "areas_of_responsibility",
                &self.areas_of_responsibility,
                &options.areas,
                false,
            )?,
            strengths,
            growth,
            goals: self.goals.trim().to_owned(),
            meeting_frequency: ordinal(
                "meeting_frequency",
                &self.meeting_frequency,
                &options.meeting_frequencies,
            )?,
            communication: list_of(
                "communication_methods",
                &self.communication_methods,
                &options.communication_methods,
                true,
            )?,
        })
    }
}

fn ordinal(column: &'static str, value: &str, options: &[String]) -> Result<Ordinal, CellError> {
    let label = one_of(column, value, options)?;
    Ok(Ordinal {
        index: options.iter().position(|o| o == label).unwrap_or_default(),
        label: label.to_owned(),
    })
}

impl Applicant {
    /// Back to a CSV row (the export direction).
    pub fn to_row(&self) -> ApplicantRow {
        let rank = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
        ApplicantRow {
            id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            institution: self.institution.clone(),
            institution_types: self.institution_types.join("; "),
            time_zone: self.time_zone.clone(),
            enrollment_size: self.enrollment_size.label.clone(),
            previous_cycle: if self.returning { "yes" } else { "no" }.to_owned(),
            assignment_preference: self.preference.label().to_owned(),
            resource_formats: self.resource_formats.join("; "),
            areas_of_responsibility: self.areas.join("; "),
            strength_1: rank(&self.strengths, 0),
            strength_2: rank(&self.strengths, 1),
            strength_3: rank(&self.strengths, 2),
            growth_1: rank(&self.growth, 0),
            growth_2: rank(&self.growth, 1),
            growth_3: rank(&self.growth, 2),
            goals: self.goals.clone(),
            meeting_frequency: self.meeting_frequency.label.clone(),
            communication_methods: self.communication.join("; "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn row() -> ApplicantRow {
        ApplicantRow {
            id: "a1".into(),
            name: "Ana Lima".into(),
            email: "ana@example.edu".into(),
            institution: "Northfield State University".into(),
            institution_types: "Public four-year; public four-year".into(),
            time_zone: "America/Chicago".into(),
            enrollment_size: "20,000–39,999".into(),
            previous_cycle: "no".into(),
            assignment_preference: "different type of institution".into(),
            resource_formats: "Virtual meet-ups".into(),
            areas_of_responsibility: "Registration and records; Academic scheduling".into(),
            strength_1: "Problem Solving".into(),
            strength_2: "Technological Knowledge".into(),
            strength_3: String::new(),
            growth_1: "Change Management".into(),
            growth_2: "Leadership and Management".into(),
            growth_3: "Diversity and Inclusion".into(),
            goals: "Lead a records migration".into(),
            meeting_frequency: "Monthly (recommended)".into(),
            communication_methods: "Video call; Email".into(),
        }
    }

    #[test]
    fn a_good_row_parses_with_canonical_labels() {
        let applicant = row().parse().expect("valid row");
        assert_eq!(applicant.institution_types, vec!["Public four-year"]);
        assert_eq!(
            applicant.preference,
            AssignmentPreference::DifferentInstitutionType
        );
        assert_eq!(
            applicant.strengths,
            vec!["Problem Solving", "Technological Knowledge"]
        );
        assert_eq!(applicant.enrollment_size.index, 3);
        assert_eq!(applicant.meeting_frequency.index, 2);
    }

    #[test]
    fn rows_round_trip() {
        let applicant = row().parse().expect("valid");
        assert_eq!(applicant.to_row().parse().expect("valid"), applicant);
    }

    #[test]
    fn a_competency_cannot_be_strength_and_growth() {
        let mut bad = row();
        bad.growth_2 = "Problem Solving".into();
        assert_eq!(bad.parse().expect_err("both").column, "growth_1");
    }

    /// Breaks one cell of a good row.
    type Spoil = fn(&mut ApplicantRow);

    #[test]
    fn bad_cells_are_named() {
        let cases: [(Spoil, &str); 6] = [
            (|r| r.time_zone = " ".into(), "time_zone"),
            (|r| r.enrollment_size = "huge".into(), "enrollment_size"),
            (|r| r.strength_1 = "Juggling".into(), "strength_1"),
            (|r| r.strength_1 = String::new(), "strength_2"),
            (
                |r| r.communication_methods = String::new(),
                "communication_methods",
            ),
            (|r| r.previous_cycle = "maybe".into(), "previous_cycle"),
        ];
        for (spoil, column) in cases {
            let mut bad = row();
            spoil(&mut bad);
            assert_eq!(bad.parse().expect_err(column).column, column);
        }
    }

    #[test]
    fn the_header_matches_the_row_fields() {
        let json = serde_json::to_value(ApplicantRow::default()).expect("json");
        let keys: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut columns = CSV_COLUMNS.to_vec();
        columns.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, columns);
    }

    #[test]
    fn cells_mut_reaches_every_column_in_order() {
        let mut row = ApplicantRow::default();
        for (i, cell) in row.cells_mut().into_iter().enumerate() {
            *cell = i.to_string();
        }
        let json = serde_json::to_value(&row).expect("json");
        for (i, column) in CSV_COLUMNS.iter().enumerate() {
            assert_eq!(json[*column], i.to_string(), "{column}");
        }
    }

    #[test]
    fn an_exported_row_has_no_formula_and_imports_back_unchanged() {
        let mut original = row();
        original.name = "=HYPERLINK(\"http://evil.example\",\"Ana\")".into();
        original.goals = "-5 % turnover; +2 mentors".into();
        let exported = original.clone().for_export();
        assert_eq!(exported.name, format!("'{}", original.name));
        assert_eq!(exported.goals, format!("'{}", original.goals));
        assert_eq!(exported.email, original.email);
        assert_eq!(exported.from_export(), original);
    }
}
