//! The error every server function returns, and the field errors of forms.
//!
//! It crosses the wire as JSON, so the browser gets the same enum back and can show a field's message next to
//! the field. Internal causes never travel: the server logs them and sends [`AppError::Internal`].

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Messages keyed by form field name (the same names the inputs carry).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// One field at fault.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Records a message for `field`; the first message per field wins.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// `Ok(value)` when no field is at fault.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// What went wrong, in terms a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You don't have permission to do that.")]
    Forbidden,
    /// An admin on a site that requires two-step sign-in has not turned it on yet.
    #[error("Admin accounts on this site need two-step sign-in: turn it on from your account page to continue.")]
    TwoStepRequired,
    #[error("We couldn't find that.")]
    NotFound,
    #[error("Please correct the highlighted fields.")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Please wait {retry_after_secs} seconds and try again.")]
    RateLimited { retry_after_secs: u64 },
    #[error("This request did not come from Shoulder's own pages.")]
    BadOrigin,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request never got a proper answer (network down, server restarting).
    #[error("Couldn't reach Shoulder: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden | AppError::TwoStepRequired | AppError::BadOrigin => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// The message for one form field, if this error is about that field.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors.get(name).map(str::to_owned),
            _ => None,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(FieldErrors::single(field, message))
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments the server could not read are the client's fault, but not a field's: say so plainly.
            ServerFnErrorErr::Args(detail) => {
                unreadable_request();
                AppError::invalid("form", format!("The form could not be read ({detail})."))
            }
            // On the server, a JSON body it cannot read (an unknown control, a string for a number) is the
            // request's fault too; in the browser the same error means an answer it could not read.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(detail) => {
                unreadable_request();
                AppError::invalid("form", format!("The request could not be read ({detail})."))
            }
            ServerFnErrorErr::ServerError(_) => AppError::Internal,
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// Answers 422 for a request whose arguments could not be read: the framework would say 500, which blames
/// the server for the client's mistake. Only on the server, where the request's response options exist.
fn unreadable_request() {
    #[cfg(feature = "ssr")]
    if let Some(options) = crate::context::context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// Field errors render as "field: message; …" in logs.
impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (field, message) in self.iter() {
            if !first {
                f.write_str("; ")?;
            }
            write!(f, "{field}: {message}")?;
            first = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_message_per_field_wins() {
        let mut errors = FieldErrors::new();
        errors.add("email", "first");
        errors.add("email", "second");
        assert_eq!(errors.get("email"), Some("first"));
    }

    #[test]
    fn statuses_match_http_meaning() {
        assert_eq!(AppError::Unauthorized.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::invalid("x", "y").status(), 422);
        assert_eq!(
            AppError::RateLimited {
                retry_after_secs: 3
            }
            .status(),
            429
        );
    }

    #[test]
    fn errors_survive_the_wire() {
        let error = AppError::invalid("email", "Enter an email address.");
        let bytes = error.ser();
        assert_eq!(AppError::de(bytes), error);
    }
}
