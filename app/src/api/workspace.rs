//! Server functions of the pair workspace (members, under `/api/pairs/`: each acts only on a pair the caller
//! belongs to) and of the admin's pair overview and re-assignments (under [`crate::api::ADMIN_PREFIX`]).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::outcome::OutcomeForm;
use crate::types::{CycleId, PairId, ProgramId, UserId};
use crate::workspace::{CheckInForm, CycleOverview, GoalForm, GoalUpdate, PairSummary, Workspace};

/// The caller's pairs, current first.
#[server(prefix = "/api/pairs", endpoint = "my_pairs")]
pub async fn my_pairs() -> Result<Vec<PairSummary>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.workspaces.my_pairs(&viewer).await
    })
    .await
}

/// One of the caller's pairs, whole.
#[server(prefix = "/api/pairs", endpoint = "load_workspace", input = Json)]
pub async fn load_workspace(pair_id: PairId) -> Result<Workspace, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.workspaces.workspace(&viewer, pair_id).await
    })
    .await
}

#[server(prefix = "/api/pairs", endpoint = "add_goal", input = Json)]
pub async fn add_goal(pair_id: PairId, form: GoalForm) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        crate::workspace::validate_goal(&form)?;
        services.workspaces.add_goal(&viewer, pair_id, form).await
    })
    .await
}

#[server(prefix = "/api/pairs", endpoint = "update_goal", input = Json)]
pub async fn update_goal(goal_id: i64, update: GoalUpdate) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        crate::workspace::validate_goal_update(&update)?;
        services
            .workspaces
            .update_goal(&viewer, goal_id, update)
            .await
    })
    .await
}

/// Logs a meeting; the form's private note is saved for the caller only.
#[server(prefix = "/api/pairs", endpoint = "log_check_in", input = Json)]
pub async fn log_check_in(pair_id: PairId, form: CheckInForm) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services
            .workspaces
            .log_check_in(&viewer, pair_id, form)
            .await
    })
    .await
}

/// Saves the caller's private note on a check-in (empty removes it).
#[server(prefix = "/api/pairs", endpoint = "save_private_note", input = Json)]
pub async fn save_private_note(check_in_id: i64, note: String) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        if note.chars().count() > crate::workspace::TEXT_MAX {
            return Err(AppError::invalid(
                "private_note",
                format!("At most {} characters.", crate::workspace::TEXT_MAX),
            )
            .into());
        }
        services
            .workspaces
            .save_private_note(&viewer, check_in_id, note)
            .await
    })
    .await
}

/// Ticks or unticks one of the caller's checklist items.
#[server(prefix = "/api/pairs", endpoint = "set_checklist", input = Json)]
pub async fn set_checklist(pair_id: PairId, item: String, done: bool) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        if !crate::workspace::CHECKLIST
            .iter()
            .any(|(key, ..)| *key == item)
        {
            return Err(AppError::invalid("item", "Not an item of the checklist.").into());
        }
        services
            .workspaces
            .set_checklist(&viewer, pair_id, item, done)
            .await
    })
    .await
}

/// Ends the pair early, with a reason the admin sees.
#[server(prefix = "/api/pairs", endpoint = "end_pair", input = Json)]
pub async fn end_pair(pair_id: PairId, reason: String) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        crate::workspace::validate_reason(&reason)?;
        services.workspaces.end_pair(&viewer, pair_id, reason).await
    })
    .await
}

/// Says how a finished relationship ended (a second answer replaces the first); the peer never reads it.
#[server(prefix = "/api/pairs", endpoint = "record_outcome", input = Json)]
pub async fn record_outcome(pair_id: PairId, form: OutcomeForm) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    // The port checks the answer: it needs the outcome it reads from it.
    serve(Role::Member, |viewer, services| async move {
        services
            .workspaces
            .record_outcome(&viewer, pair_id, form)
            .await
    })
    .await
}

/// A cycle's published pairs with their activity (admin).
#[server(prefix = "/api/admin", endpoint = "pairs_overview", input = Json)]
pub async fn pairs_overview(cycle_id: CycleId) -> Result<CycleOverview, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.workspaces.overview(cycle_id).await
    })
    .await
}

/// What a message to the cycle's members would send: how many people, who, and the first email (admin).
#[server(prefix = "/api/admin", endpoint = "preview_message", input = Json)]
pub async fn preview_message(
    cycle_id: CycleId,
    form: crate::message::MessageForm,
) -> Result<crate::message::MessagePreview, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        crate::message::validate_message(&form)?;
        services.workspaces.preview_message(cycle_id, form).await
    })
    .await
}

/// Queues the message in the outbox, one email per person, the program's contact as Reply-To (admin).
#[server(prefix = "/api/admin", endpoint = "send_message", input = Json)]
pub async fn send_message(
    cycle_id: CycleId,
    form: crate::message::MessageForm,
) -> Result<usize, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        crate::message::validate_message(&form)?;
        services
            .workspaces
            .send_message(&admin, cycle_id, form)
            .await
    })
    .await
}

/// A program's evaluation with its charts; the last section about `cycle_id`, or its latest cycle (admin).
#[server(prefix = "/api/admin", endpoint = "program_evaluation", input = Json)]
pub async fn program_evaluation(
    program_id: ProgramId,
    cycle_id: Option<CycleId>,
) -> Result<crate::evaluation::ProgramEvaluation, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.workspaces.evaluation(program_id, cycle_id).await
    })
    .await
}

/// Re-pairs `person` with `peer` after publication; the peers they leave are paired together when allowed.
/// Everyone affected is emailed the reason (admin).
#[server(prefix = "/api/admin", endpoint = "reassign", input = Json)]
pub async fn reassign(
    cycle_id: CycleId,
    person: UserId,
    peer: UserId,
    reason: String,
) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        crate::workspace::validate_reason(&reason)?;
        services
            .workspaces
            .reassign(&admin, cycle_id, person, peer, reason)
            .await
    })
    .await
}
