//! The signed-in user's account: who they are, a password change, and where they are signed in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::account::{
    my_sessions, ChangePassword, ConfirmTwoStep, DisableTwoStep, EndMySession, StartTwoStep,
};
use crate::components::{failure, ErrorView, FormAlert, TextField};
use crate::error::AppError;
use crate::session::use_session;
use crate::types::{AccountSession, CurrentUser};

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Your account" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                session
                    .user
                    .get()
                    .map(|user| match user {
                        Ok(Some(user)) => view! { <AccountDetails user /> }.into_any(),
                        Ok(None) => view! { <ErrorView error=AppError::Unauthorized /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn AccountDetails(user: CurrentUser) -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Your account"</h1>
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{user.name}</dd>
                <dt>"Email"</dt>
                <dd>{user.email}</dd>
                <dt>"Institution"</dt>
                <dd>{match (user.institution_name.is_empty(), user.institution_type.is_empty()) {
                    (true, _) => "—".to_owned(),
                    (false, true) => user.institution_name.clone(),
                    (false, false) => format!("{} ({})", user.institution_name, user.institution_type),
                }}</dd>
                <dt>"Role"</dt>
                <dd>{user.role.label()}</dd>
            </dl>
        </section>
        <ChangePasswordForm />
        <TwoStepCard on=user.two_step required=user.two_step_required />
        <AccountSessions />
    }
}

/// Two-step sign-in: turn it on (scan, confirm with a code, keep the recovery codes) or off (with a code).
/// Where the site `required` it of this account, it says so and cannot be turned off.
#[component]
fn TwoStepCard(on: bool, required: bool) -> impl IntoView {
    let start = ServerAction::<StartTwoStep>::new();
    let confirm = ServerAction::<ConfirmTwoStep>::new();
    let disable = ServerAction::<DisableTwoStep>::new();
    let code = RwSignal::new(String::new());
    let off_code = RwSignal::new(String::new());
    let confirm_error = failure(confirm.value());
    let disable_error = failure(disable.value());
    let start_error = failure(start.value());
    // The card keeps its own state rather than refreshing the signed-in user: that would rebuild the page and
    // lose the recovery codes, which are shown only once.
    let recovery = move || confirm.value().get().and_then(Result::ok);
    let turned_off = move || matches!(disable.value().get(), Some(Ok(())));
    let is_on = move || (on || recovery().is_some()) && !turned_off();
    view! {
        <section class="card" id="two-step" aria-labelledby="two-step-heading" data-testid="two-step">
            <h2 id="two-step-heading">"Two-step sign-in"</h2>
            {(required && !on).then(|| view! {
                <p class="notice notice--warning" data-testid="two-step-required">"This site requires two-step sign-in for admin accounts. Until you turn it on, the admin pages stay closed to you."</p>
            })}
            {move || if let Some(codes) = recovery() {
                view! {
                    <p class="form-success" role="status">"Two-step sign-in is on."</p>
                    <p>"Keep these recovery codes somewhere safe, apart from your phone. Each one signs you in once if you lose the app. They are shown only now."</p>
                    <ul class="recovery-codes" data-testid="recovery-codes">
                        {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                }.into_any()
            } else if is_on() && required {
                view! {
                    <p>"On: signing in asks for a code from your authenticator app after your password or an email link. This site requires it for admin accounts, so it stays on."</p>
                }.into_any()
            } else if is_on() {
                view! {
                    <p>"On: signing in asks for a code from your authenticator app after your password or an email link."</p>
                    <ActionForm action=disable attr:class="form" attr:novalidate=true>
                        <FormAlert error=disable_error />
                        <TextField label="Code to turn it off" name="code" autocomplete="one-time-code" maxlength=20 hint="Six digits from your app, or a recovery code." value=off_code error=Signal::derive(move || disable_error.get().and_then(|e| e.field("code"))) />
                        <button type="submit" class="button" disabled=move || disable.pending().get()>"Turn off two-step sign-in"</button>
                    </ActionForm>
                }.into_any()
            } else if let Some(Ok(setup)) = start.value().get() {
                view! {
                    <p>"Scan this code with an authenticator app (such as the one on your phone), or type the key into it. Then enter the six digits it shows."</p>
                    <div class="two-step__qr" inner_html=setup.qr_svg role="img" aria-label="QR code for your authenticator app"></div>
                    <p>"Key: " <code data-testid="two-step-secret">{setup.secret}</code></p>
                    <ActionForm action=confirm attr:class="form" attr:novalidate=true>
                        <FormAlert error=confirm_error />
                        <TextField label="Code from the app" name="code" autocomplete="one-time-code" maxlength=20 value=code error=Signal::derive(move || confirm_error.get().and_then(|e| e.field("code"))) />
                        <button type="submit" class="button button--primary" disabled=move || confirm.pending().get()>"Turn on"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <p>"Off. With two-step sign-in, a stolen password is not enough: signing in also takes a code from an app on your phone."</p>
                    <FormAlert error=start_error />
                    <ActionForm action=start attr:class="form">
                        <button type="submit" class="button" disabled=move || start.pending().get()>"Set up two-step sign-in"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

/// Every browser the person is signed in with, each but this one with a button that signs it out.
#[component]
fn AccountSessions() -> impl IntoView {
    let end = ServerAction::<EndMySession>::new();
    let sessions = Resource::new(move || end.version().get(), |_| my_sessions());
    let error = failure(end.value());
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Where you're signed in"</h2>
            <p class="muted">"Sign out any browser you no longer use or don't recognise. A sign-in also ends by itself after a while without use."</p>
            <FormAlert error />
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || sessions.get().map(|answer| match answer {
                    Ok(list) => view! {
                        <ul class="sessions" data-testid="sessions">
                            {list.into_iter().map(|session| view! { <SessionRow session end /> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionRow(session: AccountSession, end: ServerAction<EndMySession>) -> impl IntoView {
    let label = format!("Sign out {}", session.device);
    view! {
        <li class="sessions__item">
            <div>
                <strong>{session.device}</strong>
                {session.current.then(|| view! { " " <span class="badge badge--open">"This browser"</span> })}
                <br />
                <span class="muted">{format!("Signed in {} · last used {}", session.signed_in_at, session.last_used_at)}</span>
            </div>
            {(!session.current).then(|| view! {
                <ActionForm action=end>
                    <input type="hidden" name="session_id" value=session.id.0 />
                    <button type="submit" class="button" aria-label=label disabled=move || end.pending().get()>"Sign out"</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = failure(action.value());
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    let done = move || matches!(action.value().get(), Some(Ok(())));
    // Clear the password boxes once the change went through; keep them on error so nothing is retyped.
    Effect::new(move |_| {
        if done() {
            current.set(String::new());
            new.set(String::new());
            confirm.set(String::new());
        }
    });
    view! {
        <section class="card">
            <h2>"Change password"</h2>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error />
                {move || done().then(|| view! { <p class="form-success" role="status">"Password changed. Your other devices were signed out."</p> })}
                <TextField label="Current password" name="current_password" kind="password" autocomplete="current-password" value=current error=field("current_password") />
                <TextField label="New password" name="new_password" kind="password" autocomplete="new-password" hint=crate::pages::sign_up::PASSWORD_HINT value=new error=field("new_password") />
                <TextField label="New password, again" name="confirm_password" kind="password" autocomplete="new-password" value=confirm error=field("confirm_password") />
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Change password"</button>
            </ActionForm>
        </section>
    }
}
