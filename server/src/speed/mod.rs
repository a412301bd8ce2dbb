//! Speed peer mentoring: sessions (facilitator), participants (phones), the rounds' rotation, the timer's
//! schedule and the live fan-out to every screen.

mod announce;
pub mod events;
pub mod export;
pub mod hub;
mod participants;
pub mod rotation;
mod rounds;
mod schedule;
pub(crate) mod sessions;
mod small_room;

use std::sync::Arc;

use app::error::AppError;
use app::speed::session::{OddMode, SessionForm};
use app::speed::timer::{Settings, TimerState};
use app::types::{CurrentUser, ProgramId, Role};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::cluster::Cluster;
use crate::db::entities::speed_session;
use crate::error::Result;
use hub::Hub;

/// Speed sessions stored in the database, with the hub that pushes their changes to screens.
#[derive(Clone)]
pub struct DbSpeed {
    db: DatabaseConnection,
    hub: Arc<Hub>,
    cluster: Cluster,
    /// Where the join and screen links point, e.g. `https://mentoring.example.edu`.
    public_url: String,
}

impl DbSpeed {
    pub fn new(db: DatabaseConnection, cluster: Cluster, public_url: &str) -> Self {
        DbSpeed {
            db,
            hub: Arc::new(Hub::default()),
            cluster,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    async fn session(&self, id: i64) -> Result<speed_session::Model> {
        Ok(speed_session::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?)
    }

    /// The session a join code names (codes are short: anything longer is not looked up).
    pub async fn session_by_code(&self, code: &str) -> Result<speed_session::Model> {
        if code.is_empty() || code.len() > 12 {
            return Err(AppError::NotFound.into());
        }
        let session = speed_session::Entity::find()
            .filter(speed_session::Column::Code.eq(code))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        if code_expired(&timer(&session), now_ms()) {
            return Err(AppError::NotFound.into());
        }
        Ok(session)
    }

    /// The session, if `actor` runs it or is an admin.
    async fn run_by(&self, actor: &CurrentUser, id: i64) -> Result<speed_session::Model> {
        let session = self.session(id).await?;
        if session.created_by == actor.id.0 || actor.role.includes(Role::Admin) {
            Ok(session)
        } else {
            Err(AppError::Forbidden.into())
        }
    }
}

/// The stored settings of a session.
fn settings(session: &speed_session::Model) -> Settings {
    let minutes = |m: i32| u32::try_from(m).unwrap_or(0);
    Settings {
        prep_minutes: minutes(session.prep_minutes),
        rounds: minutes(session.rounds),
        round_minutes: minutes(session.round_minutes),
        break_minutes: minutes(session.break_minutes),
    }
}

/// The stored timer; an unreadable one (never written by us) counts as not started.
/// How long a join code keeps working after its session ended: long enough to read the follow-ups on the way
/// home, short enough that an old code on a photo of the projector opens nothing.
const CODE_LIFETIME_AFTER_END_MS: i64 = 12 * 60 * 60 * 1000;

/// Whether the session ended long enough ago that its code no longer opens it (the console, by id, still does).
fn code_expired(timer: &TimerState, now: i64) -> bool {
    // An ended timer's start is the moment it ended (`TimerState::end`).
    timer.ended && now - timer.started_at > CODE_LIFETIME_AFTER_END_MS
}

fn timer(session: &speed_session::Model) -> TimerState {
    serde_json::from_str(&session.timer).unwrap_or_else(|_| TimerState::not_started())
}

fn odd_mode(session: &speed_session::Model) -> OddMode {
    OddMode::parse(&session.odd_mode).unwrap_or_default()
}

fn questions(session: &speed_session::Model) -> Vec<String> {
    serde_json::from_str(&session.questions).unwrap_or_default()
}

/// The form that would create this session again (to reuse it as a template): same program and place, the
/// date left for the new workshop's.
fn form_of(session: &speed_session::Model) -> SessionForm {
    let s = settings(session);
    SessionForm {
        title: session.title.clone(),
        prep_minutes: s.prep_minutes,
        rounds: s.rounds,
        round_minutes: s.round_minutes,
        break_minutes: s.break_minutes,
        odd_mode: odd_mode(session),
        questions: questions(session),
        program_id: session.program_id.map(ProgramId),
        starts_at: String::new(),
        place: session.place.clone(),
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_works_until_half_a_day_after_its_session_ended() {
        let ended_at = 1_000_000_000;
        let mut ended = TimerState::not_started();
        ended.end(ended_at);
        let hour = 60 * 60 * 1000;
        assert!(!code_expired(&ended, ended_at + 11 * hour));
        assert!(code_expired(&ended, ended_at + 13 * hour));
        assert!(!code_expired(
            &TimerState::not_started(),
            ended_at + 100 * hour
        ));
    }
}
