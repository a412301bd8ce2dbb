//! The timer's schedule: facilitators' controls, phases ending on time, and telling every screen.
//!
//! The stored [`TimerState`] is the truth. A control or a phase ending reads it, changes it and writes it back
//! only if nobody wrote it in between (a compare-and-swap, so instances sharing a database never lose a
//! change), then publishes. One ticker task per running session sleeps until the current phase ends, then
//! catches the state up and seats the next round; of several instances, the one holding the session's timer
//! lease does so, and another takes over within seconds if it stops. Screens count down on their own between
//! events, so the server never ticks per second.

use bytes::Bytes;
use std::collections::HashMap;
use std::time::Duration;

use app::error::AppError;
use app::speed::session::{Control, Seat, Snapshot};
use app::speed::timer::{phases, Phase, TimerState};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::rounds::round_for;
use super::{questions, settings, timer, DbSpeed};
use crate::cluster::Change;
use crate::db::entities::speed_session;
use crate::error::Result;
use crate::lease;

/// A ticker wakes this long after a phase's end, so the stored clock has surely passed it.
const TICK_MARGIN_MS: i64 = 5;

/// How long the lease on a running session's timer lasts. Its holder renews it every [`LOOK_AGAIN`], so when
/// the holder stops, another instance's ticker takes over within `TIMER_LEASE + LOOK_AGAIN`.
const TIMER_LEASE: chrono::Duration = chrono::Duration::seconds(6);
const LOOK_AGAIN: Duration = Duration::from_secs(2);

/// How often a change is retried when other instances keep writing the timer in between.
const WRITE_TRIES: usize = 8;

/// What a ticker should do next.
enum Next {
    /// Sleep until this server time (ms), or until woken.
    At(i64),
    /// Another instance holds the timer: look again in a moment.
    Elsewhere,
    /// Nothing scheduled (not started, paused, open-ended wrap-up): wait to be woken.
    Idle,
    /// The session ended: the ticker stops.
    Done,
}

/// The lease whose holder ends the session's phases.
fn timer_lease(session_id: i64) -> String {
    format!("speed-timer:{session_id}")
}

impl DbSpeed {
    /// Reads the timer, catches it up to now, applies `change` (which says whether it changed anything) and
    /// stores the result if it moved, then seats the round that is on. Starts over when another instance wrote
    /// the timer in between. Returns the state and whether anything changed.
    pub(super) async fn update_timer(
        &self,
        session_id: i64,
        change: impl Fn(&mut TimerState, &[Phase], i64) -> Result<bool>,
    ) -> Result<(TimerState, bool)> {
        // Within this instance, take turns rather than race each other's writes.
        let _guard = self.hub.lock(session_id).await;
        for _ in 0..WRITE_TRIES {
            let session = self.session(session_id).await?;
            let settings = settings(&session);
            let phases = phases(&settings);
            let mut state = timer(&session);
            let now = super::now_ms();
            let caught_up = state.catch_up(&phases, now);
            let changed = change(&mut state, &phases, now)?;
            let moved = caught_up || changed;
            if moved && !self.store_timer(&session, &state).await? {
                continue;
            }
            let seated = match round_for(state.view(&phases, now).phase, settings.rounds) {
                Some(number) => self.seat_round(&session, number).await?,
                None => false,
            };
            return Ok((state, moved || seated));
        }
        Err(AppError::Conflict("The timer kept changing; please try again.".to_owned()).into())
    }

    /// Writes the timer unless it changed since `session` was read; `false` when it had (and nothing is written).
    async fn store_timer(
        &self,
        session: &speed_session::Model,
        state: &TimerState,
    ) -> Result<bool> {
        let written = speed_session::Entity::update_many()
            .col_expr(
                speed_session::Column::Timer,
                Expr::value(serde_json::json!(state).to_string()),
            )
            .col_expr(speed_session::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(speed_session::Column::Id.eq(session.id))
            .filter(speed_session::Column::Timer.eq(session.timer.as_str()))
            .exec(&self.db)
            .await?;
        Ok(written.rows_affected == 1)
    }

    /// One step of the ticker: if the session runs and this instance holds its timer, catch the timer up (and
    /// publish when anything changed).
    async fn tick(&self, session_id: i64) -> Result<Next> {
        let state = timer(&self.session(session_id).await?);
        if state.ended {
            return Ok(Next::Done);
        }
        if state.phase_ends_at().is_none() {
            return Ok(Next::Idle);
        }
        let lease = timer_lease(session_id);
        if !lease::acquire(
            &self.db,
            &lease,
            self.cluster.name(),
            Utc::now(),
            TIMER_LEASE,
        )
        .await?
        {
            return Ok(Next::Elsewhere);
        }
        let (state, changed) = self.update_timer(session_id, |_, _, _| Ok(false)).await?;
        if changed {
            self.publish(session_id).await?;
        }
        Ok(match (state.ended, state.phase_ends_at()) {
            (true, _) => Next::Done,
            (false, Some(at)) => Next::At(at + TICK_MARGIN_MS),
            (false, None) => Next::Idle,
        })
    }

    /// Gives up the session's timer lease if this instance holds it, so another may take it at once.
    async fn let_go(&self, session_id: i64) {
        let lease = timer_lease(session_id);
        if let Err(error) = lease::release(&self.db, &lease, self.cluster.name()).await {
            tracing::warn!(session_id, %error, "cannot give up a timer's lease");
        }
    }

    /// Starts the session's ticker here unless one runs. It lives until the session ends or the instance drains.
    pub(super) fn ensure_ticker(&self, session_id: i64) {
        if !self.hub.claim_ticker(session_id) {
            return;
        }
        let speed = self.clone();
        tokio::spawn(async move {
            let wake = speed.hub.waker(session_id);
            while !speed.cluster.draining() {
                let wait = match speed.tick(session_id).await {
                    Ok(Next::Done) => break,
                    Ok(Next::Idle) => {
                        speed.let_go(session_id).await;
                        None
                    }
                    Ok(Next::At(at)) => {
                        let until =
                            Duration::from_millis(u64::try_from(at - super::now_ms()).unwrap_or(0));
                        Some(until.min(LOOK_AGAIN))
                    }
                    Ok(Next::Elsewhere) => Some(LOOK_AGAIN),
                    Err(error) => {
                        tracing::error!(session_id, %error, "speed ticker failed; retrying");
                        Some(Duration::from_secs(1))
                    }
                };
                let sleep = async {
                    match wait {
                        Some(wait) => tokio::time::sleep(wait).await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    () = sleep => {}
                    () = wake.notified() => {}
                    () = speed.cluster.drained() => {}
                }
            }
            speed.let_go(session_id).await;
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

    /// Sends the current snapshot to every screen, here and on the other instances, and returns it.
    pub(super) async fn publish(&self, session_id: i64) -> Result<Snapshot> {
        // The change is stored: the other instances may re-read it while this one builds its snapshot.
        let (snapshot, ()) = tokio::join!(
            self.publish_here(session_id),
            self.cluster.announce(Change::Session(session_id))
        );
        snapshot
    }

    /// Sends the current snapshot to the screens connected to this instance.
    async fn publish_here(&self, session_id: i64) -> Result<Snapshot> {
        let session = self.session(session_id).await?;
        let snapshot = self.snapshot_of(&session).await?;
        let json = serde_json::json!(snapshot).to_string();
        self.hub.publish(session_id, super::events::frame(&json));
        Ok(snapshot)
    }

    /// Another instance changed the session: send it to the screens here, and let the ticker here look again
    /// (its phase may have moved).
    pub async fn changed_elsewhere(&self, session_id: i64) {
        if self.hub.screens(session_id) > 0 {
            if let Err(error) = self.publish_here(session_id).await {
                tracing::warn!(session_id, %error, "cannot pass on another instance's change");
            }
        }
        self.hub.wake(session_id);
    }

    /// Announcements from other instances may have been missed: every screen here gets the current snapshot.
    pub async fn refresh_all(&self) {
        for session_id in self.hub.watched() {
            self.changed_elsewhere(session_id).await;
        }
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
            session_id: session.id(),
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
pub(super) fn apply(
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
