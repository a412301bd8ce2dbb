//! The server's error: the ports' [`Failure`]. Database and hashing failures become internal failures, logged
//! with their cause when they turn into the answer, and reach the client only as `AppError::Internal`; errors
//! meant for the user pass through unchanged.

use sea_orm::DbErr;

pub use app::api::failure::Failure;

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Whether a database error is a unique-constraint violation (for example, a taken email).
pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// A failure as the command line and start-up report it.
pub fn reported(failure: Failure) -> anyhow::Error {
    match failure {
        Failure::User(error) => anyhow::Error::new(error),
        Failure::Internal(cause) => anyhow::Error::from_boxed(cause),
    }
}
