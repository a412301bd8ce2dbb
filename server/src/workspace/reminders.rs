//! Reminders to quiet pairs: an active pair with no check-in (and no reminder) for `quiet_days` is emailed
//! once; the reminder itself restarts the count, so a pair is never reminded twice for the same silence. The
//! count starts when the relationship does (or at publication, if later), and reminders stop at its end date.

use app::types::{CycleId, PairId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use std::collections::HashMap;

use crate::db::entities::{app_user, cycle, pair_check_in, pair_reminder, peer_pair, program};
use crate::error::Result;
use crate::mail::outbox::{self, Email};
use crate::programs::cycle_with_program;

/// Queues a reminder for every pair quiet for `quiet_days` at `now`; returns how many were queued.
///
/// # Errors
/// Database failures.
pub async fn queue_reminders(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    quiet_days: i64,
    public_url: &str,
) -> Result<usize> {
    let pairs = peer_pair::Entity::find()
        .filter(peer_pair::Column::Status.eq("active"))
        .all(db)
        .await?;
    let mut queued = 0;
    // Each cycle's relationship dates and program contact, read once per run (answers to a reminder go there).
    let mut cycles: HashMap<i64, CycleFacts> = HashMap::new();
    for pair in pairs {
        let facts = match cycles.get(&pair.cycle_id) {
            Some(facts) => facts.clone(),
            None => {
                let facts = CycleFacts::of(db, CycleId(pair.cycle_id)).await?;
                cycles.insert(pair.cycle_id, facts.clone());
                facts
            }
        };
        if facts.past_end(now) {
            continue;
        }
        let last = last_activity(db, &pair, facts.starts_at).await?;
        if now - last < chrono::Duration::days(quiet_days) {
            continue;
        }
        let txn = db.begin().await?;
        let members = super::access::members(&txn, PairId(pair.id)).await?;
        let users = app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(members))
            .all(&txn)
            .await?;
        let names: Vec<&str> = users.iter().map(|u| outbox::first_name(&u.name)).collect();
        let days = (now - last).num_days();
        let contact = facts.program.contact_email;
        let email = Email::to_group(
            users.iter().map(|u| outbox::mailbox(&u.name, &u.email)).collect(),
            "Time for a check-in with your peer",
            format!(
                "Hello {},\n\nIt has been {days} days since your pair last logged a check-in. A short \
                 conversation keeps the relationship going: pick a time this week, and log it afterwards \
                 in your workspace:\n{public_url}/pairs/{}\n\nIf the relationship is not working, you can \
                 end it there too, with a word for the program coordinator.\n",
                names.join(" and "),
                pair.id
            ),
        )
        .reply_to(contact);
        outbox::queue(&txn, email).await?;
        pair_reminder::ActiveModel {
            pair_id: Set(pair.id),
            sent_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        queued += 1;
    }
    Ok(queued)
}

/// What reminders need to know of a pair's cycle.
#[derive(Clone)]
struct CycleFacts {
    /// The relationship's first day, noon UTC (as check-ins count their day).
    starts_at: DateTime<Utc>,
    cycle: cycle::Model,
    /// The program: its contact is whom answers reach, its calendar says when the relationship is over.
    program: program::Model,
}

impl CycleFacts {
    async fn of(db: &DatabaseConnection, cycle_id: CycleId) -> Result<Self> {
        let (cycle, program) = cycle_with_program(db, cycle_id).await?;
        Ok(CycleFacts {
            starts_at: cycle.relationship_starts_on.and_time(noon()).and_utc(),
            cycle,
            program,
        })
    }

    /// Reminders stop once the relationship has reached its end date.
    fn past_end(&self, now: DateTime<Utc>) -> bool {
        super::access::has_reached_its_end(&self.cycle, &self.program, now)
    }
}

fn noon() -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
}

/// The latest of: the relationship's start, the pair's publication, its latest check-in (noon UTC of the day
/// met), its latest reminder.
async fn last_activity(
    db: &DatabaseConnection,
    pair: &peer_pair::Model,
    starts_at: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let check_in = pair_check_in::Entity::find()
        .filter(pair_check_in::Column::PairId.eq(pair.id))
        .order_by_desc(pair_check_in::Column::MetOn)
        .one(db)
        .await?
        .map(|c| c.met_on.and_time(noon()).and_utc());
    let reminder = pair_reminder::Entity::find()
        .filter(pair_reminder::Column::PairId.eq(pair.id))
        .order_by_desc(pair_reminder::Column::SentAt)
        .one(db)
        .await?
        .map(|r| r.sent_at);
    Ok([Some(starts_at), Some(pair.created_at), check_in, reminder]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(pair.created_at))
}
