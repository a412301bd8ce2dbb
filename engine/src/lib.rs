//! The matching engine and the application format it reads: pure (no I/O, database, clock, async or Leptos).
//! It takes applicants and settings and returns pairs; the server stores and shows what it returns, the admin's
//! matching page edits its settings, and `shoulder match` runs it on a CSV file.
//!
//! - [`applicant`]: the application CSV format (one row per applicant) and the [`applicant::Applicant`] it parses
//!   to; [`options`] the built-in option lists; [`csv_cells`] keeps spreadsheet formulas out of exports.
//! - [`score`]: the pair score and its explanation; [`match_people`] pairs a cohort (constraints, modes, leftovers,
//!   quality report); [`groups`] scores pairs and trios chosen by hand.
//! - [`blossom`]: the exact maximum-weight matching solver; [`certified`] the same answer reached through a
//!   subgraph and a proof of optimality; [`graph`] validates plain weighted graphs (`shoulder match --graph`).

pub mod applicant;
pub mod blossom;
pub mod certified;
pub mod csv_cells;
pub mod graph;
pub mod groups;
mod nesting;
pub mod options;
mod pairing;
pub mod score;

pub use pairing::*;
