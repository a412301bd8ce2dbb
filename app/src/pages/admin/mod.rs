//! Admin pages.

mod applications;
mod audit;
mod evaluation;
mod import;
mod invite;
mod matching;
mod message;
mod options;
mod outbox;
mod pairs;
mod programs;
mod rhythm;
mod surveys;
mod users;

pub use applications::AdminApplicationsPage;
pub use audit::AdminAuditPage;
pub use evaluation::AdminEvaluationPage;
pub use matching::AdminMatchingPage;
pub use options::AdminOptionsPage;
pub use outbox::AdminOutboxPage;
pub use pairs::AdminPairsPage;
pub use programs::AdminProgramsPage;
pub use surveys::{AdminSurveyResultsPage, AdminSurveysPage};
pub use users::AdminUsersPage;
