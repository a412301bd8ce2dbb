//! A program's rhythm (admin) and its interest list (members: join or leave; only ever the caller).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::rhythm::{InterestView, RhythmForm};
use crate::types::ProgramId;

/// Saves a program's rhythm; the next cycle's proposed dates follow it.
#[server(prefix = "/api/admin", endpoint = "save_rhythm", input = Json)]
pub async fn save_rhythm(program_id: ProgramId, form: RhythmForm) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        let rhythm = crate::rhythm::validate_rhythm(&form)?;
        services
            .programs
            .save_rhythm(&admin, program_id, rhythm)
            .await
    })
    .await
}

/// Every program, and whether the caller is on its interest list.
#[server(prefix = "/api", endpoint = "list_interest")]
pub async fn list_interest() -> Result<Vec<InterestView>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.programs.interest_list(&viewer).await
    })
    .await
}

/// Puts the caller on a program's interest list, or takes them off.
#[server(prefix = "/api", endpoint = "set_interest", input = Json)]
pub async fn set_interest(program_id: ProgramId, on_list: bool) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services
            .programs
            .set_interest(&viewer, program_id, on_list)
            .await
    })
    .await
}
