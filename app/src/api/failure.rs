//! What a port method fails with (server only): a refusal the user sees, typed as [`AppError`], or an internal
//! failure (a database error, a failed task), which the browser only ever sees as [`AppError::Internal`].
//!
//! `?` accepts any error: an [`AppError`] stays the user's; anything else becomes internal. Internal failures
//! are logged in one place, when they turn into the server function's answer.

use std::fmt;

use crate::error::{AppError, FieldErrors};

/// A port method's error. Like `anyhow::Error`, it is not itself a `std::error::Error`, so that every error
/// converts into it.
#[derive(Debug)]
pub enum Failure {
    /// Something the user can act on (bad field, not allowed, not found, …).
    User(AppError),
    /// Something that went wrong on the server, with its cause.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl Failure {
    /// An internal failure described in words (a broken invariant, a closed pool).
    pub fn internal(what: impl Into<String>) -> Self {
        Failure::Internal(what.into().into())
    }

    /// The user's error, if this is one.
    pub fn user(&self) -> Option<&AppError> {
        match self {
            Failure::User(error) => Some(error),
            Failure::Internal(_) => None,
        }
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for Failure {
    fn from(error: E) -> Self {
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
        match boxed.downcast::<AppError>() {
            Ok(user) => Failure::User(*user),
            Err(internal) => Failure::Internal(internal),
        }
    }
}

impl From<FieldErrors> for Failure {
    fn from(errors: FieldErrors) -> Self {
        Failure::User(AppError::Invalid(errors))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::User(error) => error.fmt(f),
            Failure::Internal(cause) => cause.fmt(f),
        }
    }
}

/// The answer a server function gives: the user's error as it is; an internal one logged here, with its cause,
/// and answered as [`AppError::Internal`].
impl From<Failure> for AppError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::User(error) => error,
            Failure::Internal(cause) => {
                tracing::error!(error = %cause, "internal error");
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails_with<E>(error: E) -> Result<(), Failure>
    where
        Failure: From<E>,
    {
        Err(error)?
    }

    #[test]
    fn a_users_error_stays_typed_through_question_mark() {
        let failure = fails_with(AppError::NotFound).unwrap_err();
        assert_eq!(failure.user(), Some(&AppError::NotFound));
        assert_eq!(AppError::from(failure), AppError::NotFound);
        let fields = fails_with(FieldErrors::single("email", "Enter an email.")).unwrap_err();
        assert_eq!(
            AppError::from(fields).field("email").as_deref(),
            Some("Enter an email.")
        );
    }

    #[test]
    fn any_other_error_is_internal_and_reaches_the_user_as_internal_only() {
        let failure = fails_with(std::io::Error::other("disk on fire")).unwrap_err();
        assert_eq!(failure.user(), None);
        assert_eq!(failure.to_string(), "disk on fire");
        assert_eq!(AppError::from(failure), AppError::Internal);
        assert_eq!(
            AppError::from(Failure::internal("pool closed")),
            AppError::Internal
        );
    }
}
