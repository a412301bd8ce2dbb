//! Admin pages.

mod applications;
mod import;
mod options;
mod outbox;
mod programs;
mod users;

pub use applications::AdminApplicationsPage;
pub use options::AdminOptionsPage;
pub use outbox::AdminOutboxPage;
pub use programs::AdminProgramsPage;
pub use users::AdminUsersPage;
