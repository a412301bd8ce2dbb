//! The `Programs` port over the database: programs and cycles (admin), applications (members), the outbox page.

mod applications;
pub mod dates;
mod emails;
pub mod export;
mod import;
pub mod interest;
mod option_admin;
pub mod options;
pub mod rhythm;

use std::collections::HashMap;

use app::api::ports::Programs;
use app::application::{ApplicationForm, ApplicationStatus};
use app::competency_set::CompetencySetChoice;
use app::error::AppError;
use app::outbox::Outbox;
use app::program::{
    CycleAdminView, CycleBrief, CycleDates, CycleForm, CycleSummary, ProgramForm, ProgramView,
    WindowState,
};
use app::types::{CurrentUser, CycleId, ProgramId};
use chrono::Utc;
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::audit;
use crate::db::entities::{app_user, application, competency_set, cycle, program};
use crate::error::Result;
use crate::mail::outbox;
use dates::{format_at, format_date, zone_or_utc};

/// A cycle and the program it belongs to.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown cycle; database failures.
pub async fn cycle_with_program(
    db: &impl sea_orm::ConnectionTrait,
    id: CycleId,
) -> Result<(cycle::Model, program::Model)> {
    let cycle = cycle::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = program::Entity::find_by_id(cycle.program_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((cycle, program))
}

/// A cycle's members: everyone whose application to it is submitted, by name.
///
/// # Errors
/// Database failures.
pub async fn cycle_members(
    db: &impl sea_orm::ConnectionTrait,
    cycle_id: CycleId,
) -> Result<Vec<app_user::Model>> {
    let ids: Vec<i64> = application::Entity::find()
        .filter(application::Column::CycleId.eq(cycle_id.0))
        .filter(application::Column::Status.eq(ApplicationStatus::Submitted.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .order_by_asc(app_user::Column::Name)
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?)
}

/// Programs stored in the database.
#[derive(Clone)]
pub struct DbPrograms {
    db: DatabaseConnection,
    /// Where links in emails point, e.g. `https://mentoring.example.edu`.
    public_url: String,
    /// The SMTP server emails go to, shown on the outbox page; `None` when delivery is off.
    mail_server: Option<String>,
}

impl DbPrograms {
    pub fn new(db: DatabaseConnection, public_url: &str) -> Self {
        DbPrograms {
            db,
            public_url: public_url.trim_end_matches('/').to_owned(),
            mail_server: None,
        }
    }

    /// Names the SMTP server on the outbox page.
    #[must_use]
    pub fn with_mail_server(mut self, server: Option<String>) -> Self {
        self.mail_server = server;
        self
    }

    pub(crate) async fn program(&self, id: ProgramId) -> Result<program::Model> {
        Ok(program::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?)
    }

    pub(crate) async fn cycle_with_program(
        &self,
        id: CycleId,
    ) -> Result<(cycle::Model, program::Model)> {
        cycle_with_program(&self.db, id).await
    }

    async fn create_program(&self, actor: &CurrentUser, form: ProgramForm) -> Result<ProgramId> {
        dates::zone(&form.time_zone, "time_zone")?;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let program = program::ActiveModel {
            name: Set(form.name),
            description: Set(form.description),
            contact_email: Set(form.contact_email),
            time_zone: Set(form.time_zone),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        options::seed_defaults(&txn, program.id()).await?;
        audit::record(
            &txn,
            Some(actor.id),
            "program.created",
            &format!("program:{}", program.id),
            serde_json::json!({ "name": program.name }),
        )
        .await?;
        txn.commit().await?;
        Ok(program.id())
    }

    /// Changes a program's name, description, contact and time zone, recording what changed. Stored times
    /// keep their moment; the pages show them in the new zone.
    async fn update_program(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        form: ProgramForm,
    ) -> Result<ProgramId> {
        dates::zone(&form.time_zone, "time_zone")?;
        let before = self.program(program_id).await?;
        let changed: Vec<&str> = [
            ("name", before.name == form.name),
            ("description", before.description == form.description),
            ("contact_email", before.contact_email == form.contact_email),
            ("time_zone", before.time_zone == form.time_zone),
        ]
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(field, _)| field)
        .collect();
        if changed.is_empty() {
            return Ok(program_id);
        }
        let txn = self.db.begin().await?;
        let mut row = before.clone().into_active_model();
        row.name = Set(form.name.clone());
        row.description = Set(form.description);
        row.contact_email = Set(form.contact_email.clone());
        row.time_zone = Set(form.time_zone.clone());
        row.updated_at = Set(Utc::now());
        row.update(&txn).await?;
        audit::record(
            &txn,
            Some(actor.id),
            "program.updated",
            &format!("program:{program_id}"),
            serde_json::json!({ "changed": changed, "name": form.name, "contact_email": form.contact_email,
                "time_zone": form.time_zone }),
        )
        .await?;
        txn.commit().await?;
        Ok(program_id)
    }

    /// The competency set a saved cycle will use: the one chosen (this program's), else the cycle's own,
    /// else the program's latest cycle's. A cycle whose applications have ranked competencies keeps its set:
    /// their choices belong to it.
    async fn chosen_set(
        &self,
        program: &program::Model,
        cycle_id: Option<CycleId>,
        chosen: Option<i64>,
    ) -> Result<i64> {
        let existing = match cycle_id {
            Some(id) => {
                cycle::Entity::find_by_id(id)
                    .filter(cycle::Column::ProgramId.eq(program.id))
                    .one(&self.db)
                    .await?
            }
            None => None,
        };
        let current = match &existing {
            Some(c) => Some(options::set_of(&self.db, c).await?.id),
            None => None,
        };
        let Some(chosen) = chosen else {
            return match current {
                Some(id) => Ok(id),
                None => self.latest_set(program.id()).await,
            };
        };
        self.competency_set(program.id(), chosen)
            .await
            .map_err(|_| {
                AppError::invalid(
                    "competency_set_id",
                    "Choose one of this program's competency sets.",
                )
            })?;
        if let (Some(cycle), Some(current)) = (&existing, current) {
            if current != chosen && self.has_ranked_competencies(cycle.id()).await? {
                return Err(AppError::invalid(
                    "competency_set_id",
                    "Applications to this cycle already ranked competencies from its set, so the set stays.",
                )
                .into());
            }
        }
        Ok(chosen)
    }

    /// The set of the program's latest cycle, or its first set.
    async fn latest_set(&self, program_id: ProgramId) -> Result<i64> {
        let latest = cycle::Entity::find()
            .filter(cycle::Column::ProgramId.eq(program_id.0))
            .order_by_desc(cycle::Column::OpensAt)
            .one(&self.db)
            .await?;
        let sets = self.competency_sets(program_id).await?;
        Ok(
            options::cycle_set(latest.and_then(|c| c.competency_set_id), &sets)
                .ok_or(AppError::NotFound)?,
        )
    }

    /// Whether any application to the cycle (draft or submitted) chose a strength or growth area.
    async fn has_ranked_competencies(&self, cycle_id: CycleId) -> Result<bool> {
        let rows = application::Entity::find()
            .filter(application::Column::CycleId.eq(cycle_id.0))
            .all(&self.db)
            .await?;
        Ok(rows.iter().any(|row| {
            serde_json::from_str::<ApplicationForm>(&row.form)
                .is_ok_and(|f| !f.strengths.is_empty() || !f.growth.is_empty())
        }))
    }

    /// Applications per (cycle, status).
    async fn status_counts(&self) -> Result<HashMap<(i64, ApplicationStatus), u32>> {
        let rows: Vec<(i64, String)> = application::Entity::find()
            .select_only()
            .column(application::Column::CycleId)
            .column(application::Column::Status)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut counts = HashMap::new();
        for (cycle_id, status) in rows {
            if let Some(status) = ApplicationStatus::parse(&status) {
                *counts.entry((cycle_id, status)).or_insert(0) += 1;
            }
        }
        Ok(counts)
    }
}

/// The zone a member reads dates in: the one they chose on their application, else the program's.
fn viewer_zone(program: &program::Model, mine: Option<&application::Model>) -> Tz {
    mine.and_then(|a| serde_json::from_str::<ApplicationForm>(&a.form).ok())
        .and_then(|form| form.time_zone.parse::<Tz>().ok())
        .unwrap_or_else(|| zone_or_utc(&program.time_zone))
}

fn cycle_dates(cycle: &cycle::Model, tz: Tz, now: chrono::DateTime<Utc>) -> CycleDates {
    CycleDates {
        state: WindowState::at(
            now.timestamp(),
            cycle.opens_at.timestamp(),
            cycle.closes_at.timestamp(),
        ),
        opens: format_at(cycle.opens_at, tz),
        closes: format_at(cycle.closes_at, tz),
        shown_in: tz.name().to_owned(),
        matching_on: format_date(cycle.matching_on),
        relationship_starts_on: format_date(cycle.relationship_starts_on),
        length_months: cycle.length_months,
    }
}

fn summary(
    cycle: &cycle::Model,
    program: &program::Model,
    mine: Option<&application::Model>,
    now: chrono::DateTime<Utc>,
) -> CycleSummary {
    CycleSummary {
        id: cycle.id(),
        program_id: program.id(),
        program_name: program.name.clone(),
        name: cycle.name.clone(),
        dates: cycle_dates(cycle, viewer_zone(program, mine), now),
        my_status: mine.and_then(|a| ApplicationStatus::parse(&a.status)),
    }
}

#[async_trait::async_trait]
impl Programs for DbPrograms {
    #[tracing::instrument(skip_all)]
    async fn list_programs(&self) -> Result<Vec<ProgramView>> {
        let programs = program::Entity::find()
            .order_by_asc(program::Column::Name)
            .all(&self.db)
            .await?;
        let cycles = cycle::Entity::find()
            .order_by_desc(cycle::Column::OpensAt)
            .all(&self.db)
            .await?;
        let counts = self.status_counts().await?;
        let sets = competency_set::Entity::find()
            .order_by_asc(competency_set::Column::Id)
            .all(&self.db)
            .await?;
        let now = Utc::now();
        Ok(programs
            .into_iter()
            .map(|program| {
                let tz = zone_or_utc(&program.time_zone);
                let own: Vec<&cycle::Model> = cycles
                    .iter()
                    .filter(|c| c.program_id == program.id)
                    .collect();
                let own_sets: Vec<CompetencySetChoice> = sets
                    .iter()
                    .filter(|s| s.program_id == program.id)
                    .map(|s| CompetencySetChoice {
                        id: s.id,
                        name: s.name.clone(),
                    })
                    .collect();
                let program_sets: Vec<competency_set::Model> = sets
                    .iter()
                    .filter(|s| s.program_id == program.id)
                    .cloned()
                    .collect();
                let set_of =
                    |c: &cycle::Model| options::cycle_set(c.competency_set_id, &program_sets);
                let views = own
                    .iter()
                    .map(|c| {
                        let count = |status: ApplicationStatus| {
                            counts.get(&(c.id, status)).copied().unwrap_or(0)
                        };
                        CycleAdminView {
                            id: c.id(),
                            form: CycleForm {
                                name: c.name.clone(),
                                opens_at: dates::utc_to_local_input(c.opens_at, tz),
                                closes_at: dates::utc_to_local_input(c.closes_at, tz),
                                matching_on: c.matching_on.to_string(),
                                relationship_starts_on: c.relationship_starts_on.to_string(),
                                length_months: c.length_months.to_string(),
                                competency_set_id: set_of(c),
                            },
                            dates: cycle_dates(c, tz, now),
                            submitted: count(ApplicationStatus::Submitted),
                            drafts: count(ApplicationStatus::Draft),
                            withdrawn: count(ApplicationStatus::Withdrawn),
                        }
                    })
                    .collect();
                let rhythm = rhythm::of(&program);
                let latest_opening = own
                    .iter()
                    .map(|c| c.opens_at.with_timezone(&tz).date_naive())
                    .max();
                ProgramView {
                    next_cycle: CycleForm {
                        competency_set_id: options::cycle_set(
                            own.first().and_then(|c| c.competency_set_id),
                            &program_sets,
                        ),
                        ..rhythm::propose(
                            &rhythm,
                            latest_opening,
                            now.with_timezone(&tz).date_naive(),
                        )
                    },
                    competency_sets: own_sets,
                    rhythm: rhythm.form(),
                    rhythm_summary: rhythm.describe(),
                    id: program.id(),
                    name: program.name,
                    description: program.description,
                    contact_email: program.contact_email,
                    time_zone: program.time_zone,
                    cycles: views,
                }
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    async fn save_program(
        &self,
        actor: &CurrentUser,
        program_id: Option<ProgramId>,
        form: ProgramForm,
    ) -> Result<ProgramId> {
        match program_id {
            None => self.create_program(actor, form).await,
            Some(id) => self.update_program(actor, id, form).await,
        }
    }

    #[tracing::instrument(skip_all)]
    async fn save_cycle(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        cycle_id: Option<CycleId>,
        form: CycleForm,
    ) -> Result<CycleId> {
        let program = self.program(program_id).await?;
        let (name, length_months) =
            app::program::validate_cycle_shape(&form).map_err(AppError::from)?;
        let tz = zone_or_utc(&program.time_zone);
        let opens_at = dates::local_to_utc(&form.opens_at, tz, "opens_at")?;
        let closes_at = dates::local_to_utc(&form.closes_at, tz, "closes_at")?;
        let matching_on = dates::date(&form.matching_on, "matching_on")?;
        let relationship_starts_on =
            dates::date(&form.relationship_starts_on, "relationship_starts_on")?;
        if closes_at <= opens_at {
            return Err(
                AppError::invalid("closes_at", "The window must close after it opens.").into(),
            );
        }
        if matching_on < closes_at.with_timezone(&tz).date_naive() {
            return Err(AppError::invalid(
                "matching_on",
                "Matching comes after the window closes.",
            )
            .into());
        }
        if relationship_starts_on < matching_on {
            return Err(AppError::invalid(
                "relationship_starts_on",
                "Relationships start on or after the matching date.",
            )
            .into());
        }
        let set_id = self
            .chosen_set(&program, cycle_id, form.competency_set_id)
            .await?;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let (saved, action, before) = match cycle_id {
            None => {
                let cycle = cycle::ActiveModel {
                    program_id: Set(program.id),
                    name: Set(name),
                    opens_at: Set(opens_at),
                    closes_at: Set(closes_at),
                    matching_on: Set(matching_on),
                    relationship_starts_on: Set(relationship_starts_on),
                    length_months: Set(length_months),
                    competency_set_id: Set(Some(set_id)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                (cycle, "cycle.created", None)
            }
            Some(id) => {
                let existing = cycle::Entity::find_by_id(id)
                    .filter(cycle::Column::ProgramId.eq(program.id))
                    .one(&txn)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let before = (existing.opens_at, existing.closes_at);
                let mut active = existing.into_active_model();
                active.name = Set(name);
                active.opens_at = Set(opens_at);
                active.closes_at = Set(closes_at);
                active.matching_on = Set(matching_on);
                active.relationship_starts_on = Set(relationship_starts_on);
                active.length_months = Set(length_months);
                active.competency_set_id = Set(Some(set_id));
                active.updated_at = Set(now);
                (active.update(&txn).await?, "cycle.changed", Some(before))
            }
        };
        audit::record(
            &txn,
            Some(actor.id),
            action,
            &format!("cycle:{}", saved.id),
            serde_json::json!({
                "name": saved.name,
                "window": [saved.opens_at.to_rfc3339(), saved.closes_at.to_rfc3339()],
                "window_before": before.map(|(o, c)| [o.to_rfc3339(), c.to_rfc3339()]),
            }),
        )
        .await?;
        txn.commit().await?;
        Ok(saved.id())
    }

    #[tracing::instrument(skip_all)]
    async fn save_rhythm(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        rhythm: app::rhythm::Rhythm,
    ) -> Result<()> {
        rhythm::save(&self.db, actor, program_id, &rhythm).await
    }

    #[tracing::instrument(skip_all)]
    async fn interest_list(&self, viewer: &CurrentUser) -> Result<Vec<app::rhythm::InterestView>> {
        interest::list(&self.db, viewer).await
    }

    #[tracing::instrument(skip_all)]
    async fn set_interest(
        &self,
        viewer: &CurrentUser,
        program_id: ProgramId,
        on_list: bool,
    ) -> Result<()> {
        interest::set(&self.db, viewer, program_id, on_list).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_cycles(&self, viewer: &CurrentUser) -> Result<Vec<CycleSummary>> {
        let now = Utc::now();
        let mine: HashMap<i64, application::Model> = application::Entity::find()
            .filter(application::Column::UserId.eq(viewer.id.0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| (a.cycle_id, a))
            .collect();
        let cycles = cycle::Entity::find()
            .find_also_related(program::Entity)
            .order_by_asc(cycle::Column::OpensAt)
            .all(&self.db)
            .await?;
        Ok(cycles
            .into_iter()
            .filter(|(c, _)| c.closes_at > now || mine.contains_key(&c.id))
            .filter_map(|(c, p)| {
                let p = p?;
                let mine = mine.get(&c.id);
                Some(summary(&c, &p, mine, now))
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    async fn cycle_page(&self, viewer: &CurrentUser, cycle_id: CycleId) -> Result<CycleBrief> {
        let (cycle, program) = self.cycle_with_program(cycle_id).await?;
        let mine = applications::find_own(&self.db, viewer, cycle.id()).await?;
        let options = options::load(&self.db, &cycle, None).await?;
        Ok(CycleBrief {
            cycle: summary(&cycle, &program, mine.as_ref(), Utc::now()),
            program_description: program.description,
            contact_email: program.contact_email,
            competencies: options.competencies,
            levels: options.levels,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn list_outbox(&self) -> Result<Outbox> {
        Ok(Outbox {
            delivery: self.mail_server.clone(),
            emails: outbox::list(&self.db).await?,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn retry_email(&self, actor: &CurrentUser, email_id: i64) -> Result<()> {
        outbox::retry(&self.db, email_id).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "email.retried",
            &format!("outbox_email:{email_id}"),
            serde_json::json!({}),
        )
        .await?;
        Ok(())
    }
}
