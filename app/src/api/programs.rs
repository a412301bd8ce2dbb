//! Admin server functions for programs, cycles, applications and the outbox. Every path here starts with
//! [`crate::api::ADMIN_PREFIX`].

use crate::types::{CycleId, ProgramId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::application::ApplicationsOverview;
use crate::error::AppError;
use crate::import::ImportReport;
use crate::option_lists::{OptionKind, ProgramOptions};
use crate::outbox::Outbox;
use crate::program::{CycleForm, ProgramForm, ProgramView};

/// Every program with its cycles.
#[server(prefix = "/api/admin", endpoint = "list_programs")]
pub async fn list_programs() -> Result<Vec<ProgramView>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.programs.list_programs().await
    })
    .await
}

/// Creates a program with the default option lists (`program_id` = `None`), or changes one's name,
/// description, contact and time zone.
#[server(prefix = "/api/admin", endpoint = "save_program", input = Json)]
pub async fn save_program(
    program_id: Option<ProgramId>,
    form: ProgramForm,
) -> Result<ProgramId, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        let form = crate::program::validate_program(&form)?;
        services
            .programs
            .save_program(&admin, program_id, form)
            .await
    })
    .await
}

/// Creates a cycle (`cycle_id` = `None`) or changes one, for example to extend its window.
#[server(prefix = "/api/admin", endpoint = "save_cycle", input = Json)]
pub async fn save_cycle(
    program_id: ProgramId,
    cycle_id: Option<CycleId>,
    form: CycleForm,
) -> Result<CycleId, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        crate::program::validate_cycle_shape(&form)?;
        services
            .programs
            .save_cycle(&admin, program_id, cycle_id, form)
            .await
    })
    .await
}

/// A cycle's applications, with every answer including the confidential preference.
#[server(prefix = "/api/admin", endpoint = "list_applications")]
pub async fn list_applications(cycle_id: CycleId) -> Result<ApplicationsOverview, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.applications.list_applications(cycle_id).await
    })
    .await
}

/// Checks (`dry_run`) or imports a CSV file of applications in the export's format. Nothing is imported
/// while any row is bad; the report lists every bad row.
#[server(prefix = "/api/admin", endpoint = "import_applications", input = Json)]
pub async fn import_applications(
    cycle_id: CycleId,
    csv: String,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    use crate::api::guard::serve;
    use crate::import::IMPORT_MAX_BYTES;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        if csv.len() > IMPORT_MAX_BYTES {
            return Err(AppError::invalid(
                "file",
                format!(
                    "The file is larger than {} MB; split it.",
                    IMPORT_MAX_BYTES / 1024 / 1024
                ),
            )
            .into());
        }
        services
            .application_import
            .import_applications(&admin, cycle_id, csv, dry_run)
            .await
    })
    .await
}

/// Emails waiting for delivery (and those sent), newest first.
#[server(prefix = "/api/admin", endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Outbox, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.programs.list_outbox().await
    })
    .await
}

/// Puts a failed email back in the queue (for example after the address was corrected at the source).
#[server(prefix = "/api/admin", endpoint = "retry_email", input = Json)]
pub async fn retry_email(email_id: i64) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services.programs.retry_email(&admin, email_id).await
    })
    .await
}

/// A program's form options, list by list.
#[server(prefix = "/api/admin", endpoint = "program_options")]
pub async fn get_program_options(program_id: ProgramId) -> Result<ProgramOptions, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.option_lists.program_options(program_id).await
    })
    .await
}

/// Adds an option to one of a program's lists; a competency goes to the set `competency_set_id` names.
#[server(prefix = "/api/admin", endpoint = "add_program_option", input = Json)]
pub async fn add_program_option(
    program_id: ProgramId,
    kind: OptionKind,
    competency_set_id: Option<i64>,
    label: String,
    description: String,
) -> Result<(), AppError> {
    use crate::types::Role;
    crate::api::guard::serve(Role::Admin, |admin, services| async move {
        let (label, description) = crate::option_lists::validate_option(&label, &description)?;
        services
            .option_lists
            .add_option(
                &admin,
                program_id,
                kind,
                competency_set_id,
                label,
                description,
            )
            .await
    })
    .await
}

/// Creates a competency set for a program, empty or copying another set; answers its id.
#[server(prefix = "/api/admin", endpoint = "create_competency_set", input = Json)]
pub async fn create_competency_set(
    program_id: ProgramId,
    form: crate::competency_set::CompetencySetForm,
) -> Result<i64, AppError> {
    use crate::types::Role;
    crate::api::guard::serve(Role::Admin, |admin, services| async move {
        let form = crate::competency_set::validate_competency_set(&form)?;
        services
            .option_lists
            .create_competency_set(&admin, program_id, form)
            .await
    })
    .await
}

/// Retires or restores an option.
#[server(prefix = "/api/admin", endpoint = "set_option_retired", input = Json)]
pub async fn set_option_retired(option_id: i64, retired: bool) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services
            .option_lists
            .set_option_retired(&admin, option_id, retired)
            .await
    })
    .await
}

/// Deletes an option that no application has chosen.
#[server(prefix = "/api/admin", endpoint = "delete_program_option", input = Json)]
pub async fn delete_program_option(option_id: i64) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services.option_lists.delete_option(&admin, option_id).await
    })
    .await
}
