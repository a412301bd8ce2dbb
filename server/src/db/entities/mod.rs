//! One sea-orm entity per table.

pub mod app_user;
pub mod audit_log;
pub mod login_attempt;
pub mod session;
