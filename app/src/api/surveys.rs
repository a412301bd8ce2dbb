//! Surveys: building and reading results (admin, under [`crate::api::ADMIN_PREFIX`]); answering (the members
//! asked, each only ever their own answers).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::survey::{Answers, CycleSurveys, OpenSurvey, SurveyForm, SurveyPage, SurveyResults};
use crate::types::{CycleId, SurveyId};

/// A cycle's surveys with their response counts.
#[server(prefix = "/api/admin", endpoint = "cycle_surveys", input = Json)]
pub async fn load_cycle_surveys(cycle_id: CycleId) -> Result<CycleSurveys, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.surveys.cycle_surveys(cycle_id).await
    })
    .await
}

/// Creates a survey for the cycle; it is sent on its date (now, when that is today).
#[server(prefix = "/api/admin", endpoint = "create_survey", input = Json)]
pub async fn create_survey(cycle_id: CycleId, form: SurveyForm) -> Result<SurveyId, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        let form = crate::survey::validate_survey(&form)?;
        services.surveys.create_survey(&admin, cycle_id, form).await
    })
    .await
}

/// A survey's response rate and results per question.
#[server(prefix = "/api/admin", endpoint = "survey_results", input = Json)]
pub async fn load_survey_results(survey_id: SurveyId) -> Result<SurveyResults, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.surveys.results(survey_id).await
    })
    .await
}

/// A survey the caller was asked to answer, with their draft or sent answers.
#[server(prefix = "/api", endpoint = "load_survey", input = Json)]
pub async fn load_survey(survey_id: SurveyId) -> Result<SurveyPage, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.surveys.survey_page(&viewer, survey_id).await
    })
    .await
}

/// Saves the caller's draft (`submit` false) or sends their answers, once.
#[server(prefix = "/api", endpoint = "answer_survey", input = Json)]
pub async fn answer_survey(
    survey_id: SurveyId,
    answers: Answers,
    submit: bool,
) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services
            .surveys
            .answer(&viewer, survey_id, answers, submit)
            .await
    })
    .await
}

/// Surveys waiting for the caller's answers.
#[server(prefix = "/api", endpoint = "open_surveys")]
pub async fn open_surveys() -> Result<Vec<OpenSurvey>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.surveys.open_surveys(&viewer).await
    })
    .await
}
