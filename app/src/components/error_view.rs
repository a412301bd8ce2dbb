//! How errors look: a full-page refusal or failure, and the alert above a form.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::AppError;

/// A page-level error. On the server it also sets the response status (401, 403, 404, …), so a refused page
/// is a refusal to crawlers and tests too, not a blank 200.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let _ = crate::api::guard::respond::<()>(Err(error.clone()));
    }
    let title = match &error {
        AppError::Unauthorized => "Please sign in",
        AppError::Forbidden => "Not allowed",
        AppError::TwoStepRequired => "Turn on two-step sign-in first",
        AppError::NotFound => "Not found",
        AppError::Transport(_) => "Connection problem",
        _ => "Something went wrong",
    };
    let explain = match &error {
        AppError::Forbidden => Some("This page is for the people who run it. If you think you should have access, ask your program's coordinator."),
        _ => None,
    };
    let sign_in = matches!(error, AppError::Unauthorized);
    let two_step = matches!(error, AppError::TwoStepRequired);
    // Come back here after signing in.
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let sign_in_href = format!("/sign-in?next={here}");
    view! {
        <section class="notice notice--error" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">{title}</h1>
            <p>{error.to_string()}</p>
            {explain.map(|text| view! { <p>{text}</p> })}
            <p class="notice__actions">
                {if sign_in {
                    view! { <A href=sign_in_href.clone() attr:class="button">"Sign in"</A> }.into_any()
                } else if two_step {
                    view! { <A href="/account#two-step" attr:class="button">"Go to your account"</A> }.into_any()
                } else {
                    view! { <A href="/" attr:class="button button--quiet">"Back to the start page"</A> }.into_any()
                }}
            </p>
        </section>
    }
}

/// The summary above a form when a submission failed. Field errors are shown at their fields; this line says
/// what to do about the rest.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let message = match &error {
                AppError::Invalid(fields) => fields
                    .get("form")
                    .map_or_else(|| error.to_string(), str::to_owned),
                other => other.to_string(),
            };
            view! { <p class="form-alert" role="alert">{message}</p> }
        })
    }
}
