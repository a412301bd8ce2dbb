//! The end of a relationship: on its end date each member is emailed once and asked how it ended; the answer
//! (one per member, which a second answer replaces) is read by the member and the admins, never by the peer.

use std::collections::HashMap;

use app::error::AppError;
use app::outcome::{MyOutcome, Outcome};
use app::types::PairId;
use app::workspace::PairStatus;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, Set, TransactionTrait,
};

use super::access::Pair;
use crate::audit;
use crate::db::entities::{app_user, pair_outcome, peer_pair};
use crate::error::Result;
use crate::mail::outbox::{self, Email};
use crate::programs::dates::format_date;

/// Records (or replaces) `user_id`'s answer for a finished pair.
///
/// # Errors
/// [`AppError::Conflict`] before the end date, or for a pair that ended early or was re-assigned (they said
/// why then); database failures.
pub async fn record(
    db: &DatabaseConnection,
    pair: &Pair,
    user_id: i64,
    outcome: Outcome,
    reflection: &str,
) -> Result<()> {
    match pair.status() {
        PairStatus::Finished => {}
        PairStatus::Active => {
            return Err(AppError::Conflict(format!(
                "You can say how your relationship ended from its end date, {}.",
                format_date(super::relationship_ends_on(&pair.cycle))
            ))
            .into())
        }
        _ => {
            return Err(AppError::Conflict(
                "This relationship ended before its end date: nothing more to answer.".to_owned(),
            )
            .into())
        }
    }
    let txn = db.begin().await?;
    let existing = pair_outcome::Entity::find()
        .filter(pair_outcome::Column::PairId.eq(pair.row.id))
        .filter(pair_outcome::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    let mut row = existing.map_or_else(
        || pair_outcome::ActiveModel {
            pair_id: Set(pair.row.id),
            user_id: Set(user_id),
            ..Default::default()
        },
        IntoActiveModel::into_active_model,
    );
    row.outcome = Set(outcome.key().to_owned());
    row.reflection = Set(reflection.trim().to_owned());
    row.answered_at = Set(Utc::now());
    row.save(&txn).await?;
    // Wanting a new peer next cycle is joining the program's list: the member hears when the window opens.
    if outcome == Outcome::NewPeer {
        crate::programs::interest::join(&txn, pair.program.id(), user_id).await?;
    }
    audit::record(
        &txn,
        Some(app::types::UserId(user_id)),
        "pair.outcome",
        &format!("pair:{}", pair.row.id),
        serde_json::json!({ "outcome": outcome.key() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// `user_id`'s own answer for `pair_id`, if given.
///
/// # Errors
/// Database failures.
pub async fn mine(
    db: &impl ConnectionTrait,
    pair_id: PairId,
    user_id: i64,
) -> Result<Option<MyOutcome>> {
    Ok(pair_outcome::Entity::find()
        .filter(pair_outcome::Column::PairId.eq(pair_id.0))
        .filter(pair_outcome::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .and_then(|row| {
            Some(MyOutcome {
                outcome: Outcome::from_key(&row.outcome)?,
                reflection: row.reflection,
                answered_on: format_date(row.answered_at.date_naive()),
            })
        }))
}

/// Every answer for the given pairs, by pair.
///
/// # Errors
/// Database failures.
pub async fn of_pairs(
    db: &impl ConnectionTrait,
    pair_ids: &[i64],
) -> Result<HashMap<i64, Vec<pair_outcome::Model>>> {
    let mut by_pair: HashMap<i64, Vec<pair_outcome::Model>> = HashMap::new();
    for row in pair_outcome::Entity::find()
        .filter(pair_outcome::Column::PairId.is_in(pair_ids.iter().copied()))
        .all(db)
        .await?
    {
        by_pair.entry(row.pair_id).or_default().push(row);
    }
    Ok(by_pair)
}

/// Emails each member of every pair that reached its end date at `now` the question, once per pair; returns
/// how many pairs were asked.
///
/// # Errors
/// Database failures.
pub async fn ask_for_outcomes(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<usize> {
    let unasked = peer_pair::Entity::find()
        .filter(peer_pair::Column::Status.eq(PairStatus::Active.key()))
        .filter(peer_pair::Column::OutcomeAskedAt.is_null())
        .all(db)
        .await?;
    let mut asked = 0;
    for row in unasked {
        let pair = Pair::load(db, row, now).await?;
        if pair.status() != PairStatus::Finished {
            continue;
        }
        let txn = db.begin().await?;
        let users = app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(pair.members.clone()))
            .all(&txn)
            .await?;
        for user in &users {
            let peers: Vec<&str> = users
                .iter()
                .filter(|u| u.id != user.id)
                .map(|u| u.name.as_str())
                .collect();
            outbox::queue(&txn, question(&pair, user, &peers, public_url)).await?;
        }
        let mut update = pair.row.clone().into_active_model();
        update.outcome_asked_at = Set(Some(now));
        update.update(&txn).await?;
        txn.commit().await?;
        asked += 1;
    }
    Ok(asked)
}

/// The end-of-relationship email to one member.
fn question(pair: &Pair, user: &app_user::Model, peers: &[&str], public_url: &str) -> Email {
    let program = &pair.program;
    Email::new(
        outbox::mailbox(&user.name, &user.email),
        format!("{}: how did your peer relationship end?", program.name),
        format!(
            "Hello {},\n\nYour peer relationship with {} in {} ({}) reached its end date on {}. Thank you \
             for taking part.\n\nTell us in a minute how it ended (completed, continuing informally, or you \
             would like a new peer next cycle) and, if you like, what you take from it:\n{public_url}/pairs/{}\n\n\
             Your answer goes to the program coordinator, not to your peer.\n",
            outbox::first_name(&user.name),
            peers.join(" and "),
            program.name,
            pair.cycle.name,
            format_date(super::relationship_ends_on(&pair.cycle)),
            pair.row.id
        ),
    )
    .reply_to(program.contact_email.clone())
}
