//! Admin pages.

mod users;

pub use users::AdminUsersPage;
