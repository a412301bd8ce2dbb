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
pub mod speed_follow_up;
pub mod speed_pairing;
pub mod speed_participant;
pub mod speed_session;
