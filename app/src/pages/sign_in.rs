//! Sign in. The form is a real `<form method="post">`, so it works before the WASM has loaded.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::links::sso_provider;
use crate::components::{failure, FormAlert, TextField};
use crate::session::use_session;
use crate::validation::EMAIL_MAX;

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <Title text="Sign in" />
        <section class="card card--narrow">
            <h1>"Sign in"</h1>
            <SingleSignOn />
            <SignInForm />
        </section>
    }
}

/// "Sign in with <provider>" when the operator configured one, and what went wrong on the way back.
#[component]
fn SingleSignOn() -> impl IntoView {
    let provider = Resource::new_blocking(|| (), |()| sso_provider());
    let query = leptos_router::hooks::use_query_map();
    let problem = move || {
        query.read().get("sso").map(|code| match code.as_str() {
            "unverified" => "Your sign-in provider did not confirm your email address, so we cannot tell which account is yours. Sign in with your password or an email link instead.",
            "cancelled" => "Single sign-on was cancelled. Try again, or sign in below.",
            "expired" => "That sign-in took too long or was started in another browser. Please try again.",
            _ => "Single sign-on did not work this time. Try again, or sign in below.",
        })
    };
    view! {
        {move || problem().map(|text| view! { <p class="form-alert" role="alert">{text}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                provider.await.ok().flatten().map(|name| {
                    let next = query.read_untracked().get("next");
                    let href = match next {
                        Some(next) => format!("/auth/sso/start?next={}", crate::validation::safe_next(Some(&next))),
                        None => "/auth/sso/start".to_owned(),
                    };
                    view! {
                        <p class="sso">
                            // A plain link: the browser leaves for the provider, no script involved.
                            <a href=href class="button button--primary sso__button" rel="external">{format!("Sign in with {name}")}</a>
                        </p>
                        <p class="sso__or" aria-hidden="true">"or"</p>
                    }
                })
            })}
        </Suspense>
    }
}

/// The sign-in form, also shown on the start page to visitors.
#[component]
pub fn SignInForm() -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = Signal::derive(move || session.sign_in.value().get().and_then(Result::err));
    // Back to the page that asked for a sign-in, if any (the server checks it stays on this site).
    let query = leptos_router::hooks::use_query_map();
    let next = move || query.read().get("next");
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    view! {
        <ActionForm action=session.sign_in attr:class="form" attr:novalidate=true>
            <FormAlert error />
            {move || next().map(|next| view! { <input type="hidden" name="next" value=next /> })}
            <TextField label="Email" name="email" kind="email" autocomplete="username" maxlength=EMAIL_MAX value=email error=field("email") />
            <TextField label="Password" name="password" kind="password" autocomplete="current-password" value=password error=field("password") />
            <p class="form__aside form__aside--tight"><A href="/forgot-password">"Forgot your password?"</A></p>
            <button type="submit" class="button button--primary" disabled=move || session.sign_in.pending().get()>
                {move || if session.sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
            </button>
            <p class="form__aside"><A href="/sign-in/email">"Email me a sign-in link instead"</A></p>
            <p class="form__aside">"New to Shoulder? " <A href="/sign-up">"Create an account"</A></p>
        </ActionForm>
    }
}

/// `/sign-in/code`: the second step for an account with two-step sign-in, after the password or a link.
#[component]
pub fn SignInCodePage() -> impl IntoView {
    let session = use_session();
    let action = ServerAction::<crate::api::account::SignInCode>::new();
    let code = RwSignal::new(String::new());
    let error = failure(action.value());
    let query = leptos_router::hooks::use_query_map();
    let next = move || query.read().get("next");
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            session.refresh();
        }
    });
    view! {
        <Title text="Enter your code" />
        <section class="card card--narrow">
            <h1>"Enter your code"</h1>
            <p class="lead">"Your account uses two-step sign-in. Open your authenticator app and enter the six digits it shows for Shoulder."</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error />
                {move || next().map(|next| view! { <input type="hidden" name="next" value=next /> })}
                <TextField
                    label="Code"
                    name="code"
                    autocomplete="one-time-code"
                    maxlength=20
                    hint="Lost your phone? Enter one of your recovery codes instead."
                    value=code
                    error=Signal::derive(move || error.get().and_then(|e| e.field("code")))
                />
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Sign in"</button>
                <p class="form__aside"><A href="/sign-in">"Start again"</A></p>
            </ActionForm>
        </section>
    }
}
