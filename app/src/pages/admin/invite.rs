//! Inviting people by email: a pasted list on the users page, and a cycle's applicants who have not signed
//! in yet (an import's new accounts) on its applications page. Each gets a link to set a password.

use leptos::prelude::*;

use crate::api::links::{invite_applicants, InvitePeople};
use crate::components::{failure, FormAlert};
use crate::error::AppError;
use crate::types::{CycleId, InviteReport, Role};

/// The pasted-list form. `on_invited` runs after invitations went out (the user list reloads).
#[component]
pub fn InvitePanel(on_invited: Callback<()>) -> AnyView {
    let action = ServerAction::<InvitePeople>::new();
    let addresses = RwSignal::new(String::new());
    let error = failure(action.value());
    let report = move || action.value().get().and_then(Result::ok);
    Effect::new(move |_| {
        if report().is_some() {
            addresses.set(String::new());
            on_invited.run(());
        }
    });
    view! {
        <section class="invite" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invite people"</h2>
            <p class="muted">
                "Paste addresses, one per line or separated by commas, as your mail program copies them "
                "(\u{201c}Name <address>\u{201d} works). Each person gets an email with a link to set a password, valid for 14 days; "
                "addresses new to Shoulder get an account with the role below."
            </p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error />
                <div class="field" class:field--invalid=move || error.get().and_then(|e| e.field("addresses")).is_some()>
                    <label for="field-addresses">"Email addresses"</label>
                    <textarea
                        id="field-addresses"
                        name="addresses"
                        aria-describedby="field-addresses-error"
                        aria-invalid=move || if error.get().and_then(|e| e.field("addresses")).is_some() { "true" } else { "false" }
                        prop:value=move || addresses.get()
                        on:input=move |ev| addresses.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field__error" id="field-addresses-error">{move || error.get().and_then(|e| e.field("addresses"))}</p>
                </div>
                <div class="field">
                    <label for="field-invite-role">"Role of new accounts"</label>
                    <select id="field-invite-role" name="role">
                        {Role::ALL
                            .into_iter()
                            .map(|role| view! { <option value=role.as_str() selected=role == Role::Member>{role.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Send invitations"</button>
            </ActionForm>
            <div aria-live="polite">{move || report().map(|report| view! { <Report report /> })}</div>
        </section>
    }
    .into_any()
}

/// "Invite the applicants who have not signed in yet", for a cycle.
#[component]
pub fn InviteApplicants(cycle_id: CycleId) -> AnyView {
    let report = RwSignal::new(None::<InviteReport>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let invite = move |_| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = invite_applicants(cycle_id).await;
            busy.set(false);
            match result {
                Ok(done) => report.set(Some(done)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="invite" aria-labelledby="invite-applicants-title">
            <h2 id="invite-applicants-title">"Invite applicants"</h2>
            <p class="muted">
                "Applicants who have never signed in (imported ones, for instance) get an email with a link to set their "
                "password, so they can follow their application and, once pairs are published, their peer. Sending again "
                "replaces their earlier link."
            </p>
            <button type="button" class="button" disabled=move || busy.get() on:click=invite>
                "Invite those who have not signed in yet"
            </button>
            <FormAlert error=Signal::derive(move || error.get()) />
            <div aria-live="polite">{move || report.get().map(|report| view! { <Report report /> })}</div>
        </section>
    }
    .into_any()
}

#[component]
fn Report(report: InviteReport) -> impl IntoView {
    let invited = report.invited.len();
    let summary = format!(
        "{invited} invitation{} sent{}.",
        if invited == 1 { "" } else { "s" },
        if report.created > 0 {
            format!(
                " ({} new account{})",
                report.created,
                if report.created == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    );
    let list =
        |title: &'static str, items: Vec<String>| {
            (!items.is_empty()).then(|| view! {
            <p>{title}</p>
            <ul>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
        })
        };
    view! {
        <div class="invite__report" data-testid="invite-report">
            <p class="form-success">{summary}</p>
            {list("Already signing in, not invited:", report.already_active)}
            {list("Not an address, skipped:", report.problems)}
        </div>
    }
}
