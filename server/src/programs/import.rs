//! Importing applications collected elsewhere, from the CSV format the export writes. Every row is checked
//! first (the CSV rules, then the program's own options and the form's validator); one bad row stops the
//! whole import, and the report lists them all.

use std::collections::HashSet;

use app::api::ports;
use app::application::{validate, ApplicationForm, ApplicationStatus, FormOptions, Step};
use app::import::{ImportProblem, ImportReport};
use app::types::{CurrentUser, CycleId};
use app::validation::normalize_email;
use chrono::Utc;
use engine::applicant::{Applicant, ApplicantRow, Lists, CSV_COLUMNS};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::DbPrograms;
use crate::audit;
use crate::auth::lifecycle::reclaim_unconfirmed;
use crate::auth::password::NO_PASSWORD;
use crate::db::entities::{app_user, application};
use crate::error::Result;

/// A checked row, ready to write.
struct Ready {
    email: String,
    applicant: Applicant,
    form: ApplicationForm,
}

fn problem(line: u64, column: &str, message: impl Into<String>) -> ImportProblem {
    ImportProblem {
        line,
        column: column.to_owned(),
        message: message.into(),
    }
}

/// The form an imported row stands for. The agreements were given in the tool that collected it.
fn form_of(applicant: &Applicant) -> ApplicationForm {
    ApplicationForm {
        institution_types: applicant.institution_types.clone(),
        enrollment_size: applicant.enrollment_size.label.clone(),
        time_zone: applicant.time_zone.clone(),
        previous_cycle: Some(applicant.returning),
        assignment_preference: applicant.preference.label().to_owned(),
        resource_formats: applicant.resource_formats.clone(),
        areas: applicant.areas.clone(),
        strengths: applicant.strengths.clone(),
        growth: applicant.growth.clone(),
        goals: applicant.goals.clone(),
        meeting_frequency: applicant.meeting_frequency.label.clone(),
        communication_methods: applicant.communication.clone(),
        commitment: true,
        consent: true,
    }
}

/// Reads and checks every row; returns the good rows and the problems of the bad ones.
fn check(csv_text: &str, options: &FormOptions) -> (Vec<Ready>, Vec<ImportProblem>, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(csv_text.as_bytes());
    let lists = options.lists();
    let mut problems = Vec::new();
    match reader.headers() {
        Ok(headers) => {
            let missing: Vec<&str> = CSV_COLUMNS
                .iter()
                .filter(|c| !headers.iter().any(|h| h == **c))
                .copied()
                .collect();
            if !missing.is_empty() {
                problems.push(problem(
                    1,
                    "header",
                    format!("missing columns: {}", missing.join(", ")),
                ));
                return (Vec::new(), problems, 0);
            }
        }
        Err(error) => {
            problems.push(problem(1, "header", format!("not a CSV file: {error}")));
            return (Vec::new(), problems, 0);
        }
    }
    let mut ready = Vec::new();
    let mut emails = HashSet::new();
    let mut rows = 0;
    for record in reader.deserialize::<ApplicantRow>() {
        rows += 1;
        let line = u64::try_from(rows).unwrap_or(u64::MAX).saturating_add(1);
        let row = match record {
            Ok(row) => ApplicantRow::from_export(row),
            Err(error) => {
                let line = error.position().map_or(line, |p| p.line());
                problems.push(problem(line, "row", error.to_string()));
                continue;
            }
        };
        match check_row(&row, options, &lists, &mut emails) {
            Ok(row) => ready.push(row),
            Err((column, message)) => problems.push(problem(line, &column, message)),
        }
    }
    if rows == 0 {
        problems.push(problem(2, "row", "the file has no applications"));
    }
    (ready, problems, rows)
}

fn check_row(
    row: &ApplicantRow,
    options: &FormOptions,
    lists: &Lists,
    emails: &mut HashSet<String>,
) -> std::result::Result<Ready, (String, String)> {
    let applicant = row
        .parse_with(lists)
        .map_err(|e| (e.column.to_owned(), e.message))?;
    let email = normalize_email(&applicant.email)
        .map_err(|message| ("email".to_owned(), message.to_owned()))?;
    if !emails.insert(email.clone()) {
        return Err((
            "email".to_owned(),
            format!("{email} appears on an earlier row too"),
        ));
    }
    let form = form_of(&applicant);
    let errors = validate(&form, options);
    if let Some((field, message)) = errors.iter().next() {
        return Err((field.to_owned(), message.to_owned()));
    }
    Ok(Ready {
        email,
        applicant,
        form,
    })
}

#[async_trait::async_trait]
impl ports::ApplicationImport for DbPrograms {
    #[tracing::instrument(skip_all)]
    async fn import_applications(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        csv_text: String,
        dry_run: bool,
    ) -> Result<ImportReport> {
        let (cycle, _) = self.cycle_with_program(cycle_id).await?;
        let mut options = self.form_options(&cycle, None).await?;
        // Imported rows answer the "took part before" question themselves, named or not.
        options.previous_cycle = None;
        let (ready, problems, rows) = check(&csv_text, &options);
        let txn = self.db.begin().await?;
        let mut report = ImportReport {
            rows,
            problems,
            ..ImportReport::default()
        };
        let now = Utc::now();
        for row in &ready {
            let user = app_user::Entity::find()
                .filter(app_user::Column::Email.eq(&row.email))
                .one(&txn)
                .await?;
            let user_id = match user {
                // A claim nobody proved never receives the owner's application.
                Some(user) => {
                    if reclaim_unconfirmed(&txn, &user).await? {
                        report.reclaimed += 1;
                    }
                    user.id
                }
                None => {
                    report.new_accounts += 1;
                    if dry_run || !report.problems.is_empty() {
                        continue;
                    }
                    app_user::ActiveModel {
                        name: Set(row.applicant.name.clone()),
                        email: Set(row.email.clone()),
                        password_hash: Set(NO_PASSWORD.to_owned()),
                        institution_name: Set(row.applicant.institution.clone()),
                        institution_type: Set(row
                            .form
                            .institution_types
                            .first()
                            .cloned()
                            .unwrap_or_default()),
                        role: Set("member".to_owned()),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?
                    .id
                }
            };
            let existing = application::Entity::find()
                .filter(application::Column::CycleId.eq(cycle.id))
                .filter(application::Column::UserId.eq(user_id))
                .one(&txn)
                .await?;
            if existing.is_some() {
                report.replaced += 1;
            }
            if dry_run || !report.problems.is_empty() {
                continue;
            }
            let json = serde_json::to_string(&row.form)
                .map_err(|e| sea_orm::DbErr::Type(e.to_string()))?;
            let mut active = match existing {
                Some(existing) => {
                    let version = existing.version;
                    let mut active: application::ActiveModel = existing.into();
                    active.version = Set(version + 1);
                    active
                }
                None => application::ActiveModel {
                    cycle_id: Set(cycle.id),
                    user_id: Set(user_id),
                    version: Set(1),
                    created_at: Set(now),
                    ..Default::default()
                },
            };
            active.status = Set(ApplicationStatus::Submitted.as_str().to_owned());
            active.step = Set(i32::try_from(Step::Review.index()).unwrap_or_default());
            active.form = Set(json.clone());
            active.submitted_form = Set(Some(json));
            active.updated_at = Set(now);
            active.submitted_at = Set(Some(now));
            active.save(&txn).await?;
        }
        if dry_run || !report.problems.is_empty() {
            txn.rollback().await?;
            return Ok(report);
        }
        audit::record(
            &txn,
            Some(actor.id),
            "applications.imported",
            &format!("cycle:{}", cycle.id),
            serde_json::json!({ "rows": report.rows, "new_accounts": report.new_accounts, "replaced": report.replaced, "reclaimed": report.reclaimed }),
        )
        .await?;
        txn.commit().await?;
        report.imported = true;
        tracing::info!(actor = %actor.id, cycle = cycle.id, rows = report.rows, "applications imported");
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> FormOptions {
        FormOptions::defaults(vec!["America/Chicago".into()])
    }

    const HEADER: &str = "id,name,email,institution,institution_types,time_zone,enrollment_size,previous_cycle,assignment_preference,resource_formats,areas_of_responsibility,strength_1,strength_2,strength_3,growth_1,growth_2,growth_3,goals,meeting_frequency,communication_methods";

    proptest::proptest! {
        /// Whatever file an admin uploads, the check answers with rows or problems, never a panic.
        #[test]
        fn any_bytes_are_checked_without_a_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2_000),
            with_header in proptest::prelude::any::<bool>(),
        ) {
            let body = String::from_utf8_lossy(&bytes);
            let text = if with_header { format!("{HEADER}\n{body}") } else { body.into_owned() };
            let (ready, problems, rows) = check(&text, &options());
            proptest::prop_assert!(ready.len() <= rows);
            proptest::prop_assert!(!ready.is_empty() || !problems.is_empty() || rows == 0);
        }
    }

    fn row(id: &str, email: &str, zone: &str) -> String {
        format!("{id},Ana Lima,{email},Northfield,Public four-year,{zone},\"20,000–39,999\",no,No preference,,Registration and records,Problem Solving,Technological Knowledge,Professional Integrity,Change Management,Leadership and Management,Diversity and Inclusion,Grow,Monthly (recommended),Video call")
    }

    #[test]
    fn good_rows_pass_and_every_bad_row_is_listed() {
        let text = format!(
            "{HEADER}\n{}\n{}\n{}\n{}\n",
            row("1", "ana@example.edu", "America/Chicago"),
            row("2", "ben@example.edu", "Mars/Olympus"),
            row("3", "ana@example.edu", "America/Chicago"),
            row("4", "not-an-email", "America/Chicago"),
        );
        let (ready, problems, rows) = check(&text, &options());
        assert_eq!(rows, 4);
        assert_eq!(ready.len(), 1);
        let found: Vec<(u64, &str)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_str()))
            .collect();
        assert_eq!(found, vec![(3, "time_zone"), (4, "email"), (5, "email")]);
    }

    #[test]
    fn a_file_without_the_columns_is_refused_at_the_header() {
        let (_, problems, _) = check("name,email\nAna,ana@example.edu\n", &options());
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].message.contains("institution_types"));
        let (_, problems, _) = check(&format!("{HEADER}\n"), &options());
        assert!(problems[0].message.contains("no applications"));
    }
}
