//! Shoulder's web app: the routes, pages, components and server functions, plus the types and validation that
//! the browser and the server share. Built twice: with `ssr` into the server, with `hydrate` into WASM.
// Leptos views are deeply nested types; the release WASM build needs more room to compute their layout.
#![recursion_limit = "256"]

/// Server functions and, on the server, the ports and the authorization guard they use.
pub mod api;
/// The member's application form, its options and its validator; the wizard's data and the admin's list.
pub mod application;
/// The audit log as admins read it.
pub mod audit;
/// Which browser bundle a page loads: the attendee one on workshop pages, the full one elsewhere.
pub mod bundle;
/// A chart's data, drawn by `components::ChartView` and downloaded as CSV.
pub mod chart;
/// The list of common passwords a new password must not be on (server only).
#[cfg(feature = "ssr")]
pub mod common_passwords;
/// Versions of a program's competency list, chosen per cycle.
pub mod competency_set;
/// Reusable view pieces: props in, view out, no server calls.
pub mod components;
/// Reading the Leptos context without the framework's lookup deadlock.
pub mod context;
/// The error every server function returns.
pub mod error;
/// A program's evaluation: its charts per cycle and over time.
pub mod evaluation;
/// Applications imported from a spreadsheet.
pub mod import;
/// An event stream that stays open, reopened after the server refused it (browser only).
#[cfg(feature = "hydrate")]
pub mod live_stream;
/// The matching engine's vocabulary and the matching page's views.
pub mod matching;
/// What a member's start page puts first.
pub mod member_home;
/// An admin's message to a cycle's members.
pub mod message;
/// A program's option lists as admins edit them.
pub mod option_lists;
/// The queued emails as admins read them.
pub mod outbox;
/// The end of a relationship: each member's outcome and reflection.
pub mod outcome;
/// One routed page per file.
pub mod pages;
/// Programs, cycles and the application window.
pub mod program;
/// A program's rhythm of windows, and its interest list.
pub mod rhythm;
/// Who is signed in, shared by every page.
pub mod session;
/// Speed peer mentoring: phases and the shared timer.
pub mod speed;
/// Surveys: building, answering, results.
pub mod survey;
/// Wire types: IDs, roles, forms.
pub mod types;
/// The one rule set for user input.
pub mod validation;
/// A pair's workspace: peer profile, checklist, goals, check-ins; the admin's overview of pairs.
pub mod workspace;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

#[cfg(not(feature = "attendee"))]
use pages::{
    AccountPage, AdminApplicationsPage, AdminAuditPage, AdminEvaluationPage, AdminMatchingPage,
    AdminOptionsPage, AdminOutboxPage, AdminPairsPage, AdminProgramsPage, AdminUsersPage,
    ApplyPage, ConsolePage, CyclePage, CyclesPage, EmailSignInPage, FacilitatePage,
    ForgotPasswordPage, HomePage, InvitationPage, LinkSignInPage, MyPairsPage, NotFoundPage,
    ResetPasswordPage, SignInCodePage, SignInPage, SignUpPage, SignUpSentPage, SurveyAnswerPage,
    VerifyEmailPage, WorkspacePage,
};
#[cfg(not(feature = "attendee"))]
use pages::{AdminSurveyResultsPage, AdminSurveysPage};
use pages::{JoinCodePage, JoinPage, RoomPage, ScreenPage};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    #[cfg(feature = "ssr")]
    let options = bundle::hydration_options(options);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// A CSP that allows exactly Leptos' nonce-carrying bootstrap scripts and our WASM; no inline styles or
/// scripts otherwise. `'strict-dynamic'` because Leptos puts the nonce on the module preload in a way that
/// Chromium only honours through trust propagation.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use axum::http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
    let nonce = leptos::nonce::use_nonce()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(options), Ok(value)) = (
        crate::context::context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&policy),
    ) {
        options.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// The app: header, routes, and a marker that tests wait on once the page is interactive.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    session::provide_session();
    mark_hydrated();

    view! {
        <Stylesheet id="leptos" href="/pkg/shoulder.css" />
        <Title formatter=|page: String| if page.is_empty() { "Shoulder".to_owned() } else { format!("{page} · Shoulder") } />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <components::SiteHeader />
            <components::ConfirmBanner />
            <main id="main" class="page">
                <Routes fallback=fallback>
                    <AttendeeRoutes />
                    <OtherRoutes />
                </Routes>
            </main>
        </Router>
    }
}

/// The pages a workshop attendee's phone opens (and the projector's screen): the attendee bundle holds only
/// these, so a phone joining a workshop downloads no member or admin page.
#[component(transparent)]
fn AttendeeRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/join") view=JoinCodePage ssr=SsrMode::Async />
        <Route path=path!("/join/:code") view=JoinPage ssr=SsrMode::Async />
        <Route path=path!("/room/:code") view=RoomPage ssr=SsrMode::Async />
        <Route path=path!("/room/:code/screen") view=ScreenPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// Every other page, in the full bundle.
#[cfg(not(feature = "attendee"))]
#[component(transparent)]
fn OtherRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/") view=HomePage ssr=SsrMode::InOrder />
        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::InOrder />
        <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::InOrder />
        <Route path=path!("/sign-up/sent") view=SignUpSentPage ssr=SsrMode::InOrder />
        <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::InOrder />
        <Route path=path!("/sign-in/email") view=EmailSignInPage ssr=SsrMode::InOrder />
        <Route path=path!("/sign-in/code") view=SignInCodePage ssr=SsrMode::InOrder />
        <Route path=path!("/sign-in/link") view=LinkSignInPage ssr=SsrMode::Async />
        <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
        <Route path=path!("/invitation") view=InvitationPage ssr=SsrMode::Async />
        <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
        <Route path=path!("/account") view=AccountPage ssr=SsrMode::InOrder />
        <Route path=path!("/cycles") view=CyclesPage ssr=SsrMode::Async />
        <Route path=path!("/cycles/:id") view=CyclePage ssr=SsrMode::Async />
        <Route path=path!("/cycles/:id/apply") view=ApplyPage ssr=SsrMode::Async />
        <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
        <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async />
        <Route path=path!("/admin/programs") view=AdminProgramsPage ssr=SsrMode::Async />
        <Route path=path!("/admin/cycles/:id/applications") view=AdminApplicationsPage ssr=SsrMode::Async />
        <Route path=path!("/admin/cycles/:id/matching") view=AdminMatchingPage ssr=SsrMode::Async />
        <Route path=path!("/admin/cycles/:id/pairs") view=AdminPairsPage ssr=SsrMode::Async />
        <Route path=path!("/pairs") view=MyPairsPage ssr=SsrMode::Async />
        <Route path=path!("/pairs/:id") view=WorkspacePage ssr=SsrMode::Async />
        <Route path=path!("/surveys/:id") view=SurveyAnswerPage ssr=SsrMode::Async />
        <Route path=path!("/admin/cycles/:id/surveys") view=AdminSurveysPage ssr=SsrMode::Async />
        <Route path=path!("/admin/surveys/:id") view=AdminSurveyResultsPage ssr=SsrMode::Async />
        <Route path=path!("/admin/programs/:id/options") view=AdminOptionsPage ssr=SsrMode::Async />
        <Route path=path!("/admin/programs/:id/evaluation") view=AdminEvaluationPage ssr=SsrMode::Async />
        <Route path=path!("/admin/outbox") view=AdminOutboxPage ssr=SsrMode::Async />
        <Route path=path!("/facilitate") view=FacilitatePage ssr=SsrMode::Async />
        <Route path=path!("/facilitate/:id") view=ConsolePage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The attendee bundle has no other page: following a link to one loads it from the server.
#[cfg(feature = "attendee")]
#[component(transparent)]
fn OtherRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    ().into_any_nested_route()
}

/// A path no route matches: the "not found" page.
#[cfg(not(feature = "attendee"))]
fn fallback() -> impl IntoView {
    view! { <NotFoundPage /> }
}

/// In the attendee bundle, a path outside it is a page of the full app: load it from the server.
#[cfg(feature = "attendee")]
fn fallback() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let href = format!(
            "{}{}{}",
            location.pathname.get(),
            location.search.get(),
            location.hash.get()
        );
        let _ = window().location().assign(&href);
    });
    view! { <p class="loading">"Loading…"</p> }
}

/// Effects run only in the browser after hydration, so this attribute means "the page is live".
fn mark_hydrated() {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
