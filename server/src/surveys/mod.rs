//! The `Surveys` port over the database: building a cycle's surveys, sending them to its members (and
//! reminding once), answering once with drafts kept, and the results. Anonymous answers are stored without
//! the member (see the `survey_response` entity).

pub mod results;
pub mod send;

use app::api::ports::Surveys;
use app::error::AppError;
use app::survey::{
    validate_answers, Answers, CycleSurveys, OpenSurvey, Question, SurveyForm, SurveyPage,
    SurveyResults, SurveySummary,
};
use app::types::{CurrentUser, CycleId, SurveyId};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use crate::audit;
use crate::db::entities::{cycle, program, survey, survey_invitation, survey_response};
use crate::error::Result;
use crate::programs::cycle_with_program;
use crate::programs::dates::{date, format_date, zone_or_utc};

/// Surveys stored in the database.
#[derive(Clone)]
pub struct DbSurveys {
    db: DatabaseConnection,
    public_url: String,
}

impl DbSurveys {
    pub fn new(db: DatabaseConnection, public_url: &str) -> Self {
        DbSurveys {
            db,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    async fn survey(&self, id: i64) -> Result<survey::Model> {
        Ok(survey::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?)
    }

    /// The viewer's invitation to `survey_id`; not found for anyone who was not asked.
    async fn invitation(
        &self,
        viewer: &CurrentUser,
        survey_id: SurveyId,
    ) -> Result<survey_invitation::Model> {
        Ok(survey_invitation::Entity::find()
            .filter(survey_invitation::Column::SurveyId.eq(survey_id.0))
            .filter(survey_invitation::Column::UserId.eq(viewer.id.0))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?)
    }
}

/// Today on the program's calendar.
fn today(program: &program::Model) -> NaiveDate {
    today_at(program, Utc::now())
}

/// The program's calendar day at `now`.
pub(crate) fn today_at(program: &program::Model, now: chrono::DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&zone_or_utc(&program.time_zone))
        .date_naive()
}

/// The survey's questions (none if the stored JSON were unreadable, which only a bug could cause).
pub(crate) fn questions_of(survey: &survey::Model) -> Vec<Question> {
    serde_json::from_str(&survey.questions).unwrap_or_else(|error| {
        tracing::error!(%error, survey = survey.id, "unreadable survey questions");
        Vec::new()
    })
}

fn parse(json: Option<&str>) -> Answers {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

#[async_trait::async_trait]
impl Surveys for DbSurveys {
    #[tracing::instrument(skip_all)]
    async fn cycle_surveys(&self, cycle_id: CycleId) -> Result<CycleSurveys> {
        let (cycle, program) = cycle_with_program(&self.db, cycle_id).await?;
        let surveys = survey::Entity::find()
            .filter(survey::Column::CycleId.eq(cycle_id.0))
            .order_by_asc(survey::Column::SendsOn)
            .all(&self.db)
            .await?;
        let mut list = Vec::with_capacity(surveys.len());
        for s in surveys {
            let (invited, responded) = results::counts(&self.db, s.id).await?;
            list.push(SurveySummary {
                id: s.id(),
                title: s.title,
                anonymous: s.anonymous,
                sends_on: format_date(s.sends_on),
                sent: s.sent_at.is_some(),
                closes_on: format_date(s.closes_on),
                invited,
                responded,
            });
        }
        Ok(CycleSurveys {
            cycle_id,
            cycle_name: cycle.name,
            program_name: program.name.clone(),
            relationship_starts_on: cycle.relationship_starts_on.to_string(),
            today: today(&program).to_string(),
            surveys: list,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn create_survey(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        form: SurveyForm,
    ) -> Result<SurveyId> {
        let (cycle, _) = cycle_with_program(&self.db, cycle_id).await?;
        let sends_on = date(&form.sends_on, "sends_on")?;
        let closes_on = date(&form.closes_on, "closes_on")?;
        let questions = serde_json::to_string(&form.questions).map_err(|_| AppError::Internal)?;
        let txn = self.db.begin().await?;
        let row = survey::ActiveModel {
            cycle_id: Set(cycle.id),
            title: Set(form.title.clone()),
            intro: Set(form.intro.clone()),
            anonymous: Set(form.anonymous),
            questions: Set(questions),
            sends_on: Set(sends_on),
            closes_on: Set(closes_on),
            created_by: Set(Some(actor.id.0)),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            Some(actor.id),
            "survey.created",
            &format!("survey:{}", row.id),
            serde_json::json!({ "cycle": cycle.id, "title": form.title, "sends_on": form.sends_on }),
        )
        .await?;
        txn.commit().await?;
        // A survey dated today (or earlier) goes out now, not at the next hourly run.
        send::send_due(&self.db, Utc::now(), &self.public_url).await?;
        Ok(row.id())
    }

    #[tracing::instrument(skip_all)]
    async fn results(&self, survey_id: SurveyId) -> Result<SurveyResults> {
        results::results(&self.db, survey_id.0).await
    }

    #[tracing::instrument(skip_all)]
    async fn survey_page(&self, viewer: &CurrentUser, survey_id: SurveyId) -> Result<SurveyPage> {
        let invitation = self.invitation(viewer, survey_id).await?;
        let survey = self.survey(survey_id.0).await?;
        let (cycle, program) = cycle_with_program(&self.db, CycleId(survey.cycle_id)).await?;
        let answers: Answers = match (&invitation.responded_at, survey.anonymous) {
            (None, _) => parse(invitation.draft.as_deref()),
            // A named response is the member's to read again; an anonymous one is not linked to them.
            (Some(_), false) => survey_response::Entity::find()
                .filter(survey_response::Column::SurveyId.eq(survey_id.0))
                .filter(survey_response::Column::UserId.eq(viewer.id.0))
                .one(&self.db)
                .await?
                .map(|r| parse(Some(&r.answers)))
                .unwrap_or_default(),
            (Some(_), true) => Answers::new(),
        };
        let questions = questions_of(&survey);
        Ok(SurveyPage {
            id: survey.id(),
            program_name: program.name.clone(),
            cycle_name: cycle.name,
            title: survey.title,
            intro: survey.intro,
            anonymous: survey.anonymous,
            closes_on: format_date(survey.closes_on),
            questions,
            answers,
            submitted: invitation.responded_at.is_some(),
            closed: today(&program) > survey.closes_on,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn answer(
        &self,
        viewer: &CurrentUser,
        survey_id: SurveyId,
        answers: Answers,
        submit: bool,
    ) -> Result<()> {
        let invitation = self.invitation(viewer, survey_id).await?;
        let survey = self.survey(survey_id.0).await?;
        let (_, program) = cycle_with_program(&self.db, CycleId(survey.cycle_id)).await?;
        if invitation.responded_at.is_some() {
            return Err(AppError::Conflict(
                "You have already answered this survey: thank you.".to_owned(),
            )
            .into());
        }
        if today(&program) > survey.closes_on {
            return Err(AppError::Conflict(format!(
                "This survey closed on {}.",
                format_date(survey.closes_on)
            ))
            .into());
        }
        let clean = validate_answers(&questions_of(&survey), &answers, submit)?;
        let json = serde_json::to_string(&clean).map_err(|_| AppError::Internal)?;
        if !submit {
            let mut row = invitation.into_active_model();
            row.draft = Set(Some(json));
            row.update(&self.db).await?;
            return Ok(());
        }
        let txn = self.db.begin().await?;
        // Marked answered only if it was not already: two tabs sending at once store one response.
        let marked = survey_invitation::Entity::update_many()
            .col_expr(
                survey_invitation::Column::RespondedAt,
                sea_orm::sea_query::Expr::value(Some(Utc::now())),
            )
            .col_expr(
                survey_invitation::Column::Draft,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .filter(survey_invitation::Column::Id.eq(invitation.id))
            .filter(survey_invitation::Column::RespondedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected != 1 {
            return Err(AppError::Conflict(
                "You have already answered this survey: thank you.".to_owned(),
            )
            .into());
        }
        survey_response::ActiveModel {
            id: Set(uuid::Uuid::new_v4().to_string()),
            survey_id: Set(survey_id.0),
            user_id: Set((!survey.anonymous).then_some(viewer.id.0)),
            answers: Set(json),
            submitted_on: Set(Utc::now().date_naive()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn open_surveys(&self, viewer: &CurrentUser) -> Result<Vec<OpenSurvey>> {
        let invitations = survey_invitation::Entity::find()
            .filter(survey_invitation::Column::UserId.eq(viewer.id.0))
            .filter(survey_invitation::Column::RespondedAt.is_null())
            .all(&self.db)
            .await?;
        let mut open = Vec::new();
        for invitation in invitations {
            let survey = self.survey(invitation.survey_id).await?;
            let (_, program) = cycle_with_program(&self.db, CycleId(survey.cycle_id)).await?;
            if today(&program) > survey.closes_on {
                continue;
            }
            open.push(OpenSurvey {
                id: survey.id(),
                title: survey.title,
                program_name: program.name,
                closes_on: format_date(survey.closes_on),
                has_draft: invitation.draft.is_some(),
            });
        }
        Ok(open)
    }
}

/// The cycle of a survey (for the results' links).
pub(crate) async fn cycle_of(
    db: &DatabaseConnection,
    survey: &survey::Model,
) -> Result<cycle::Model> {
    Ok(cycle_with_program(db, CycleId(survey.cycle_id)).await?.0)
}
