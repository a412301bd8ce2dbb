//! The server's internal error. Database and hashing failures are logged here with their cause and reach the
//! client only as [`AppError::Internal`]; errors meant for the user pass through unchanged.

use app::error::AppError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the user can act on (bad field, not allowed, …).
    #[error(transparent)]
    User(#[from] AppError),
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("password hashing: {0}")]
    Hash(String),
    #[error("background task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for AppError {
    fn from(error: Error) -> Self {
        match error {
            Error::User(error) => error,
            internal => {
                tracing::error!(error = %internal, "internal error");
                AppError::Internal
            }
        }
    }
}

/// Whether a database error is a unique-constraint violation (for example, a taken email).
pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
