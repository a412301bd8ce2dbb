//! What server functions need from the server, as traits (the server implements them over its database).
//! `app` never depends on `server`: these traits are the seam, passed in as `Arc<dyn …>` through Leptos'
//! context. `async_trait` because native async trait methods are not `dyn`-compatible.

use std::net::IpAddr;
use std::sync::Arc;

use crate::error::AppError;
use crate::types::{CurrentUser, Role, UserId, UserSummary, ValidSignUp};

/// A freshly created session: the secret to put in the cookie and how long it lives.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
}

/// Accounts, sessions and roles.
#[async_trait::async_trait]
pub trait Accounts: Send + Sync {
    /// Creates a member account and signs it in.
    async fn sign_up(&self, form: ValidSignUp) -> Result<NewSession, AppError>;
    /// Checks credentials (rate limited per account and per client address) and opens a session.
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<NewSession, AppError>;
    /// Deletes the session behind `token`; unknown tokens are ignored.
    async fn sign_out(&self, token: &str) -> Result<(), AppError>;
    /// Replaces the password after checking the current one; every other session of the user is revoked.
    async fn change_password(
        &self,
        user: UserId,
        current: &str,
        new: &str,
        keep_session: &str,
    ) -> Result<(), AppError>;
    /// All accounts, newest first.
    async fn list_users(&self) -> Result<Vec<UserSummary>, AppError>;
    /// Changes a user's role, recorded in the audit log as done by `actor`.
    async fn set_role(
        &self,
        actor: &CurrentUser,
        user: UserId,
        role: Role,
    ) -> Result<UserSummary, AppError>;
}

/// Everything the server lends to server functions; provided in context for every request.
#[derive(Clone)]
pub struct Services {
    pub accounts: Arc<dyn Accounts>,
    /// Whether cookies carry `Secure` (the public URL is https).
    pub secure_cookies: bool,
}

/// Who is asking, resolved once per request by the server's session middleware and stored in the request's
/// extensions; the guard reads it from there.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    pub user: Option<CurrentUser>,
    /// The raw session token from the cookie, when it named a live session.
    pub session_token: Option<String>,
    pub client_ip: Option<IpAddr>,
}
