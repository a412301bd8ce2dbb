//! Applications imported from a spreadsheet: the size limit and what an import found or did.

use serde::{Deserialize, Serialize};

/// The largest CSV file an admin can import (about 5,000 applications).
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;

/// A problem with one row of an imported CSV file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The line in the file (the header is line 1).
    pub line: u64,
    pub column: String,
    pub message: String,
}

/// What an import found (dry run) or did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Rows read, not counting the header.
    pub rows: usize,
    /// Every bad row and its reason; when not empty nothing was imported.
    pub problems: Vec<ImportProblem>,
    /// Accounts that will be (or were) created for people without one.
    pub new_accounts: usize,
    /// Applications that will be (or were) replaced because the person had already applied.
    pub replaced: usize,
    /// Accounts someone signed up for with these addresses without ever confirming them: taken back for
    /// the addresses' owners (their passwords and sessions end; an invitation lets the owner in).
    #[serde(default)]
    pub reclaimed: usize,
    /// Whether the applications were written (false for a dry run or when there were problems).
    pub imported: bool,
}
