//! One sea-orm entity per table.

pub mod app_user;
pub mod application;
pub mod audit_log;
pub mod cycle;
pub mod cycle_publication;
pub mod login_attempt;
pub mod matching_draft;
pub mod matching_run;
pub mod outbox_email;
pub mod peer_pair;
pub mod peer_pair_member;
pub mod program;
pub mod program_introduction;
pub mod program_option;
pub mod session;
pub mod speed_follow_up;
pub mod speed_pairing;
pub mod speed_participant;
pub mod speed_session;
