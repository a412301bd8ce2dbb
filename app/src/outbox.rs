//! The outbox as admins read it: every queued email and where mail is delivered.

use serde::{Deserialize, Serialize};

/// One queued email, for the admin's outbox page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// queued, sending, sent or failed.
    pub status: String,
    pub created: String,
    pub attempts: i32,
    /// What the mail server (or the address check) said the last time sending failed.
    pub last_error: Option<String>,
}

/// The outbox page: the emails, and where they are delivered (`None`: delivery is off).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub delivery: Option<String>,
    pub emails: Vec<OutboxItem>,
}
