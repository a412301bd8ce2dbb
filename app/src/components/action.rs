//! What a form does with its server action's answer, in one place: act on a success, show a failure.
//! `value` is a `ServerAction`'s (or `Action`'s) `value()`: `None` until the first answer.

use leptos::prelude::*;

use crate::error::AppError;

/// Runs `then` with each successful answer (a reload, a redirect, a reset form); failures are left to
/// [`failure`].
pub fn on_success<T, E, S>(value: S, then: impl Fn(T) + 'static)
where
    S: Get<Value = Option<Result<T, E>>> + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(answer)) = value.get() {
            then(answer);
        }
    });
}

/// The last answer's error, for a form's alert; `None` after a success or before any answer.
pub fn failure<T, S>(value: S) -> Signal<Option<AppError>>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(Result::err))
}
