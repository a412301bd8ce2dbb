//! Server functions of speed peer mentoring. Facilitator functions live under
//! [`crate::api::FACILITATOR_PREFIX`] and need a facilitator (the service then checks the session is theirs);
//! participant functions live under [`crate::api::ROOM_PREFIX`], need no account, and act on the participant
//! named by the phone's cookie (or the signed-in member's account).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::speed::session::{
    ConsoleView, Control, MeView, ScreenView, SessionForm, SessionSummary, Snapshot,
    UpcomingWorkshop, WorkshopProgram,
};
use crate::types::{CycleId, SessionId};

/// The sessions the caller runs (all of them for an admin).
#[server(prefix = "/api/facilitate", endpoint = "list_sessions")]
pub async fn list_speed_sessions() -> Result<Vec<SessionSummary>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Facilitator, |actor, services| async move {
        services.workshops.list_sessions(&actor).await
    })
    .await
}

/// The programs a workshop can be announced to.
#[server(prefix = "/api/facilitate", endpoint = "workshop_programs")]
pub async fn workshop_programs() -> Result<Vec<WorkshopProgram>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Facilitator, |_, services| async move {
        services.announcements.workshop_programs().await
    })
    .await
}

/// Workshops announced to the caller's programs that are still to come (or on today).
#[server(prefix = "/api", endpoint = "upcoming_workshops")]
pub async fn upcoming_workshops() -> Result<Vec<UpcomingWorkshop>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |viewer, services| async move {
        services.announcements.upcoming_workshops(&viewer).await
    })
    .await
}

/// Creates a session; returns its id.
#[server(prefix = "/api/facilitate", endpoint = "create_session", input = Json)]
pub async fn create_speed_session(form: SessionForm) -> Result<SessionId, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Facilitator, |actor, services| async move {
        let form = crate::speed::session::validate_session(&form)?;
        services.workshops.create_session(&actor, form).await
    })
    .await
}

/// The console of one session: join code, QR code, participants, timer.
#[server(prefix = "/api/facilitate", endpoint = "console")]
pub async fn speed_console(session_id: SessionId) -> Result<ConsoleView, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Facilitator, |actor, services| async move {
        services.workshops.console(&actor, session_id).await
    })
    .await
}

/// Start, pause, resume, add a minute, skip, end.
#[server(prefix = "/api/facilitate", endpoint = "control", input = Json)]
pub async fn speed_control(session_id: SessionId, control: Control) -> Result<Snapshot, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Facilitator, |actor, services| async move {
        services
            .workshops
            .control(&actor, session_id, control)
            .await
    })
    .await
}

/// Takes someone who left out of the following rounds.
#[server(prefix = "/api/facilitate", endpoint = "remove_participant", input = Json)]
pub async fn remove_speed_participant(
    session_id: SessionId,
    participant_id: i64,
) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Facilitator, |actor, services| async move {
        services
            .participants
            .remove_participant(&actor, session_id, participant_id)
            .await
    })
    .await
}

/// Invites every pair who chose each other to apply to a program cycle (admin).
#[server(prefix = "/api/admin", endpoint = "invite_speed_pairs", input = Json)]
pub async fn invite_speed_pairs(session_id: SessionId, cycle_id: CycleId) -> Result<u32, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services
            .participants
            .invite_mutual(&admin, session_id, cycle_id)
            .await
    })
    .await
}

/// The server's clock in milliseconds since the epoch, for screens to estimate their offset.
#[server(prefix = "/api/room", endpoint = "clock")]
pub async fn speed_clock() -> Result<i64, AppError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| AppError::Internal)?;
    Ok(i64::try_from(now.as_millis()).unwrap_or(i64::MAX))
}

/// What every screen of the session shows, with the join link and its QR code.
#[server(prefix = "/api/room", endpoint = "screen")]
pub async fn speed_screen(code: String) -> Result<ScreenView, AppError> {
    use crate::api::guard::serve_public;
    use crate::speed::session::normalize_code;
    serve_public(|services| async move { services.workshops.screen(&normalize_code(&code)).await })
        .await
}

/// Joins the session from a phone; on success the phone goes to its session view.
#[server(prefix = "/api/room", endpoint = "join")]
pub async fn join_speed_session(
    code: String,
    name: String,
    email: String,
    institution: String,
) -> Result<(), AppError> {
    use crate::api::guard::{serve_room, set_participant_cookie};
    use crate::speed::session::{validate_join, JoinForm};
    serve_room(&code, |code, key, services| async move {
        let join = validate_join(&JoinForm {
            name,
            email,
            institution,
        })?;
        let token = services.participants.join(&code, &key, join).await?;
        set_participant_cookie(&code, &token, services.secure_cookies);
        super::guard::redirect(&format!("/room/{code}"));
        Ok(())
    })
    .await
}

/// The caller's own participant view.
#[server(prefix = "/api/room", endpoint = "me")]
pub async fn speed_me(code: String) -> Result<MeView, AppError> {
    use crate::api::guard::serve_room;
    serve_room(&code, |code, key, services| async move {
        services.participants.me(&code, &key).await
    })
    .await
}

/// Saves the caller's preparation notes.
#[server(prefix = "/api/room", endpoint = "save_notes", input = Json)]
pub async fn save_speed_notes(code: String, notes: String) -> Result<(), AppError> {
    use crate::api::guard::serve_room;
    use crate::speed::session::NOTES_MAX;
    serve_room(&code, |code, key, services| async move {
        if notes.chars().count() > NOTES_MAX {
            return Err(AppError::invalid(
                "notes",
                format!("Notes are limited to {NOTES_MAX} characters."),
            )
            .into());
        }
        services.participants.save_notes(&code, &key, notes).await
    })
    .await
}

/// Saves the caller's answers to the wrap-up questions.
#[server(prefix = "/api/room", endpoint = "save_wrap_up", input = Json)]
pub async fn save_speed_wrap_up(code: String, answers: Vec<String>) -> Result<(), AppError> {
    use crate::api::guard::serve_room;
    serve_room(&code, |code, key, services| async move {
        services
            .participants
            .save_wrap_up(&code, &key, answers)
            .await
    })
    .await
}

/// Emails the caller their notes.
#[server(prefix = "/api/room", endpoint = "email_notes", input = Json)]
pub async fn email_speed_notes(code: String, email: String) -> Result<(), AppError> {
    use crate::api::guard::serve_room;
    serve_room(&code, |code, key, services| async move {
        let email = crate::validation::normalize_email(&email)
            .map_err(|message| AppError::invalid("email", message))?;
        services.participants.email_notes(&code, &key, email).await
    })
    .await
}

/// Whom the caller would like to continue with as peer mentors.
#[server(prefix = "/api/room", endpoint = "choose_follow_ups", input = Json)]
pub async fn choose_speed_follow_ups(code: String, chosen: Vec<i64>) -> Result<MeView, AppError> {
    use crate::api::guard::serve_room;
    serve_room(&code, |code, key, services| async move {
        services
            .participants
            .choose_follow_ups(&code, &key, chosen)
            .await
    })
    .await
}

/// Leaves the session: the caller is not placed in later rounds.
#[server(prefix = "/api/room", endpoint = "leave", input = Json)]
pub async fn leave_speed_session(code: String) -> Result<(), AppError> {
    use crate::api::guard::serve_room;
    serve_room(&code, |code, key, services| async move {
        services.participants.leave(&code, &key).await
    })
    .await
}
