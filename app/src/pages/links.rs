//! The pages of links sent by email, and the pages that ask for them: "Forgot your password?", "Email me a
//! sign-in link", setting a password from a reset or an invitation, signing in by link, and confirming an
//! address. Forms are real `<form method="post">`s, so they work before the WASM has loaded. A link's page
//! acts only when its button is pressed (mail scanners open links; they must not use them up).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::links::{
    check_link, AcceptInvitation, RequestPasswordReset, RequestSignInLink, ResetPassword,
    SignInWithLink, VerifyEmail,
};
use crate::components::{failure, FormAlert, TextField};
use crate::error::AppError;
use crate::session::use_session;
use crate::types::{LinkDetails, LinkPurpose};
use crate::validation::{EMAIL_MAX, NAME_MAX, PASSWORD_MAX};

/// `/forgot-password`: asks for a link to choose a new password.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    view! {
        <Title text="Forgot your password?" />
        <section class="card card--narrow">
            <h1>"Forgot your password?"</h1>
            <p class="lead">"We'll email you a link to choose a new one. It works once, for an hour."</p>
            <RequestForm action=action.into() button="Email me a link" />
            <p class="form__aside"><A href="/sign-in">"Back to sign in"</A></p>
        </section>
    }
}

/// `/sign-in/email`: asks for a link that signs in without a password.
#[component]
pub fn EmailSignInPage() -> impl IntoView {
    let action = ServerAction::<RequestSignInLink>::new();
    view! {
        <Title text="Sign in by email" />
        <section class="card card--narrow">
            <h1>"Sign in by email"</h1>
            <p class="lead">"We'll email you a link that signs you in, no password needed. It works once, for 15 minutes."</p>
            <RequestForm action=action.into() button="Email me a sign-in link" />
            <p class="form__aside"><A href="/sign-in">"Sign in with a password instead"</A></p>
        </section>
    }
}

/// Either request action, seen the same way by the form (both take an email and answer nothing).
#[derive(Clone, Copy)]
enum RequestAction {
    Reset(ServerAction<RequestPasswordReset>),
    SignIn(ServerAction<RequestSignInLink>),
}

impl From<ServerAction<RequestPasswordReset>> for RequestAction {
    fn from(action: ServerAction<RequestPasswordReset>) -> Self {
        RequestAction::Reset(action)
    }
}

impl From<ServerAction<RequestSignInLink>> for RequestAction {
    fn from(action: ServerAction<RequestSignInLink>) -> Self {
        RequestAction::SignIn(action)
    }
}

impl RequestAction {
    fn result(self) -> Option<Result<(), AppError>> {
        match self {
            RequestAction::Reset(a) => a.value().get(),
            RequestAction::SignIn(a) => a.value().get(),
        }
    }

    fn pending(self) -> bool {
        match self {
            RequestAction::Reset(a) => a.pending().get(),
            RequestAction::SignIn(a) => a.pending().get(),
        }
    }
}

/// The email box of both request pages. The answer never says whether the address has an account.
#[component]
fn RequestForm(action: RequestAction, button: &'static str) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let error = Signal::derive(move || action.result().and_then(Result::err));
    let sent = move || matches!(action.result(), Some(Ok(())));
    let field = Signal::derive(move || error.get().and_then(|e| e.field("email")));
    let inner = move || {
        view! {
            <FormAlert error />
            {move || sent().then(|| view! {
                <p class="form-success" role="status" data-testid="link-sent">
                    {format!("If {} has an account, a link is on its way. Check your inbox (and the spam folder) in a minute.", email.get().trim())}
                </p>
            })}
            <TextField label="Email" name="email" kind="email" autocomplete="username" maxlength=EMAIL_MAX value=email error=field />
            <button type="submit" class="button button--primary" disabled=move || action.pending()>{button}</button>
        }
    };
    match action {
        RequestAction::Reset(action) => view! {
            <ActionForm action attr:class="form" attr:novalidate=true>{inner()}</ActionForm>
        }
        .into_any(),
        RequestAction::SignIn(action) => view! {
            <ActionForm action attr:class="form" attr:novalidate=true>{inner()}</ActionForm>
        }
        .into_any(),
    }
}

/// The `token` of the page's address.
fn token_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("token").unwrap_or_default())
}

/// Loads whose account a link is for, then shows `ready` with it, or what is wrong with the link.
#[component]
fn WithLink<V>(
    purpose: LinkPurpose,
    ready: impl Fn(LinkDetails, String) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let token = token_param();
    let details =
        Resource::new_blocking(move || token.get(), move |token| check_link(purpose, token));
    let ready = std::sync::Arc::new(ready);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Checking the link…"</p> }>
            {move || {
                let ready = ready.clone();
                Suspend::new(async move {
                    match details.await {
                        Ok(details) => ready(details, token.get_untracked()).into_any(),
                        Err(error) => view! { <LinkProblem purpose error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A link that cannot be used: why, and the way to a new one.
#[component]
fn LinkProblem(purpose: LinkPurpose, error: AppError) -> impl IntoView {
    let message = error.field("token").unwrap_or_else(|| error.to_string());
    let (href, label) = match purpose {
        LinkPurpose::Reset | LinkPurpose::Invite => ("/forgot-password", "Email me a new link"),
        LinkPurpose::SignIn => ("/sign-in/email", "Email me a new sign-in link"),
        LinkPurpose::Verify => ("/account", "Send a new confirmation link"),
    };
    view! {
        <section class="card card--narrow" role="alert" data-testid="link-problem">
            <h1>"This link can't be used"</h1>
            <p>{message}</p>
            {(purpose == LinkPurpose::Invite).then(|| view! {
                <p>"An invitation that has run out is no loss: ask for a password link with the address it was sent to."</p>
            })}
            <p class="notice__actions">
                <A href=href attr:class="button button--primary">{label}</A>
                " "
                <A href="/sign-in" attr:class="button button--quiet">"Sign in"</A>
            </p>
        </section>
    }
}

/// `/reset-password?token=…`: choose a new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    view! {
        <Title text="Choose a new password" />
        <WithLink purpose=LinkPurpose::Reset ready=|details: LinkDetails, token: String| view! {
            <section class="card card--narrow">
                <h1>"Choose a new password"</h1>
                <p class="lead">{format!("For {}. You'll be signed in here and signed out everywhere else.", details.email)}</p>
                <PasswordForm purpose=LinkPurpose::Reset token name=None />
            </section>
        } />
    }
}

/// `/invitation?token=…`: the first password of an account an admin made.
#[component]
pub fn InvitationPage() -> impl IntoView {
    view! {
        <Title text="Welcome to Shoulder" />
        <WithLink purpose=LinkPurpose::Invite ready=|details: LinkDetails, token: String| view! {
            <section class="card card--narrow">
                <h1>"Welcome to Shoulder"</h1>
                <p class="lead">{format!("Set a password for {} and you're in. Check how your name should appear to your peers.", details.email)}</p>
                <PasswordForm purpose=LinkPurpose::Invite token name=Some(details.name) />
            </section>
        } />
    }
}

/// New password twice (and the name, for an invitation); the server signs in and goes to the start page.
#[component]
fn PasswordForm(purpose: LinkPurpose, token: String, name: Option<String>) -> impl IntoView {
    let session = use_session();
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let asks_name = name.is_some();
    let name = RwSignal::new(name.unwrap_or_default());
    let reset = ServerAction::<ResetPassword>::new();
    let accept = ServerAction::<AcceptInvitation>::new();
    let result = move || match purpose {
        LinkPurpose::Invite => accept.value().get(),
        _ => reset.value().get(),
    };
    let pending = move || reset.pending().get() || accept.pending().get();
    let error = Signal::derive(move || result().and_then(Result::err));
    let field = move |f: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(f)));
    // Signed in: the header and pages follow.
    Effect::new(move |_| {
        if matches!(result(), Some(Ok(()))) {
            session.refresh();
        }
    });
    let token_problem = move || error.get().and_then(|e| e.field("token"));
    let fields = move || {
        let token = token.clone();
        view! {
            <input type="hidden" name="token" value=token />
            {move || token_problem().map(|problem| view! {
                <p class="form-alert" role="alert">{problem} " " <A href="/forgot-password">"Email me a new link"</A></p>
            })}
            {move || error.get().filter(|e| e.field("token").is_none()).map(|e| view! { <FormAlert error=Signal::derive(move || Some(e.clone())) /> })}
            {asks_name.then(|| view! {
                <TextField label="Your name" name="name" autocomplete="name" maxlength=NAME_MAX value=name error=field("name") />
            })}
            <TextField label="New password" name="new_password" kind="password" autocomplete="new-password" maxlength=PASSWORD_MAX hint="At least 12 characters; a short sentence is easy to remember." value=new error=field("new_password") />
            <TextField label="New password, again" name="confirm_password" kind="password" autocomplete="new-password" maxlength=PASSWORD_MAX value=confirm error=field("confirm_password") />
            <button type="submit" class="button button--primary" disabled=pending>
                {if asks_name { "Set my password and sign in" } else { "Save and sign in" }}
            </button>
        }
    };
    match purpose {
        LinkPurpose::Invite => view! { <ActionForm action=accept attr:class="form" attr:novalidate=true>{fields()}</ActionForm> }.into_any(),
        _ => view! { <ActionForm action=reset attr:class="form" attr:novalidate=true>{fields()}</ActionForm> }.into_any(),
    }
}

/// `/sign-in/link?token=…`: one button signs in.
#[component]
pub fn LinkSignInPage() -> impl IntoView {
    view! {
        <Title text="Sign in" />
        <WithLink purpose=LinkPurpose::SignIn ready=|details: LinkDetails, token: String| view! {
            <LinkSignInForm details token />
        } />
    }
}

#[component]
fn LinkSignInForm(details: LinkDetails, token: String) -> impl IntoView {
    let session = use_session();
    let action = ServerAction::<SignInWithLink>::new();
    let error = failure(action.value());
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            session.refresh();
        }
    });
    view! {
        <section class="card card--narrow">
            <h1>"Sign in"</h1>
            <p class="lead">{format!("Sign in to Shoulder as {}.", details.email)}</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="token" value=token />
                {move || error.get().map(|e| view! { <p class="form-alert" role="alert">{e.field("token").unwrap_or_else(|| e.to_string())}</p> })}
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Sign in"</button>
            </ActionForm>
        </section>
    }
}

/// `/verify-email?token=…`: one button confirms the address.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    view! {
        <Title text="Confirm your email address" />
        <WithLink purpose=LinkPurpose::Verify ready=|details: LinkDetails, token: String| view! {
            <VerifyForm details token />
        } />
    }
}

#[component]
fn VerifyForm(details: LinkDetails, token: String) -> impl IntoView {
    let session = use_session();
    let action = ServerAction::<VerifyEmail>::new();
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = failure(action.value());
    Effect::new(move |_| {
        if done() {
            session.refresh();
        }
    });
    let email = details.email.clone();
    view! {
        <section class="card card--narrow">
            <h1>"Confirm your email address"</h1>
            {move || if done() {
                view! {
                    <p class="form-success" role="status">{format!("Thank you: {email} is confirmed. Your program can now match you with a peer.")}</p>
                    <p><A href="/" attr:class="button">"Continue"</A></p>
                }
                .into_any()
            } else {
                let token = token.clone();
                view! {
                    <p class="lead">{format!("Is {} your address? Confirm it so your program can match you and reach you.", details.email)}</p>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="token" value=token />
                        {move || error.get().map(|e| view! { <p class="form-alert" role="alert">{e.field("token").unwrap_or_else(|| e.to_string())}</p> })}
                        <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Confirm my address"</button>
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}
