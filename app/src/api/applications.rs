//! A member's side of a cycle: reading about it and applying. Every function acts on the caller's own
//! application; none takes an application or user id.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::application::{ApplicationForm, Step};
use crate::application::{Saved, WizardData};
use crate::error::AppError;
use crate::program::{CycleBrief, CycleSummary};
use crate::types::CycleId;

/// Cycles open now or coming up, and those the caller applied to.
#[server(prefix = "/api", endpoint = "list_cycles")]
pub async fn list_cycles() -> Result<Vec<CycleSummary>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.programs.list_cycles(&viewer).await
    })
    .await
}

/// What a cycle is, when its window is open and what happens next.
#[server(prefix = "/api", endpoint = "cycle_page")]
pub async fn get_cycle_page(cycle_id: CycleId) -> Result<CycleBrief, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.programs.cycle_page(&viewer, cycle_id).await
    })
    .await
}

/// The caller's application to the cycle, or a fresh draft, with the form's options.
#[server(prefix = "/api", endpoint = "load_application")]
pub async fn load_application(cycle_id: CycleId) -> Result<WizardData, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services
            .applications
            .load_application(&viewer, cycle_id)
            .await
    })
    .await
}

/// Saves the working copy and the step the member is on.
#[server(prefix = "/api", endpoint = "save_application_draft", input = Json)]
pub async fn save_application_draft(
    cycle_id: CycleId,
    form: ApplicationForm,
    step: Step,
    version: i64,
) -> Result<Saved, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        crate::application::check_draft_bounds(&form).into_result(())?;
        services
            .applications
            .save_draft(&viewer, cycle_id, form, step, version)
            .await
    })
    .await
}

/// Submits the application (again, after edits); the server validates it in full.
#[server(prefix = "/api", endpoint = "submit_application", input = Json)]
pub async fn submit_application(
    cycle_id: CycleId,
    form: ApplicationForm,
    version: i64,
) -> Result<Saved, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        crate::application::check_draft_bounds(&form).into_result(())?;
        services
            .applications
            .submit(&viewer, cycle_id, form, version)
            .await
    })
    .await
}

/// Withdraws a submitted application; it can be submitted again while the window is open.
#[server(prefix = "/api", endpoint = "withdraw_application", input = Json)]
pub async fn withdraw_application(cycle_id: CycleId, version: i64) -> Result<Saved, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services
            .applications
            .withdraw(&viewer, cycle_id, version)
            .await
    })
    .await
}
