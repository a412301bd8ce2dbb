//! One routed page per file; components used by one page stay private to it.

mod account;
mod admin;
mod apply;
mod cycles;
mod home;
mod not_found;
mod sign_in;
mod sign_up;

pub use account::AccountPage;
pub use admin::{
    AdminApplicationsPage, AdminOptionsPage, AdminOutboxPage, AdminProgramsPage, AdminUsersPage,
};
pub use apply::ApplyPage;
pub use cycles::{CyclePage, CyclesPage};
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;
