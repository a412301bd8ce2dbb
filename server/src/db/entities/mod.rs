//! One sea-orm entity per table.

pub mod app_user;
pub mod application;
pub mod audit_log;
pub mod cycle;
pub mod login_attempt;
pub mod outbox_email;
pub mod program;
pub mod program_option;
pub mod session;
