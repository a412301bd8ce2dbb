//! One sea-orm entity per table.

pub mod app_user;
pub mod application;
pub mod audit_log;
pub mod check_in_private_note;
pub mod cycle;
pub mod cycle_publication;
pub mod login_attempt;
pub mod matching_draft;
pub mod matching_run;
pub mod outbox_email;
pub mod pair_check_in;
pub mod pair_checklist;
pub mod pair_goal;
pub mod pair_goal_event;
pub mod pair_reminder;
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
