//! A survey's results: the response rate and each question tallied; the same as CSV (one row per choice,
//! scale point or text answer), which is every chart's data.

use app::api::guard::authorize;
use app::api::ports::RequestAuth;
use app::error::AppError;
use app::survey::{percent, tally, Answers, QuestionKind, SurveyResults};
use app::types::Role;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use engine::csv_cells;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::{cycle_of, questions_of, DbSurveys};
use crate::db::entities::{survey, survey_invitation, survey_response};
use crate::error::Result;
use crate::http::{csv_download, error_response};

/// (invited, responded) for a survey.
///
/// # Errors
/// Database failures.
pub async fn counts(db: &impl ConnectionTrait, survey_id: i64) -> Result<(usize, usize)> {
    let invited = survey_invitation::Entity::find()
        .filter(survey_invitation::Column::SurveyId.eq(survey_id))
        .count(db)
        .await?;
    let responded = survey_invitation::Entity::find()
        .filter(survey_invitation::Column::SurveyId.eq(survey_id))
        .filter(survey_invitation::Column::RespondedAt.is_not_null())
        .count(db)
        .await?;
    let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    Ok((size(invited), size(responded)))
}

/// The results of `survey_id`.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown survey; database failures.
pub async fn results(db: &DatabaseConnection, survey_id: i64) -> Result<SurveyResults> {
    let survey = survey::Entity::find_by_id(survey_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let cycle = cycle_of(db, &survey).await?;
    let responses: Vec<Answers> = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| serde_json::from_str(&r.answers).ok())
        .collect();
    let questions = questions_of(&survey)
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let given: Vec<&Vec<String>> = responses.iter().filter_map(|r| r.get(&i)).collect();
            tally(q, &given)
        })
        .collect();
    let (invited, responded) = counts(db, survey_id).await?;
    Ok(SurveyResults {
        id: survey.id(),
        cycle_id: cycle.id(),
        cycle_name: cycle.name,
        title: survey.title,
        anonymous: survey.anonymous,
        invited,
        responded,
        questions,
    })
}

/// The results as CSV.
///
/// # Errors
/// The writer failed (it writes to memory, so only on a bug).
pub fn results_csv(results: &SurveyResults) -> std::result::Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "question",
        "kind",
        "answer",
        "count",
        "percent_of_answers",
        "mean",
    ])?;
    for q in &results.questions {
        let mean = q.mean.map(|m| format!("{m:.2}")).unwrap_or_default();
        if q.kind == QuestionKind::Text {
            for text in &q.texts {
                writer.write_record(csv_cells::record([
                    q.prompt.clone(),
                    q.kind.key().to_owned(),
                    text.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]))?;
            }
            continue;
        }
        for (label, n) in &q.counts {
            writer.write_record(csv_cells::record([
                q.prompt.clone(),
                q.kind.key().to_owned(),
                label.clone(),
                n.to_string(),
                percent(*n, q.answered).to_string(),
                mean.clone(),
            ]))?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// `GET /admin/surveys/{id}/results.csv` (admins only).
pub async fn results_csv_route(
    State(surveys): State<DbSurveys>,
    Extension(auth): Extension<RequestAuth>,
    Path(survey_id): Path<i64>,
) -> Response {
    if let Err(error) = authorize(auth.user, Role::Admin) {
        return error_response(error);
    }
    let body = match results(&surveys.db, survey_id).await {
        Ok(results) => results_csv(&results).map_err(|error| {
            tracing::error!(%error, "writing the survey results CSV");
            AppError::Internal
        }),
        Err(error) => Err(error.into()),
    };
    csv_download(&format!("survey-{survey_id}-results.csv"), body)
}
