//! Facilitators' side: creating sessions (from scratch or from an earlier one), listing them, the console and
//! its timer controls, and the screen everyone in the room watches.

use app::api::ports::Workshops;
use app::error::AppError;
use app::speed::session::{
    phase_label, ConsoleView, Control, ParticipantRow, ScreenView, SessionForm, SessionSummary,
    Snapshot,
};
use app::speed::timer::{Settings, TimerState};
use app::types::{CurrentUser, CycleId, Role, SessionId};
use chrono::Utc;
use qrcode::render::svg;
use qrcode::QrCode;
use rand::Rng;
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::announce::announced_line;
use super::{form_of, settings, timer, DbSpeed};
use crate::audit;
use crate::db::entities::{cycle, program, speed_participant, speed_session};
use crate::error::Result;

/// Letters and digits that cannot be mistaken for one another when read off a projector (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH: usize = 6;

fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LENGTH)
        .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// The join link as an SVG QR code (without the XML prolog, to sit inside the page).
pub(crate) fn qr_svg(url: &str) -> Result<String> {
    let code = QrCode::new(url.as_bytes()).map_err(|error| {
        tracing::error!(%error, "QR code");
        AppError::Internal
    })?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(image
        .split_once("?>")
        .map_or(image.clone(), |(_, svg)| svg.trim().to_owned()))
}

/// Where a session stands at `now`, in words (the stored state caught up, with the session's own phases).
fn status(state: &TimerState, settings: &Settings, now: i64) -> String {
    let phases = app::speed::timer::phases(settings);
    let mut state = state.clone();
    state.catch_up(&phases, now);
    let view = state.view(&phases, now);
    if view.ended {
        "Ended".to_owned()
    } else {
        phase_label(view.phase, settings.rounds)
    }
}

impl DbSpeed {
    /// Stores a new session (validated form) run by `created_by`, with a fresh join code; returns its id.
    ///
    /// # Errors
    /// Database failures.
    pub async fn insert_session(&self, created_by: i64, form: &SessionForm) -> Result<i64> {
        let announcement = self.announcement(form).await?;
        let minutes = |m: u32| i32::try_from(m).unwrap_or(i32::MAX);
        let mut code = new_code();
        // Six characters from 31 give ~900 million codes: a clash is rare, and retried.
        for _ in 0..5 {
            let taken = speed_session::Entity::find()
                .filter(speed_session::Column::Code.eq(code.as_str()))
                .count(&self.db)
                .await?;
            if taken == 0 {
                break;
            }
            code = new_code();
        }
        let now = Utc::now();
        let session = speed_session::ActiveModel {
            created_by: Set(created_by),
            title: Set(form.title.clone()),
            prep_minutes: Set(minutes(form.prep_minutes)),
            rounds: Set(minutes(form.rounds)),
            round_minutes: Set(minutes(form.round_minutes)),
            break_minutes: Set(minutes(form.break_minutes)),
            odd_mode: Set(form.odd_mode.as_str().to_owned()),
            questions: Set(serde_json::json!(form.questions).to_string()),
            code: Set(code),
            timer: Set(serde_json::json!(TimerState::not_started()).to_string()),
            seating: Set(None),
            program_id: Set(announcement.program_id.map(i64::from)),
            starts_at: Set(announcement.starts_at),
            place: Set(announcement.place),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(session.id)
    }

    fn join_url(&self, session: &speed_session::Model) -> String {
        format!("{}/join/{}", self.public_url, session.code)
    }

    /// Cycles whose application window is open now, named "Program: cycle".
    pub(super) async fn open_cycles(&self) -> Result<Vec<(CycleId, String)>> {
        let now = Utc::now();
        let cycles = cycle::Entity::find()
            .filter(cycle::Column::OpensAt.lte(now))
            .filter(cycle::Column::ClosesAt.gt(now))
            .order_by_asc(cycle::Column::ClosesAt)
            .find_also_related(program::Entity)
            .all(&self.db)
            .await?;
        Ok(cycles
            .into_iter()
            .map(|(cycle, program)| {
                let program = program.map(|p| p.name).unwrap_or_default();
                (cycle.id(), format!("{program}: {}", cycle.name))
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl Workshops for DbSpeed {
    #[tracing::instrument(skip_all)]
    async fn create_session(&self, actor: &CurrentUser, form: SessionForm) -> Result<SessionId> {
        let id = self.insert_session(actor.id.0, &form).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "speed.created",
            &format!("speed_session:{id}"),
            serde_json::json!({ "title": form.title }),
        )
        .await?;
        Ok(SessionId(id))
    }

    #[tracing::instrument(skip_all)]
    async fn list_sessions(&self, actor: &CurrentUser) -> Result<Vec<SessionSummary>> {
        let mut query = speed_session::Entity::find().order_by_desc(speed_session::Column::Id);
        if !actor.role.includes(Role::Admin) {
            query = query.filter(speed_session::Column::CreatedBy.eq(actor.id.0));
        }
        let sessions = query.all(&self.db).await?;
        // Everyone who joined, per session, in one query.
        let joined: HashMap<i64, i64> = speed_participant::Entity::find()
            .select_only()
            .column(speed_participant::Column::SessionId)
            .column_as(speed_participant::Column::Id.count(), "joined")
            .filter(speed_participant::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
            .group_by(speed_participant::Column::SessionId)
            .into_tuple::<(i64, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let programs = self.programs_of(&sessions).await?;
        let now = super::now_ms();
        Ok(sessions
            .into_iter()
            .map(|session| SessionSummary {
                announced: announced_line(&session, &programs),
                id: session.id(),
                title: session.title.clone(),
                code: session.code.clone(),
                status: status(&timer(&session), &settings(&session), now),
                participants: u32::try_from(joined.get(&session.id).copied().unwrap_or(0))
                    .unwrap_or(u32::MAX),
                created: session.created_at.format("%Y-%m-%d").to_string(),
                form: form_of(&session),
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    async fn console(&self, actor: &CurrentUser, session_id: SessionId) -> Result<ConsoleView> {
        let session = self.run_by(actor, session_id.0).await?;
        let snapshot = self.snapshot_of(&session).await?;
        let join_url = self.join_url(&session);
        let participants = self
            .participants(session.id)
            .await?
            .into_iter()
            .map(|p| ParticipantRow {
                id: p.id,
                name: p.name,
                institution: p.institution,
                has_email: p.email.is_some(),
                signed_in: p.user_id.is_some(),
                left: p.left_at.is_some(),
                joined: p.joined_at.format("%H:%M UTC").to_string(),
            })
            .collect();
        let invite_cycles = if actor.role.includes(Role::Admin) {
            self.open_cycles().await?
        } else {
            Vec::new()
        };
        Ok(ConsoleView {
            odd_mode: super::odd_mode(&session),
            qr_svg: qr_svg(&join_url)?,
            screen_url: format!("{}/room/{}/screen", self.public_url, session.code),
            join_url,
            snapshot,
            participants,
            invite_cycles,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn control(
        &self,
        actor: &CurrentUser,
        session_id: SessionId,
        control: Control,
    ) -> Result<Snapshot> {
        let session = self.run_by(actor, session_id.0).await?;
        self.update_timer(session_id.0, |state, phases, now| {
            super::schedule::apply(state, control, phases, now).map(|()| true)
        })
        .await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "speed.control",
            &format!("speed_session:{session_id}"),
            serde_json::json!({ "control": format!("{control:?}") }),
        )
        .await?;
        let snapshot = self.publish(session_id.0).await?;
        self.ensure_ticker(session.id);
        self.hub.wake(session.id);
        Ok(snapshot)
    }

    #[tracing::instrument(skip_all)]
    async fn screen(&self, code: &str) -> Result<ScreenView> {
        let session = self.session_by_code(code).await?;
        let join_url = self.join_url(&session);
        Ok(ScreenView {
            snapshot: self.snapshot_of(&session).await?,
            qr_svg: qr_svg(&join_url)?,
            join_url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_only_unambiguous_characters() {
        for _ in 0..200 {
            let code = new_code();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        }
    }

    #[test]
    fn the_qr_code_is_an_inline_svg() {
        let svg = qr_svg("https://mentoring.example.edu/join/ABC234").expect("svg");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        assert!(svg.contains("viewBox") || svg.contains("width"));
    }

    #[test]
    fn status_names_the_phase_of_the_sessions_own_schedule() {
        let no_breaks = Settings {
            break_minutes: 0,
            ..Settings::default()
        };
        let phases = app::speed::timer::phases(&no_breaks);
        let mut state = TimerState::not_started();
        assert_eq!(status(&state, &no_breaks, 0), "Not started");
        state.start(&phases, 0);
        state.skip(&phases, 1);
        state.skip(&phases, 2);
        // Without breaks the third phase is round 2, not a break.
        assert_eq!(status(&state, &no_breaks, 3), "Round 2 of 3");
        state.pause(4);
        assert_eq!(
            status(&state, &no_breaks, 10_000_000),
            "Round 2 of 3",
            "paused: no time passes"
        );
        state.end(5);
        assert_eq!(status(&state, &no_breaks, 6), "Ended");
    }
}
