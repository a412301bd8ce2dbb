//! One routed page per file; components used by one page stay private to it.

mod account;
mod admin;
mod apply;
mod cycles;
mod home;
mod links;
mod not_found;
mod pairs;
mod sign_in;
pub mod sign_up;
mod speed;
mod survey;

pub use account::AccountPage;
pub use admin::{
    AdminApplicationsPage, AdminAuditPage, AdminEvaluationPage, AdminMatchingPage,
    AdminOptionsPage, AdminOutboxPage, AdminPairsPage, AdminProgramsPage, AdminSurveyResultsPage,
    AdminSurveysPage, AdminUsersPage,
};
pub use apply::ApplyPage;
pub use cycles::{CyclePage, CyclesPage};
pub use home::HomePage;
pub use links::{
    EmailSignInPage, ForgotPasswordPage, InvitationPage, LinkSignInPage, ResetPasswordPage,
    VerifyEmailPage,
};
pub use not_found::NotFoundPage;
pub use pairs::{MyPairsPage, WorkspacePage};
pub use sign_in::{SignInCodePage, SignInPage};
pub use sign_up::{SignUpPage, SignUpSentPage};
pub use speed::{ConsolePage, FacilitatePage, JoinCodePage, JoinPage, RoomPage, ScreenPage};
pub use survey::SurveyAnswerPage;

use leptos::prelude::{Memo, Read};

use crate::types::RouteId;

/// The `:id` of routes like `/cycles/:id` and `/pairs/:id`, as the id type the page asks for; one that is not
/// a number reads as id 0, which no row has, so the page shows "not found".
pub fn id_param<Id: RouteId>() -> Memo<Id> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(Id::nothing)
    })
}
