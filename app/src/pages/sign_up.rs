//! Create an account. Fields are checked by the shared validator as the user goes (after leaving a field
//! once), and again by the server, whose answer wins.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::{FormAlert, SelectField, TextField};
use crate::session::use_session;
use crate::types::SignUpForm;
use crate::validation::{validate_sign_up, EMAIL_MAX, INSTITUTION_MAX, NAME_MAX};
use engine::options::INSTITUTION_TYPES;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let institution_name = RwSignal::new(String::new());
    let institution_type = RwSignal::new(String::new());
    // Messages appear once the form was submitted, never while the user moves between fields (that would
    // shift the layout under the pointer). A field edited since the server answered shows the live check;
    // otherwise the server's message stands.
    let edited = RwSignal::new(Vec::<&'static str>::new());
    let edit = move |field: &'static str| {
        Callback::new(move |()| {
            edited.update(|e| {
                if !e.contains(&field) {
                    e.push(field);
                }
            });
        })
    };
    Effect::new(move |_| {
        session.sign_up.version().track();
        edited.set(Vec::new());
    });

    let live_errors = Memo::new(move |_| {
        let form = SignUpForm {
            name: name.get(),
            email: email.get(),
            password: password.get(),
            institution_name: institution_name.get(),
            institution_type: institution_type.get(),
        };
        validate_sign_up(&form).err().unwrap_or_default()
    });
    let server_error = Signal::derive(move || session.sign_up.value().get().and_then(Result::err));
    let field = move |field_name: &'static str| {
        Signal::derive(move || {
            let server = server_error.get()?;
            if edited.get().contains(&field_name) {
                live_errors.get().get(field_name).map(str::to_owned)
            } else {
                server.field(field_name)
            }
        })
    };

    view! {
        <Title text="Create an account" />
        <section class="card card--narrow">
            <h1>"Create your account"</h1>
            <p class="lead">"Join your program's peer mentoring: you'll use this account to apply, meet your peer and track your goals."</p>
            <ActionForm action=session.sign_up attr:class="form" attr:novalidate=true>
                <FormAlert error=server_error />
                <TextField label="Your name" name="name" autocomplete="name" maxlength=NAME_MAX value=name error=field("name") on_edit=edit("name") />
                <TextField label="Email" name="email" kind="email" autocomplete="email" maxlength=EMAIL_MAX value=email error=field("email") on_edit=edit("email") />
                <TextField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=PASSWORD_HINT
                    value=password
                    error=field("password")
                    on_edit=edit("password")
                />
                <TextField
                    label="Institution"
                    name="institution_name"
                    autocomplete="organization"
                    maxlength=INSTITUTION_MAX
                    hint="Where you work. Peers are never matched within the same institution."
                    value=institution_name
                    error=field("institution_name")
                    on_edit=edit("institution_name")
                />
                <SelectField
                    label="Type of institution"
                    name="institution_type"
                    options=&INSTITUTION_TYPES
                    placeholder="Choose one…"
                    value=institution_type
                    error=field("institution_type")
                    on_edit=edit("institution_type")
                />
                <button type="submit" class="button button--primary" disabled=move || session.sign_up.pending().get()>
                    {move || if session.sign_up.pending().get() { "Creating your account…" } else { "Create account" }}
                </button>
                <p class="form__aside">"Already have an account? " <A href="/sign-in">"Sign in"</A></p>
            </ActionForm>
        </section>
    }
}

/// Where the browser goes after signing up, naming the address the link went to.
pub fn sent_path(email: &str) -> String {
    format!(
        "/sign-up/sent?to={}",
        crate::validation::percent_encode(email, b"@")
    )
}

/// `/sign-up/sent`: the same page whether the address was new or already had an account.
#[component]
pub fn SignUpSentPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let to = move || query.with(|q| q.get("to")).unwrap_or_default();
    view! {
        <Title text="Check your inbox" />
        <section class="card card--narrow" data-testid="sign-up-sent">
            <h1>"Check your inbox"</h1>
            <p class="lead">
                "We sent an email to " <strong>{to}</strong> ". Open the link in it to confirm your address and sign in; it works for 48 hours."
            </p>
            <p>"If this address already has an account, the email says how to get into it instead."</p>
            <p class="form__aside">"No email after a few minutes? Look in your spam folder, or " <A href="/sign-up">"sign up again"</A> " if the address had a typo."</p>
        </section>
    }
}

/// Kept in step with `PASSWORD_MIN` by the test below.
pub const PASSWORD_HINT: &str =
    "At least 12 characters. A short sentence is easy to remember and hard to guess.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::PASSWORD_MIN;

    #[test]
    fn the_sent_page_names_the_address_safely() {
        assert_eq!(
            sent_path("ana@example.edu"),
            "/sign-up/sent?to=ana@example.edu"
        );
        assert_eq!(
            sent_path("a+b&c=d#e@x.org"),
            "/sign-up/sent?to=a%2Bb%26c%3Dd%23e@x.org"
        );
    }

    #[test]
    fn password_hint_states_the_real_minimum() {
        assert!(PASSWORD_HINT.contains(&format!("At least {PASSWORD_MIN} characters")));
    }
}
