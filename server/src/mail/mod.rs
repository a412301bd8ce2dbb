//! Email delivery: every email is first queued in the outbox (in the transaction that causes it); a
//! background task sends what is due over SMTP and records the outcome on the row. Without SMTP settings
//! nothing is sent and the outbox page shows what would have been.

pub mod delivery;
mod html;
pub mod outbox;
mod smtp;

pub use smtp::{MailSettings, MailSettingsError, Mailer, SendError};
