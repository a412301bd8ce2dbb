//! A member's application: load (or start), save the working copy, submit, withdraw; and the admin's list.
//! Every write checks the window and the version the member's page started from.

use app::api::ports;
use app::application::{validate, ApplicationForm, ApplicationStatus, Applying, FormOptions, Step};
use app::application::{ApplicationListItem, ApplicationsOverview, Saved, WizardData};
use app::error::AppError;
use app::program::WindowState;
use app::types::{AccountState, CurrentUser, CycleId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::emails::{self, Context};
use super::{dates, options, summary, viewer_zone, DbPrograms};
use crate::auth::accounts::account_state;
use crate::db::entities::{app_user, application, cycle, program};
use crate::error::{is_unique_violation, Failure, Result};
use crate::mail::outbox;

const CHANGED_ELSEWHERE: &str =
    "This application was changed in another tab or on another device. \
     We have loaded the newest version: check it, then carry on.";

/// The caller's own application to a cycle, if any.
///
/// # Errors
/// Database failures.
pub async fn find_own(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    cycle_id: CycleId,
) -> Result<Option<application::Model>> {
    Ok(application::Entity::find()
        .filter(application::Column::CycleId.eq(cycle_id.0))
        .filter(application::Column::UserId.eq(viewer.id.0))
        .one(db)
        .await?)
}

fn parse_form(stored: &str) -> Result<ApplicationForm> {
    serde_json::from_str(stored)
        .map_err(|e| Failure::internal(format!("stored application form: {e}")))
}

fn to_json(form: &ApplicationForm) -> Result<String> {
    serde_json::to_string(form).map_err(|e| Failure::internal(format!("application form: {e}")))
}

/// What a write changes.
struct Change {
    status: ApplicationStatus,
    step: Option<Step>,
    form: Option<String>,
    submitted_form: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
}

impl DbPrograms {
    /// The form's options for a cycle: the program's lists and the name of the cycle before it.
    pub(super) async fn form_options(
        &self,
        cycle: &cycle::Model,
        keeping: Option<&ApplicationForm>,
    ) -> Result<FormOptions> {
        let mut options = options::load(&self.db, cycle, keeping).await?;
        options.previous_cycle = cycle::Entity::find()
            .filter(cycle::Column::ProgramId.eq(cycle.program_id))
            .filter(cycle::Column::OpensAt.lt(cycle.opens_at))
            .order_by_desc(cycle::Column::OpensAt)
            .one(&self.db)
            .await?
            .map(|c| c.name);
        Ok(options)
    }

    /// Refuses a change outside the window, saying when it is (was) open in the member's zone.
    fn ensure_open(
        cycle: &cycle::Model,
        program: &program::Model,
        mine: Option<&application::Model>,
    ) -> Result<()> {
        let tz = viewer_zone(program, mine);
        let now = Utc::now().timestamp();
        match WindowState::at(now, cycle.opens_at.timestamp(), cycle.closes_at.timestamp()) {
            WindowState::Open => Ok(()),
            WindowState::Upcoming => Err(AppError::Conflict(format!(
                "Applications for {} open on {} and close on {}.",
                cycle.name,
                dates::format_at(cycle.opens_at, tz),
                dates::format_at(cycle.closes_at, tz)
            ))
            .into()),
            WindowState::Closed => Err(AppError::Conflict(format!(
                "Applications for {} closed on {}. Write to {} if you need a change.",
                cycle.name,
                dates::format_at(cycle.closes_at, tz),
                program.contact_email
            ))
            .into()),
        }
    }

    fn email_context(
        &self,
        viewer: &CurrentUser,
        cycle: &cycle::Model,
        program: &program::Model,
        tz: chrono_tz::Tz,
    ) -> Context {
        Context {
            to: crate::mail::outbox::mailbox(&viewer.name, &viewer.email),
            name: viewer.name.clone(),
            program: program.name.clone(),
            cycle: cycle.name.clone(),
            contact: program.contact_email.clone(),
            closes: dates::format_at(cycle.closes_at, tz),
            matching_on: dates::format_date(cycle.matching_on),
            link: format!("{}/cycles/{}/apply", self.public_url, cycle.id),
        }
    }

    /// Submitted applications of a cycle as CSV rows' inputs (who, form), for the export.
    ///
    /// # Errors
    /// Unknown cycle; database failures.
    pub async fn submitted_for_export(
        &self,
        cycle_id: CycleId,
    ) -> Result<Vec<(Applying, ApplicationForm)>> {
        Ok(self
            .submitted(cycle_id)
            .await?
            .into_iter()
            .map(|(who, form, _)| (who, form))
            .collect())
    }

    /// The lists a cycle's stored applications are read with: every option it ever offered (the program's
    /// lists and the cycle's competency set), added and retired ones included.
    ///
    /// # Errors
    /// Database failures.
    pub async fn options_for_reading(&self, cycle: &cycle::Model) -> Result<FormOptions> {
        options::load_for_reading(&self.db, cycle).await
    }

    /// The submitted applications matching may pair, and the names of applicants left out because nobody
    /// confirmed their account's address (someone may have signed up with another person's address).
    ///
    /// # Errors
    /// As [`Self::submitted_for_export`].
    pub async fn submitted_for_matching(
        &self,
        cycle_id: CycleId,
    ) -> Result<(Vec<(Applying, ApplicationForm)>, Vec<String>)> {
        let mut pairable = Vec::new();
        let mut unconfirmed = Vec::new();
        for (who, form, state) in self.submitted(cycle_id).await? {
            if state == AccountState::Unconfirmed {
                unconfirmed.push(who.name);
            } else {
                pairable.push((who, form));
            }
        }
        Ok((pairable, unconfirmed))
    }

    async fn submitted(
        &self,
        cycle_id: CycleId,
    ) -> Result<Vec<(Applying, ApplicationForm, AccountState)>> {
        self.cycle_with_program(cycle_id).await?;
        let rows = application::Entity::find()
            .filter(application::Column::CycleId.eq(cycle_id.0))
            .filter(application::Column::Status.eq(ApplicationStatus::Submitted.as_str()))
            .find_also_related(app_user::Entity)
            .order_by_asc(application::Column::Id)
            .all(&self.db)
            .await?;
        rows.into_iter()
            .filter_map(|(row, user)| Some((row, user?)))
            .map(|(row, user)| {
                let form = parse_form(row.submitted_form.as_deref().unwrap_or(&row.form))?;
                let state = account_state(&user);
                let who = Applying {
                    id: user.id.to_string(),
                    name: user.name,
                    email: user.email,
                    institution: user.institution_name,
                };
                Ok((who, form, state))
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl ports::Applications for DbPrograms {
    #[tracing::instrument(skip_all)]
    async fn load_application(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
    ) -> Result<WizardData> {
        let (cycle, program) = self.cycle_with_program(cycle_id).await?;
        let mine = find_own(&self.db, viewer, cycle.id()).await?;
        let saved = mine.as_ref().map(|row| parse_form(&row.form)).transpose()?;
        // Retired options the member already chose stay visible, so they can be seen and unticked.
        let options = self.form_options(&cycle, saved.as_ref()).await?;
        let (form, step, status, version, unsubmitted_changes) = match (&mine, saved) {
            (Some(row), Some(form)) => (
                form,
                Step::from_index(row.step),
                ApplicationStatus::parse(&row.status),
                row.version,
                row.submitted_form.as_deref().is_some_and(|s| s != row.form),
            ),
            _ => (starting_form(viewer, &options), Step::You, None, 0, false),
        };
        Ok(WizardData {
            cycle: summary(&cycle, &program, mine.as_ref(), Utc::now()),
            contact_email: program.contact_email,
            options,
            form,
            step,
            status,
            version,
            unsubmitted_changes,
            applicant_name: viewer.name.clone(),
            applicant_institution: viewer.institution_name.clone(),
        })
    }

    #[tracing::instrument(skip_all)]
    async fn save_draft(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
        form: ApplicationForm,
        step: Step,
        version: i64,
    ) -> Result<Saved> {
        let (cycle, program) = self.cycle_with_program(cycle_id).await?;
        let txn = self.db.begin().await?;
        let mine = find_own(&txn, viewer, cycle.id()).await?;
        Self::ensure_open(&cycle, &program, mine.as_ref())?;
        let status = mine
            .as_ref()
            .and_then(|a| ApplicationStatus::parse(&a.status))
            .unwrap_or(ApplicationStatus::Draft);
        let form = to_json(&form)?;
        let unsubmitted_changes = mine
            .as_ref()
            .and_then(|a| a.submitted_form.as_deref())
            .is_some_and(|s| s != form);
        let change = Change {
            status,
            step: Some(step),
            form: Some(form),
            submitted_form: None,
            submitted_at: None,
        };
        let saved = store(&txn, viewer, cycle.id(), mine, version, change).await?;
        txn.commit().await?;
        Ok(Saved {
            version: saved,
            status: Some(status),
            unsubmitted_changes,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn submit(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
        form: ApplicationForm,
        version: i64,
    ) -> Result<Saved> {
        let (cycle, program) = self.cycle_with_program(cycle_id).await?;
        // Read once, before the transaction (the options need the pool); `store`'s version check makes
        // a write that raced this read lose cleanly.
        let mine = find_own(&self.db, viewer, cycle.id()).await?;
        Self::ensure_open(&cycle, &program, mine.as_ref())?;
        // A retired option stays valid for someone who had already submitted it, never for a new choice.
        let submitted = mine
            .as_ref()
            .and_then(|row| row.submitted_form.as_deref())
            .map(parse_form)
            .transpose()?;
        let options = self.form_options(&cycle, submitted.as_ref()).await?;
        let errors = validate(&form, &options);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors).into());
        }
        let txn = self.db.begin().await?;
        let first_time = mine.as_ref().is_none_or(|a| a.submitted_at.is_none());
        let json = to_json(&form)?;
        let change = Change {
            status: ApplicationStatus::Submitted,
            step: Some(Step::Review),
            form: Some(json.clone()),
            submitted_form: Some(json),
            submitted_at: Some(Utc::now()),
        };
        let saved = store(&txn, viewer, cycle.id(), mine, version, change).await?;
        let tz = dates::zone_or_utc(&form.time_zone);
        let ctx = self.email_context(viewer, &cycle, &program, tz);
        outbox::queue(&txn, emails::submitted(&ctx, &form, first_time)).await?;
        txn.commit().await?;
        tracing::info!(user = %viewer.id, cycle = cycle.id, "application submitted");
        Ok(Saved {
            version: saved,
            status: Some(ApplicationStatus::Submitted),
            unsubmitted_changes: false,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn withdraw(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
        version: i64,
    ) -> Result<Saved> {
        let (cycle, program) = self.cycle_with_program(cycle_id).await?;
        let txn = self.db.begin().await?;
        let mine = find_own(&txn, viewer, cycle.id()).await?;
        Self::ensure_open(&cycle, &program, mine.as_ref())?;
        let Some(row) = mine.filter(|a| a.status == ApplicationStatus::Submitted.as_str()) else {
            return Err(AppError::Conflict(
                "Only a submitted application can be withdrawn.".into(),
            )
            .into());
        };
        let tz = viewer_zone(&program, Some(&row));
        let change = Change {
            status: ApplicationStatus::Withdrawn,
            step: None,
            form: None,
            submitted_form: None,
            submitted_at: None,
        };
        let saved = store(&txn, viewer, cycle.id(), Some(row), version, change).await?;
        let ctx = self.email_context(viewer, &cycle, &program, tz);
        outbox::queue(&txn, emails::withdrawn(&ctx)).await?;
        txn.commit().await?;
        tracing::info!(user = %viewer.id, cycle = cycle.id, "application withdrawn");
        Ok(Saved {
            version: saved,
            status: Some(ApplicationStatus::Withdrawn),
            unsubmitted_changes: false,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn list_applications(&self, cycle_id: CycleId) -> Result<ApplicationsOverview> {
        let (cycle, program) = self.cycle_with_program(cycle_id).await?;
        let rows = application::Entity::find()
            .filter(application::Column::CycleId.eq(cycle.id))
            .find_also_related(app_user::Entity)
            .order_by_asc(application::Column::Id)
            .all(&self.db)
            .await?;
        let tz = dates::zone_or_utc(&program.time_zone);
        let items = rows
            .into_iter()
            .filter_map(|(row, user)| Some((row, user?)))
            .map(|(row, user)| {
                let shown = row.submitted_form.as_deref().unwrap_or(&row.form);
                Ok(ApplicationListItem {
                    id: row.id,
                    name: user.name,
                    email: user.email,
                    institution: user.institution_name,
                    status: ApplicationStatus::parse(&row.status)
                        .unwrap_or(ApplicationStatus::Draft),
                    updated: dates::format_at(row.updated_at, tz),
                    form: parse_form(shown)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(ApplicationsOverview {
            cycle: summary(&cycle, &program, None, Utc::now()),
            items,
        })
    }
}

/// A new member's form, with what their account already says filled in.
fn starting_form(viewer: &CurrentUser, options: &FormOptions) -> ApplicationForm {
    let mut form = ApplicationForm::default();
    if options.institution_types.contains(&viewer.institution_type) {
        form.institution_types.push(viewer.institution_type.clone());
    }
    if options.previous_cycle.is_none() {
        form.previous_cycle = Some(false);
    }
    form
}

/// Inserts or updates the caller's row if it is still at `version`; returns the new version.
async fn store(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    cycle_id: CycleId,
    existing: Option<application::Model>,
    version: i64,
    change: Change,
) -> Result<i64> {
    let now = Utc::now();
    let Some(row) = existing else {
        if version != 0 {
            return Err(AppError::Conflict(CHANGED_ELSEWHERE.into()).into());
        }
        let inserted = application::ActiveModel {
            cycle_id: Set(cycle_id.0),
            user_id: Set(viewer.id.0),
            status: Set(change.status.as_str().to_owned()),
            step: Set(step_index(change.step.unwrap_or(Step::You))),
            form: Set(change.form.unwrap_or_else(|| "{}".to_owned())),
            submitted_form: Set(change.submitted_form),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            submitted_at: Set(change.submitted_at),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                AppError::Conflict(CHANGED_ELSEWHERE.into()).into()
            } else {
                Failure::from(e)
            }
        })?;
        return Ok(inserted.version);
    };
    if row.version != version {
        return Err(AppError::Conflict(CHANGED_ELSEWHERE.into()).into());
    }
    let mut update = application::Entity::update_many()
        .col_expr(
            application::Column::Status,
            Expr::value(change.status.as_str()),
        )
        .col_expr(application::Column::Version, Expr::value(version + 1))
        .col_expr(application::Column::UpdatedAt, Expr::value(now));
    if let Some(step) = change.step {
        update = update.col_expr(application::Column::Step, Expr::value(step_index(step)));
    }
    if let Some(form) = change.form {
        update = update.col_expr(application::Column::Form, Expr::value(form));
    }
    if let Some(submitted) = change.submitted_form {
        update = update.col_expr(application::Column::SubmittedForm, Expr::value(submitted));
    }
    if let Some(at) = change.submitted_at {
        update = update.col_expr(application::Column::SubmittedAt, Expr::value(at));
    }
    // The version filter makes the check and the write one statement: a concurrent save loses cleanly.
    let result = update
        .filter(application::Column::Id.eq(row.id))
        .filter(application::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict(CHANGED_ELSEWHERE.into()).into());
    }
    Ok(version + 1)
}

fn step_index(step: Step) -> i32 {
    i32::try_from(step.index()).unwrap_or_default()
}
