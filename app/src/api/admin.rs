//! Admin-only server functions for accounts. Every path here starts with [`crate::api::ADMIN_PREFIX`].

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::types::UserSummary;

/// Every account, newest first.
#[server(prefix = "/api/admin", endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.accounts.list_users().await
    })
    .await
}

/// A page of the audit log, newest first, filtered by action, actor and days.
#[server(prefix = "/api/admin", endpoint = "audit_log", input = Json)]
pub async fn load_audit_log(
    filter: crate::audit::AuditFilter,
) -> Result<crate::audit::AuditPage, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |_, services| async move {
        services.accounts.audit_log(filter).await
    })
    .await
}

/// Gives a user another role. Admins cannot change their own role, so a program never loses its last admin
/// by accident.
#[server(prefix = "/api/admin", endpoint = "set_user_role")]
pub async fn set_user_role(user_id: i64, role: String) -> Result<UserSummary, AppError> {
    use crate::api::guard::serve;
    use crate::types::{Role, UserId};
    serve(Role::Admin, |admin, services| async move {
        let role: Role = role
            .parse()
            .map_err(|_| AppError::invalid("role", "Choose member, facilitator or admin."))?;
        services
            .accounts
            .set_role(&admin, UserId(user_id), role)
            .await
    })
    .await
}
