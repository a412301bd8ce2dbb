//! Admin server functions of the matching page: runs, adjustments, the introduction email, publishing.
//! Every path here starts with [`crate::api::ADMIN_PREFIX`].

use crate::types::{CycleId, ProgramId, UserId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::matching::{
    Adjustment, AdjustmentPreview, GroupPage, IntroPreview, IntroTemplate, MatchingPage, Member,
    Mode, PairRule, PeerChange, Preview, Published, RunProgress, Weights,
};

/// Where a cycle's matching stands, showing run `run` (default: the newest).
#[server(prefix = "/api/admin", endpoint = "load_matching", input = Json)]
pub async fn load_matching(cycle_id: CycleId, run: Option<i32>) -> Result<MatchingPage, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.matching.matching_page(cycle_id, run).await
    })
    .await
}

/// What a run with these settings would give, against run `against`; nothing is saved.
#[server(prefix = "/api/admin", endpoint = "preview_matching", input = Json)]
pub async fn preview_matching(
    cycle_id: CycleId,
    mode: Mode,
    weights: Weights,
    against: Option<i32>,
) -> Result<Preview, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        crate::matching::validate_weights(&weights)?;
        services
            .matching
            .preview_matching(cycle_id, mode, weights, against)
            .await
    })
    .await
}

/// How far the cycle's matching run has got, while one is under way (`None` otherwise).
#[server(prefix = "/api/admin", endpoint = "matching_progress", input = Json)]
pub async fn matching_progress(cycle_id: CycleId) -> Result<Option<RunProgress>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.matching.run_progress(cycle_id).await
    })
    .await
}

/// Saves the settings and runs the engine; returns the new run's number.
#[server(prefix = "/api/admin", endpoint = "run_matching", input = Json)]
pub async fn run_matching(
    cycle_id: CycleId,
    mode: Mode,
    weights: Weights,
) -> Result<i32, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        crate::matching::validate_weights(&weights)?;
        services
            .matching
            .run_matching(&admin, cycle_id, mode, weights)
            .await
    })
    .await
}

/// Locks or forbids a pair for the next run, or clears that.
#[server(prefix = "/api/admin", endpoint = "set_pair_rule", input = Json)]
pub async fn set_pair_rule(
    cycle_id: CycleId,
    pair: [UserId; 2],
    rule: PairRule,
) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services
            .matching
            .set_pair_rule(&admin, cycle_id, pair, rule)
            .await
    })
    .await
}

/// What an adjustment of a run would change, before it is applied.
#[server(prefix = "/api/admin", endpoint = "preview_adjustment", input = Json)]
pub async fn preview_adjustment(
    cycle_id: CycleId,
    run: i32,
    adjustment: Adjustment,
) -> Result<AdjustmentPreview, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services
            .matching
            .preview_adjustment(cycle_id, run, adjustment)
            .await
    })
    .await
}

/// Applies an adjustment as a new run; returns its number.
#[server(prefix = "/api/admin", endpoint = "apply_adjustment", input = Json)]
pub async fn apply_adjustment(
    cycle_id: CycleId,
    run: i32,
    adjustment: Adjustment,
) -> Result<i32, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services
            .matching
            .apply_adjustment(&admin, cycle_id, run, adjustment)
            .await
    })
    .await
}

/// Saves a program's introduction email template.
#[server(prefix = "/api/admin", endpoint = "save_intro_template", input = Json)]
pub async fn save_intro_template(
    program_id: ProgramId,
    template: IntroTemplate,
) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        crate::matching::validate_intro_template(&template)?;
        services
            .matching
            .save_intro_template(&admin, program_id, template)
            .await
    })
    .await
}

/// Groups of run `run` from `offset`, [`crate::matching::GROUPS_PAGE`] at most, only those with a member whose name
/// contains `query` (any case) when it is not empty.
#[server(prefix = "/api/admin", endpoint = "load_groups", input = Json)]
pub async fn load_groups(
    cycle_id: CycleId,
    run: i32,
    query: String,
    offset: usize,
) -> Result<GroupPage, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services
            .run_browser
            .run_groups(cycle_id, run, query.trim(), offset)
            .await
    })
    .await
}

/// People of run `run` whose "name — institution" contains `query` (any case), for choosing someone by typing:
/// the first few by name.
#[server(prefix = "/api/admin", endpoint = "find_people", input = Json)]
pub async fn find_people(
    cycle_id: CycleId,
    run: i32,
    query: String,
) -> Result<Vec<Member>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services
            .run_browser
            .find_people(cycle_id, run, query.trim())
            .await
    })
    .await
}

/// Everyone whose peers changed between run `run` and the run before it.
#[server(prefix = "/api/admin", endpoint = "load_moved", input = Json)]
pub async fn load_moved(cycle_id: CycleId, run: i32) -> Result<Vec<PeerChange>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.run_browser.moved(cycle_id, run).await
    })
    .await
}

/// The introduction a template would send to one real pair of a run: the pair (or trio) `member` is in.
#[server(prefix = "/api/admin", endpoint = "preview_intro", input = Json)]
pub async fn preview_intro(
    cycle_id: CycleId,
    run: i32,
    member: UserId,
    template: IntroTemplate,
) -> Result<IntroPreview, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        crate::matching::validate_intro_template(&template)?;
        services
            .matching
            .preview_intro(cycle_id, run, member, template)
            .await
    })
    .await
}

/// Publishes a run as the cycle's pairs and queues the introductions.
#[server(prefix = "/api/admin", endpoint = "publish_matching", input = Json)]
pub async fn publish_matching(cycle_id: CycleId, run: i32) -> Result<Published, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services.matching.publish(&admin, cycle_id, run).await
    })
    .await
}
