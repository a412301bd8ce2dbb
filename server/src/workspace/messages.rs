//! The admin's messages to a cycle's members: who receives one (a pair, the pairs at risk, everyone who
//! applied), its preview, and its emails queued in the outbox with the program's contact as Reply-To.

use app::error::AppError;
use app::message::{personal_body, Audience, MessageForm, MessagePreview};
use app::types::{CurrentUser, CycleId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use crate::audit;
use crate::db::entities::{app_user, peer_pair, program};
use crate::error::Result;
use crate::mail::outbox::{self, Email};
use crate::programs::cycle_with_program;

/// How many names the preview lists.
const NAMES_SHOWN: usize = 10;

/// The people `audience` means in `cycle_id` at `now`, by name.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown cycle or a pair of another cycle; [`AppError::Invalid`] when
/// nobody is in the audience; database failures.
async fn recipients(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
    audience: Audience,
    now: DateTime<Utc>,
) -> Result<Vec<app_user::Model>> {
    let ids: Vec<i64> = match audience {
        Audience::Cycle => crate::programs::cycle_members(db, cycle_id)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect(),
        Audience::AtRisk => super::overview::overview(db, cycle_id, now)
            .await?
            .pairs
            .into_iter()
            .filter(|row| row.at_risk)
            .flat_map(|row| row.members.into_iter().map(|m| m.id.0))
            .collect(),
        Audience::Pair(pair_id) => {
            peer_pair::Entity::find_by_id(pair_id)
                .filter(peer_pair::Column::CycleId.eq(cycle_id.0))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            super::access::members(db, pair_id).await?
        }
    };
    let people = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .order_by_asc(app_user::Column::Name)
        .all(db)
        .await?;
    if people.is_empty() {
        let why = match audience {
            Audience::AtRisk => "No pair is at risk right now: nobody to write to.",
            _ => "Nobody to write to in this cycle yet.",
        };
        return Err(AppError::invalid("audience", why).into());
    }
    Ok(people)
}

fn email_to(person: &app_user::Model, form: &MessageForm, program: &program::Model) -> Email {
    Email::new(
        outbox::mailbox(&person.name, &person.email),
        form.subject.trim(),
        personal_body(
            outbox::first_name(&person.name),
            &form.body,
            &program.name,
            &program.contact_email,
        ),
    )
    .reply_to(program.contact_email.clone())
}

/// What sending `form` would do: the count, the first names, and the first person's email.
///
/// # Errors
/// As [`recipients`].
pub async fn preview(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
    form: &MessageForm,
    now: DateTime<Utc>,
) -> Result<MessagePreview> {
    let (_, program) = cycle_with_program(db, cycle_id).await?;
    let people = recipients(db, cycle_id, form.audience, now).await?;
    let first = email_to(&people[0], form, &program);
    Ok(MessagePreview {
        recipients: people.len(),
        names: people
            .iter()
            .take(NAMES_SHOWN)
            .map(|p| p.name.clone())
            .collect(),
        reply_to: program.contact_email.clone(),
        subject: first.subject,
        body: first.body,
    })
}

/// Queues one email per recipient and records who sent what; returns how many were queued.
///
/// # Errors
/// As [`recipients`]; database failures.
pub async fn send(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    cycle_id: CycleId,
    form: &MessageForm,
    now: DateTime<Utc>,
) -> Result<usize> {
    let (_, program) = cycle_with_program(db, cycle_id).await?;
    let people = recipients(db, cycle_id, form.audience, now).await?;
    let txn = db.begin().await?;
    for person in &people {
        outbox::queue(&txn, email_to(person, form, &program)).await?;
    }
    audit::record(
        &txn,
        Some(actor.id),
        "cycle.message_sent",
        &format!("cycle:{cycle_id}"),
        serde_json::json!({
            "audience": form.audience.key(),
            "subject": form.subject.trim(),
            "recipients": people.len(),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(people.len())
}
