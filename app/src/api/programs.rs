//! Admin server functions for programs, cycles, applications and the outbox. Every path here starts with
//! [`crate::api::ADMIN_PREFIX`].

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::program::{ApplicationsOverview, CycleForm, OutboxItem, ProgramForm, ProgramView};

/// Every program with its cycles.
#[server(prefix = "/api/admin", endpoint = "list_programs")]
pub async fn list_programs() -> Result<Vec<ProgramView>, AppError> {
    use crate::api::guard::{require_role, respond, services};
    use crate::types::Role;
    require_role(Role::Admin)?;
    respond(async { services()?.programs.list_programs().await }.await)
}

/// Creates a program with the default option lists.
#[server(prefix = "/api/admin", endpoint = "create_program", input = Json)]
pub async fn create_program(form: ProgramForm) -> Result<i64, AppError> {
    use crate::api::guard::{require_role, respond, services};
    use crate::types::Role;
    let admin = require_role(Role::Admin)?;
    respond(
        async {
            let form = crate::program::validate_program(&form)?;
            services()?.programs.create_program(&admin, form).await
        }
        .await,
    )
}

/// Creates a cycle (`cycle_id` = `None`) or changes one, for example to extend its window.
#[server(prefix = "/api/admin", endpoint = "save_cycle", input = Json)]
pub async fn save_cycle(
    program_id: i64,
    cycle_id: Option<i64>,
    form: CycleForm,
) -> Result<i64, AppError> {
    use crate::api::guard::{require_role, respond, services};
    use crate::types::Role;
    let admin = require_role(Role::Admin)?;
    respond(
        async {
            crate::program::validate_cycle_shape(&form)?;
            services()?
                .programs
                .save_cycle(&admin, program_id, cycle_id, form)
                .await
        }
        .await,
    )
}

/// A cycle's applications, with every answer including the confidential preference.
#[server(prefix = "/api/admin", endpoint = "list_applications")]
pub async fn list_applications(cycle_id: i64) -> Result<ApplicationsOverview, AppError> {
    use crate::api::guard::{require_role, respond, services};
    use crate::types::Role;
    require_role(Role::Admin)?;
    respond(async { services()?.programs.list_applications(cycle_id).await }.await)
}

/// Emails waiting for delivery (and those sent), newest first.
#[server(prefix = "/api/admin", endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxItem>, AppError> {
    use crate::api::guard::{require_role, respond, services};
    use crate::types::Role;
    require_role(Role::Admin)?;
    respond(async { services()?.programs.list_outbox().await }.await)
}
