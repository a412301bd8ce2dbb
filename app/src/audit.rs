//! The audit log as admins read it: who did what, when, filtered and a page at a time.

use serde::{Deserialize, Serialize};

/// How many entries a page shows.
pub const PAGE_SIZE: u64 = 50;

/// The filters, as the page's query gives them (empty means any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// One action, such as `program.updated`.
    pub action: String,
    /// Part of the actor's name or email address.
    pub who: String,
    /// First and last day, `YYYY-MM-DD` (UTC).
    pub from: String,
    pub to: String,
    /// Entries older than this one (the next page).
    pub before: Option<i64>,
}

/// One entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// "2026-11-28 11:30 UTC"
    pub at: String,
    /// The actor's name and address, or "System" (the command line, a scheduled job, a deleted account).
    pub who: String,
    pub action: String,
    pub subject: String,
    /// The details as compact JSON.
    pub detail: String,
}

/// A page of entries, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Every action recorded so far, for the filter.
    pub actions: Vec<String>,
    /// The id to ask `before` for the next page, when there is one.
    pub next: Option<i64>,
}
