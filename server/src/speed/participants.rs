//! Participants' side: joining from a phone, notes, follow-up choices, leaving; and what facilitators and
//! admins do with participants (take out one who left, invite mutual choices into a program cycle).

use std::collections::{HashMap, HashSet};

use app::api::ports::{ParticipantKey, Participants};
use app::error::AppError;
use app::speed::session::{wrap_up_text, MeView, Seat, ValidJoin, WRAP_UP_ANSWER_MAX};
use app::types::{CurrentUser, CycleId, SessionId};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::rounds::pairs_met;
use super::{questions, timer, DbSpeed};
use crate::audit;
use crate::auth::token;
use crate::db::entities::{cycle, program, speed_follow_up, speed_participant, speed_session};
use crate::error::Result;
use crate::mail::outbox::{self, Email};

/// New participants one client address may bring to one session. A hall's Wi-Fi puts everyone behind one
/// address, so this is high: it stops a script filling a session, not a crowd.
const JOINS_PER_ADDRESS: u64 = 150;

/// How many times a participant may email themselves their notes.
const NOTES_EMAILS: i32 = 3;

/// Choices of one session as (chooser, chosen).
async fn choices(db: &impl ConnectionTrait, session_id: i64) -> Result<HashSet<(i64, i64)>> {
    Ok(speed_follow_up::Entity::find()
        .filter(speed_follow_up::Column::SessionId.eq(session_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.chooser_id, c.chosen_id))
        .collect())
}

/// Pairs who chose each other, each once as (smaller id, larger id).
fn mutual_pairs(choices: &HashSet<(i64, i64)>) -> Vec<(i64, i64)> {
    let mut pairs: Vec<(i64, i64)> = choices
        .iter()
        .filter(|(a, b)| a < b && choices.contains(&(*b, *a)))
        .copied()
        .collect();
    pairs.sort_unstable();
    pairs
}

/// How many people ticked someone, and how many pairs chose each other.
pub(super) async fn follow_up_counts(
    db: &impl ConnectionTrait,
    session_id: i64,
) -> Result<(u32, u32)> {
    let choices = choices(db, session_id).await?;
    let choosers: HashSet<i64> = choices.iter().map(|(a, _)| *a).collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok((count(choosers.len()), count(mutual_pairs(&choices).len())))
}

fn seat(p: &speed_participant::Model) -> Seat {
    Seat {
        id: p.id,
        name: p.name.clone(),
        institution: p.institution.clone(),
    }
}

impl DbSpeed {
    /// The participant the phone's cookie names, else the signed-in member's participant, in this session.
    async fn find_participant(
        &self,
        session_id: i64,
        key: &ParticipantKey,
    ) -> Result<Option<speed_participant::Model>> {
        if let Some(raw) = key.token.as_deref().filter(|t| token::looks_valid(t)) {
            let found = speed_participant::Entity::find()
                .filter(speed_participant::Column::SessionId.eq(session_id))
                .filter(speed_participant::Column::TokenHash.eq(token::digest(raw)))
                .one(&self.db)
                .await?;
            if found.is_some() {
                return Ok(found);
            }
        }
        match &key.user {
            Some(user) => Ok(speed_participant::Entity::find()
                .filter(speed_participant::Column::SessionId.eq(session_id))
                .filter(speed_participant::Column::UserId.eq(user.id.0))
                .one(&self.db)
                .await?),
            None => Ok(None),
        }
    }

    /// The session and the caller's participant in it; 401 when this phone has not joined.
    async fn me_in(
        &self,
        code: &str,
        key: &ParticipantKey,
    ) -> Result<(speed_session::Model, speed_participant::Model)> {
        let session = self.session_by_code(code).await?;
        let me = self
            .find_participant(session.id, key)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if me.removed_at.is_some() {
            return Err(removed());
        }
        Ok((session, me))
    }

    /// Refuses a new participant when its client address already brought [`JOINS_PER_ADDRESS`] to the session.
    async fn check_joins_from(&self, session_id: i64, from: Option<&str>) -> Result<()> {
        let Some(from) = from else {
            return Ok(());
        };
        let joined = speed_participant::Entity::find()
            .filter(speed_participant::Column::SessionId.eq(session_id))
            .filter(speed_participant::Column::JoinedFrom.eq(from))
            .count(&self.db)
            .await?;
        if joined >= JOINS_PER_ADDRESS {
            tracing::warn!(session = session_id, %from, "joins from one address capped");
            return Err(AppError::RateLimited {
                retry_after_secs: 60,
            }
            .into());
        }
        Ok(())
    }

    async fn people_by_id(
        &self,
        session_id: i64,
    ) -> Result<HashMap<i64, speed_participant::Model>> {
        Ok(self
            .participants(session_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect())
    }

    async fn me_view(
        &self,
        session: &speed_session::Model,
        me: speed_participant::Model,
    ) -> Result<MeView> {
        let people = self.people_by_id(session.id).await?;
        let history = self.history(session.id).await?;
        let met_pairs = pairs_met(&history);
        // In the order they met: walk the history, which is sorted by round.
        let mut met: Vec<Seat> = Vec::new();
        for row in &history {
            let pair = (row.participant_id.min(me.id), row.participant_id.max(me.id));
            if row.participant_id != me.id
                && met_pairs.contains(&pair)
                && !met.iter().any(|s| s.id == row.participant_id)
            {
                if let Some(person) = people.get(&row.participant_id) {
                    met.push(seat(person));
                }
            }
        }
        let choices = choices(&self.db, session.id).await?;
        let chosen: Vec<i64> = met
            .iter()
            .map(|s| s.id)
            .filter(|id| choices.contains(&(me.id, *id)))
            .collect();
        let mutual = met
            .iter()
            .filter(|s| choices.contains(&(me.id, s.id)) && choices.contains(&(s.id, me.id)))
            .cloned()
            .collect();
        Ok(MeView {
            participant_id: me.id,
            name: me.name,
            email: me.email,
            left: me.left_at.is_some(),
            notes: me.notes,
            wrap_up: serde_json::from_str(&me.wrap_up).unwrap_or_default(),
            met,
            chosen,
            mutual,
        })
    }

    /// Where `me`'s notes may go: the address they gave (at join, or the first time they emailed their notes)
    /// or their account's confirmed one; at most [`NOTES_EMAILS`] times, while the session runs. So a join
    /// code cannot make the server write to strangers.
    fn notes_address(
        &self,
        session: &speed_session::Model,
        me: &speed_participant::Model,
        key: &ParticipantKey,
        requested: String,
    ) -> Result<String> {
        if timer(session).ended {
            return Err(AppError::Conflict(
                "This session has ended; notes can no longer be emailed.".to_owned(),
            )
            .into());
        }
        if me.notes_emailed >= NOTES_EMAILS {
            return Err(AppError::invalid(
                "email",
                format!("Your notes were already emailed {NOTES_EMAILS} times."),
            )
            .into());
        }
        let own_account = key
            .user
            .as_ref()
            .filter(|u| u.email_verified && u.email == requested)
            .is_some();
        match &me.email {
            Some(given) if *given != requested && !own_account => Err(AppError::invalid(
                "email",
                format!("Your notes can only go to {given}, the address you gave."),
            )
            .into()),
            _ => Ok(requested),
        }
    }

    async fn mark_left(&self, participant: speed_participant::Model) -> Result<()> {
        if participant.left_at.is_none() {
            let mut model: speed_participant::ActiveModel = participant.into();
            model.left_at = Set(Some(Utc::now()));
            model.update(&self.db).await?;
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl Participants for DbSpeed {
    #[tracing::instrument(skip_all)]
    async fn join(&self, code: &str, key: &ParticipantKey, join: ValidJoin) -> Result<String> {
        let session = self.session_by_code(code).await?;
        if timer(&session).ended {
            return Err(AppError::Conflict("This session has ended.".to_owned()).into());
        }
        // A new secret every time: joining again from another phone moves the seat to that phone.
        let secret = token::generate();
        let mut model = match self.find_participant(session.id, key).await? {
            Some(existing) if existing.removed_at.is_some() => return Err(removed()),
            Some(existing) => {
                let mut model: speed_participant::ActiveModel = existing.into();
                model.left_at = Set(None);
                model
            }
            None => {
                let from = key.client.map(|ip| ip.to_string());
                self.check_joins_from(session.id, from.as_deref()).await?;
                speed_participant::ActiveModel {
                    session_id: Set(session.id),
                    user_id: Set(key.user.as_ref().map(|u| u.id.0)),
                    notes: Set(String::new()),
                    joined_at: Set(Utc::now()),
                    left_at: Set(None),
                    joined_from: Set(from),
                    notes_emailed: Set(0),
                    ..Default::default()
                }
            }
        };
        model.token_hash = Set(token::digest(&secret));
        model.name = Set(join.name);
        model.email = Set(join.email);
        model.institution = Set(join.institution);
        model.save(&self.db).await?;
        self.publish(session.id).await?;
        Ok(secret)
    }

    #[tracing::instrument(skip_all)]
    async fn me(&self, code: &str, key: &ParticipantKey) -> Result<MeView> {
        let (session, me) = self.me_in(code, key).await?;
        self.me_view(&session, me).await
    }

    #[tracing::instrument(skip_all)]
    async fn save_notes(&self, code: &str, key: &ParticipantKey, notes: String) -> Result<()> {
        let (_, me) = self.me_in(code, key).await?;
        let mut model: speed_participant::ActiveModel = me.into();
        model.notes = Set(notes);
        model.update(&self.db).await?;
        Ok(())
    }

    /// Keeps the caller's wrap-up answers: at most one per question, each at most
    /// [`WRAP_UP_ANSWER_MAX`] characters.
    #[tracing::instrument(skip_all)]
    async fn save_wrap_up(
        &self,
        code: &str,
        key: &ParticipantKey,
        answers: Vec<String>,
    ) -> Result<()> {
        let (session, me) = self.me_in(code, key).await?;
        if answers.len() > questions(&session).len() {
            return Err(
                AppError::invalid("wrap_up", "There are fewer questions than answers.").into(),
            );
        }
        if let Some(i) = answers
            .iter()
            .position(|a| a.chars().count() > WRAP_UP_ANSWER_MAX)
        {
            return Err(AppError::invalid(
                &format!("wrap_up-{i}"),
                format!("Keep each answer under {WRAP_UP_ANSWER_MAX} characters."),
            )
            .into());
        }
        let mut model: speed_participant::ActiveModel = me.into();
        model.wrap_up = Set(serde_json::to_string(&answers).unwrap_or_else(|_| "[]".to_owned()));
        model.update(&self.db).await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn email_notes(&self, code: &str, key: &ParticipantKey, email: String) -> Result<()> {
        let (session, me) = self.me_in(code, key).await?;
        let email = self.notes_address(&session, &me, key, email)?;
        let notes = if me.notes.trim().is_empty() {
            "(You did not write any notes.)".to_owned()
        } else {
            me.notes.clone()
        };
        let answers: Vec<String> = serde_json::from_str(&me.wrap_up).unwrap_or_default();
        let wrap_up = wrap_up_text(&questions(&session), &answers);
        let body = format!(
            "Hello {name},\n\nHere are the notes you wrote during \"{title}\".\n\n{notes}\n\n{wrap_up}\n\n— Shoulder\n",
            name = me.name,
            title = session.title,
        );
        let txn = self.db.begin().await?;
        outbox::queue(
            &txn,
            Email::new(
                email.clone(),
                format!("Your notes from {}", session.title),
                body,
            ),
        )
        .await?;
        let emailed = me.notes_emailed;
        let mut model: speed_participant::ActiveModel = me.into();
        model.email = Set(Some(email));
        model.notes_emailed = Set(emailed + 1);
        model.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn choose_follow_ups(
        &self,
        code: &str,
        key: &ParticipantKey,
        chosen: Vec<i64>,
    ) -> Result<MeView> {
        let (session, me) = self.me_in(code, key).await?;
        let met = pairs_met(&self.history(session.id).await?);
        let chosen: HashSet<i64> = chosen.into_iter().collect();
        if chosen
            .iter()
            .any(|id| !met.contains(&((*id).min(me.id), (*id).max(me.id))))
        {
            return Err(AppError::invalid(
                "chosen",
                "You can only choose people you met in this session.",
            )
            .into());
        }
        let txn = self.db.begin().await?;
        speed_follow_up::Entity::delete_many()
            .filter(speed_follow_up::Column::ChooserId.eq(me.id))
            .exec(&txn)
            .await?;
        for id in chosen {
            speed_follow_up::ActiveModel {
                session_id: Set(session.id),
                chooser_id: Set(me.id),
                chosen_id: Set(id),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        // The counts on the console (and a peer's "you chose each other") follow at once.
        self.publish(session.id).await?;
        self.me_view(&session, me).await
    }

    #[tracing::instrument(skip_all)]
    async fn leave(&self, code: &str, key: &ParticipantKey) -> Result<()> {
        let (session, me) = self.me_in(code, key).await?;
        self.mark_left(me).await?;
        self.publish(session.id).await?;
        Ok(())
    }

    /// Takes a participant out for good: they cannot join this session again, from any phone of theirs.
    #[tracing::instrument(skip_all)]
    async fn remove_participant(
        &self,
        actor: &CurrentUser,
        session_id: SessionId,
        participant_id: i64,
    ) -> Result<()> {
        let session = self.run_by(actor, session_id.0).await?;
        let participant = speed_participant::Entity::find_by_id(participant_id)
            .filter(speed_participant::Column::SessionId.eq(session.id))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut model: speed_participant::ActiveModel = participant.into();
        let now = Utc::now();
        model.left_at = Set(Some(now));
        model.removed_at = Set(Some(now));
        model.update(&self.db).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "speed.participant_removed",
            &format!("speed_session:{session_id}"),
            serde_json::json!({ "participant": participant_id }),
        )
        .await?;
        self.publish(session.id).await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn invite_mutual(
        &self,
        actor: &CurrentUser,
        session_id: SessionId,
        cycle_id: CycleId,
    ) -> Result<u32> {
        let session = self.run_by(actor, session_id.0).await?;
        let (cycle, program) = cycle::Entity::find_by_id(cycle_id)
            .find_also_related(program::Entity)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let program_name = program.map(|p| p.name).unwrap_or_default();
        let now = Utc::now();
        if now < cycle.opens_at || now >= cycle.closes_at {
            return Err(AppError::Conflict(
                "That cycle is not open for applications; choose an open one.".to_owned(),
            )
            .into());
        }
        let people = self.people_by_id(session.id).await?;
        let link = format!("{}/cycles/{}", self.public_url, cycle.id);
        let txn = self.db.begin().await?;
        let mut invited = 0u32;
        for (a, b) in mutual_pairs(&choices(&txn, session.id).await?) {
            let (Some(a), Some(b)) = (people.get(&a), people.get(&b)) else {
                continue;
            };
            for (to, peer) in [(a, b), (b, a)] {
                let Some(address) = to.email.clone() else {
                    continue;
                };
                let body = format!(
                    "Hello {name},\n\nAt \"{title}\" you and {peer} both said you would like to continue as \
                     peer mentors. {program}: {cycle} is open for applications now:\n{link}\n\n\
                     Apply, and mention {peer} in your answers so the coordinator can pair you.\n\n— Shoulder\n",
                    name = to.name,
                    title = session.title,
                    peer = peer.name,
                    program = program_name,
                    cycle = cycle.name,
                );
                outbox::queue(
                    &txn,
                    Email::new(
                        address,
                        format!("Continue with {} as peer mentors", peer.name),
                        body,
                    ),
                )
                .await?;
                invited += 1;
            }
        }
        audit::record(
            &txn,
            Some(actor.id),
            "speed.invited",
            &format!("speed_session:{session_id}"),
            serde_json::json!({ "cycle": cycle_id, "emails": invited }),
        )
        .await?;
        txn.commit().await?;
        Ok(invited)
    }
}

/// What a participant the facilitator removed is told, whatever they try in the room.
fn removed() -> crate::error::Failure {
    AppError::Conflict("The facilitator took you out of this session.".to_owned()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutual_pairs_need_both_directions() {
        let choices: HashSet<(i64, i64)> = [(1, 2), (2, 1), (1, 3), (4, 5), (5, 4)]
            .into_iter()
            .collect();
        assert_eq!(mutual_pairs(&choices), vec![(1, 2), (4, 5)]);
    }
}
