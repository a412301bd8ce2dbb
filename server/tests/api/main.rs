//! Integration tests: the real router on a random port against a real, freshly migrated database.
//! Every test runs twice, on SQLite and on PostgreSQL (see `helpers::Backend`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod instances;

mod accounts;
mod authorization;
mod closing;
mod competency_sets;
mod evaluation;
mod identity;
mod mail;
mod matching;
mod messages;
mod metrics;
mod moving;
mod platform;
mod programs;
mod rhythm;
mod speed;
mod surveys;
mod two_step_policy;
mod workshops;
mod workspace;
