//! The timer's schedule: facilitators' controls, phases ending on time, and telling every screen.
//!
//! The stored [`TimerState`] is the truth. A control changes it under the session's lock; a per-session
//! ticker task sleeps until the current phase ends, then catches the state up, seats the next round and
//! publishes. Screens count down on their own between events, so the server never ticks per second.

use bytes::Bytes;
use std::collections::HashMap;
use std::time::Duration;

use app::error::AppError;
use app::speed::session::{Control, Seat, Snapshot};
use app::speed::timer::{phases, TimerState};
use app::types::CurrentUser;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use super::rounds::round_for;
use super::{questions, settings, timer, DbSpeed};
use crate::auth::accounts::audit;
use crate::db::entities::speed_session;
use crate::error::Result;

/// A ticker wakes this long after a phase's end, so the stored clock has surely passed it.
const TICK_MARGIN_MS: i64 = 5;

/// What a ticker should do next.
enum Next {
    /// Sleep until this server time (ms), or until woken.
    At(i64),
    /// Nothing scheduled (not started, paused, open-ended wrap-up): wait to be woken.
    Idle,
    /// The session ended: the ticker stops.
    Done,
}

impl DbSpeed {
    pub(super) async fn try_control(
        &self,
        actor: &CurrentUser,
        session_id: i64,
        control: Control,
    ) -> Result<Snapshot> {
        let session = self.run_by(actor, session_id).await?;
        {
            let _guard = self.hub.lock(session_id).await;
            // Re-read under the lock: the ticker may have moved the phase on since.
            let session = self.session(session_id).await?;
            let phases = phases(&settings(&session));
            let mut state = timer(&session);
            let now = super::now_ms();
            state.catch_up(&phases, now);
            apply(&mut state, control, &phases, now)?;
            self.store_timer(&session, &state).await?;
            if let Some(number) =
                round_for(state.view(&phases, now).phase, settings(&session).rounds)
            {
                self.seat_round(&session, number).await?;
            }
        }
        audit(
            &self.db,
            Some(actor.id),
            "speed.control",
            &format!("speed_session:{session_id}"),
            serde_json::json!({ "control": format!("{control:?}") }),
        )
        .await?;
        let snapshot = self.publish(session_id).await?;
        self.ensure_ticker(session.id);
        self.hub.wake(session.id);
        Ok(snapshot)
    }

    async fn store_timer(&self, session: &speed_session::Model, state: &TimerState) -> Result<()> {
        let mut model: speed_session::ActiveModel = session.clone().into();
        model.timer = Set(serde_json::json!(state).to_string());
        model.updated_at = Set(Utc::now());
        model.update(&self.db).await?;
        Ok(())
    }

    /// Catches the stored state up to now, seating the round that begins; publishes when anything changed.
    async fn advance(&self, session_id: i64) -> Result<Next> {
        let changed;
        let next;
        {
            let _guard = self.hub.lock(session_id).await;
            let session = self.session(session_id).await?;
            let settings = settings(&session);
            let phases = phases(&settings);
            let mut state = timer(&session);
            let now = super::now_ms();
            let moved = state.catch_up(&phases, now);
            if moved {
                self.store_timer(&session, &state).await?;
            }
            let seated = match round_for(state.view(&phases, now).phase, settings.rounds) {
                Some(number) => self.seat_round(&session, number).await?,
                None => false,
            };
            changed = moved || seated;
            next = match (state.ended, state.phase_ends_at()) {
                (true, _) => Next::Done,
                (false, Some(at)) => Next::At(at + TICK_MARGIN_MS),
                (false, None) => Next::Idle,
            };
        }
        if changed {
            self.publish(session_id).await?;
        }
        Ok(next)
    }

    /// Starts the session's ticker unless one runs. It lives until the session ends.
    pub(super) fn ensure_ticker(&self, session_id: i64) {
        if !self.hub.claim_ticker(session_id) {
            return;
        }
        let speed = self.clone();
        tokio::spawn(async move {
            let wake = speed.hub.waker(session_id);
            loop {
                match speed.advance(session_id).await {
                    Ok(Next::Done) => break,
                    Ok(Next::Idle) => wake.notified().await,
                    Ok(Next::At(at)) => {
                        let wait = u64::try_from(at - super::now_ms()).unwrap_or(0);
                        tokio::select! {
                            () = tokio::time::sleep(Duration::from_millis(wait)) => {}
                            () = wake.notified() => {}
                        }
                    }
                    Err(error) => {
                        tracing::error!(session_id, %error, "speed ticker failed; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
            speed.hub.release_ticker(session_id);
        });
    }

    /// Restarts the tickers of sessions under way (after a server restart), so phases keep ending on time.
    ///
    /// # Errors
    /// Database failures.
    pub async fn resume_tickers(&self) -> Result<()> {
        for session in speed_session::Entity::find().all(&self.db).await? {
            let state = timer(&session);
            if state.phase.is_some() && !state.ended {
                self.ensure_ticker(session.id);
            }
        }
        Ok(())
    }

    /// Sends the current snapshot to every screen and returns it.
    pub(super) async fn publish(&self, session_id: i64) -> Result<Snapshot> {
        let session = self.session(session_id).await?;
        let snapshot = self.snapshot_of(&session).await?;
        let json = serde_json::json!(snapshot).to_string();
        self.hub.publish(session_id, super::events::frame(&json));
        Ok(snapshot)
    }

    /// What every screen shows, from the stored state.
    pub(super) async fn snapshot_of(&self, session: &speed_session::Model) -> Result<Snapshot> {
        let settings = settings(session);
        let state = timer(session);
        let participants = self.participants(session.id).await?;
        let here = participants.iter().filter(|p| p.left_at.is_none()).count();
        let seats: HashMap<i64, Seat> = participants
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    Seat {
                        id: p.id,
                        name: p.name,
                        institution: p.institution,
                    },
                )
            })
            .collect();
        let phases = phases(&settings);
        let mut caught_up = state.clone();
        let now = super::now_ms();
        caught_up.catch_up(&phases, now);
        let round = match round_for(caught_up.view(&phases, now).phase, settings.rounds) {
            Some(number) => Self::round_view(number, &self.history(session.id).await?, &seats),
            None => None,
        };
        let (choosers, mutual_pairs) =
            super::participants::follow_up_counts(&self.db, session.id).await?;
        Ok(Snapshot {
            choosers,
            mutual_pairs,
            session_id: session.id,
            title: session.title.clone(),
            code: session.code.clone(),
            settings,
            questions: questions(session),
            timer: state,
            round,
            participants: u32::try_from(here).unwrap_or(u32::MAX),
        })
    }

    /// The current snapshot as an SSE frame, for a screen that just connected or fell behind.
    pub async fn snapshot_frame(&self, session_id: i64) -> Result<Bytes> {
        let session = self.session(session_id).await?;
        let snapshot = self.snapshot_of(&session).await?;
        Ok(super::events::frame(
            &serde_json::json!(snapshot).to_string(),
        ))
    }

    /// A screen connected: make sure phases of a running session end on time even after a restart.
    pub fn watch(&self, session_id: i64) {
        self.ensure_ticker(session_id);
    }
}

/// Applies a control to the (caught-up) state; controls that make no sense now are refused with a reason.
fn apply(
    state: &mut TimerState,
    control: Control,
    phases: &[app::speed::timer::Phase],
    now: i64,
) -> Result<()> {
    let refuse = |why: &str| Err(AppError::Conflict(why.to_owned()).into());
    if state.ended {
        return refuse("The session has ended.");
    }
    let started = state.phase.is_some();
    match control {
        Control::Start if started => return refuse("The session has already started."),
        Control::Start => state.start(phases, now),
        _ if !started => return refuse("Start the session first."),
        Control::Pause if state.paused_at.is_some() => {
            return refuse("The timer is already paused.")
        }
        Control::Pause => state.pause(now),
        Control::Resume if state.paused_at.is_none() => return refuse("The timer is running."),
        Control::Resume => state.resume(now),
        Control::AddMinute if state.length_ms.is_none() => {
            return refuse("The wrap-up has no time limit.")
        }
        Control::AddMinute => state.extend(60_000),
        Control::Skip => state.skip(phases, now),
        Control::End => state.end(now),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::speed::timer::{PhaseKind, Settings};

    #[test]
    fn controls_out_of_order_are_refused_with_a_reason() {
        let phases = phases(&Settings::default());
        let mut state = TimerState::not_started();
        assert!(apply(&mut state, Control::Pause, &phases, 0).is_err());
        apply(&mut state, Control::Start, &phases, 0).expect("start");
        assert!(apply(&mut state, Control::Start, &phases, 1).is_err());
        assert!(apply(&mut state, Control::Resume, &phases, 1).is_err());
        apply(&mut state, Control::Pause, &phases, 1).expect("pause");
        apply(&mut state, Control::Resume, &phases, 2).expect("resume");
        apply(&mut state, Control::Skip, &phases, 3).expect("skip");
        assert_eq!(state.view(&phases, 3).phase, Some(PhaseKind::Round(1)));
        apply(&mut state, Control::End, &phases, 4).expect("end");
        assert!(apply(&mut state, Control::Skip, &phases, 5).is_err());
    }
}
