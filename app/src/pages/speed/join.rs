//! `/join` and `/join/:code`: joining a session from a phone, with or without an account. The forms are real
//! `<form>`s, so a phone joins even before the WASM has loaded.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::shared::code_param;
use crate::api::speed::{speed_screen, JoinSpeedSession};
use crate::components::{failure, FormAlert, TextField};
use crate::error::AppError;
use crate::session::use_session;
use crate::validation::{EMAIL_MAX, NAME_MAX};

/// `/join`: type the code shown on the projector (`/join?code=…` goes straight to the session).
#[component]
pub fn JoinCodePage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let code = Memo::new(move |_| {
        crate::speed::session::normalize_code(&query.read().get("code").unwrap_or_default())
    });
    view! {
        {move || if code.get().is_empty() {
            view! {
                <Title text="Join a session" />
                <section class="card card--narrow">
                    <h1>"Join a session"</h1>
                    <form class="form" method="get" action="/join">
                        <div class="field">
                            <label for="field-code">"Session code"</label>
                            <p class="field__hint" id="field-code-hint">"Six letters and digits, shown on the projector."</p>
                            <input id="field-code" name="code" class="input--code" autocomplete="off" autocapitalize="characters"
                                aria-describedby="field-code-hint" maxlength="12" required />
                        </div>
                        <button type="submit" class="button button--primary">"Continue"</button>
                    </form>
                </section>
            }.into_any()
        } else {
            view! { <JoinForm code=code.get() /> }.into_any()
        }}
    }
}

/// `/join/:code`: the join form of one session.
#[component]
pub fn JoinPage() -> impl IntoView {
    let code = code_param();
    move || view! { <JoinForm code=code.get() /> }
}

#[component]
fn JoinForm(code: String) -> impl IntoView {
    let lookup = code.clone();
    let screen = Resource::new_blocking(move || lookup.clone(), speed_screen);
    view! {
        <Title text="Join a session" />
        <section class="card card--narrow">
            <Suspense fallback=|| view! { <p class="loading">"Finding the session…"</p> }>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        match screen.await {
                            Ok(screen) if screen.snapshot.timer.ended => view! {
                                <h1>{screen.snapshot.title}</h1>
                                <p>"This session has ended."</p>
                            }.into_any(),
                            Ok(screen) => view! {
                                <p class="muted">"Join"</p>
                                <h1>{screen.snapshot.title}</h1>
                                <Fields code />
                            }.into_any(),
                            Err(AppError::NotFound) => view! {
                                <h1>"No session with this code"</h1>
                                <p>{format!("Nothing runs under \u{201c}{code}\u{201d}. Check the code on the projector and try again.")}</p>
                                <p><A href="/join" attr:class="button">"Type the code again"</A></p>
                            }.into_any(),
                            Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Fields(code: String) -> impl IntoView {
    let action = ServerAction::<JoinSpeedSession>::new();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let institution = RwSignal::new(String::new());
    // A signed-in member starts from their account's details (once known), without overwriting typing.
    let session = use_session();
    Effect::new(move |_| {
        if let Some(user) = session.current() {
            for (field, value) in [
                (name, user.name),
                (email, user.email),
                (institution, user.institution_name),
            ] {
                if field.get_untracked().is_empty() {
                    field.set(value);
                }
            }
        }
    });
    let error = failure(action.value());
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="code" value=code />
            <FormAlert error />
            <TextField label="Your name" name="name" autocomplete="name" maxlength=NAME_MAX value=name error=field("name") />
            <TextField label="Email (optional)" name="email" kind="email" autocomplete="email" maxlength=EMAIL_MAX
                hint="To email yourself your notes, and to hear from people you'd like to continue with."
                value=email error=field("email") />
            <TextField label="Institution (optional)" name="institution" autocomplete="organization"
                hint="You won't be paired with colleagues while it can be avoided."
                value=institution error=field("institution") />
            <button type="submit" class="button button--primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Joining…" } else { "Join" }}
            </button>
        </ActionForm>
    }
}
