//! The outbox's delivery worker: sends what is due, oldest first, and records each outcome on its row.
//! A temporary failure (network, server busy) is retried with exponential backoff; a permanent one (bad
//! address, unknown mailbox) or the last attempt marks the email failed with the server's words, so an
//! admin sees it on the outbox page rather than losing it.
//!
//! Each email is claimed (`queued` → `sending`, only if still queued) before it is sent, so two workers on
//! two instances never send the same email twice. A claim is a lease: an email still `sending` when its lease
//! has run out was left by a process that stopped mid-send, and any instance's next pass queues it again;
//! an email another instance is sending right now is left alone.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, StreamExt};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{Mailer, SendError};
use crate::db::entities::outbox_email::{self, Column};
use crate::error::Result;

/// After this many failed attempts an email is marked failed.
pub const MAX_ATTEMPTS: i32 = 8;
/// Emails sent per pass; the rest wait for the next one.
const BATCH: u64 = 50;
const BATCH_SIZE: usize = BATCH as usize;
/// Emails sent at once.
const CONCURRENCY: usize = 4;
/// How long a claim lasts: far longer than one send, which the mailer's timeouts bound to a minute or two.
const CLAIM_LEASE: chrono::Duration = chrono::Duration::minutes(10);
/// How often the worker looks for due emails.
const POLL: Duration = Duration::from_secs(5);

/// What one pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Pass {
    /// Adds the pass's outcomes to the process's metrics.
    fn count(&self) {
        use crate::http::metrics::EMAILS;
        metrics::counter!(EMAILS, "outcome" => "sent").increment(self.sent as u64);
        metrics::counter!(EMAILS, "outcome" => "retrying").increment(self.retrying as u64);
        metrics::counter!(EMAILS, "outcome" => "failed").increment(self.failed as u64);
    }

    /// Emails this pass took from the queue, whatever became of them.
    pub fn handled(&self) -> usize {
        self.sent + self.retrying + self.failed
    }
}

/// The wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most 128 (about two hours).
pub fn backoff(attempts: i32) -> chrono::Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 7)).unwrap_or(0);
    chrono::Duration::minutes(2_i64.pow(exponent))
}

/// Sends every email that is due at `now`.
///
/// # Errors
/// Database failures (a sending failure is recorded on the email, not returned).
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<Pass> {
    requeue_interrupted(db, now).await?;
    let due = outbox_email::Entity::find()
        .filter(Column::Status.eq("queued"))
        .filter(
            Condition::any()
                .add(Column::NextAttemptAt.is_null())
                .add(Column::NextAttemptAt.lte(now)),
        )
        .order_by_asc(Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    // A few at a time over the connection pool: one message costs a few round trips to the server, so a
    // publication's 60 introductions should not wait for each other.
    let outcomes: Vec<Result<Option<Outcome>>> = stream::iter(due)
        .map(|email| deliver_one(db, mailer, email, now))
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut pass = Pass::default();
    for outcome in outcomes {
        match outcome? {
            Some(Outcome::Sent) => pass.sent += 1,
            Some(Outcome::Retrying) => pass.retrying += 1,
            Some(Outcome::Failed) => pass.failed += 1,
            None => {}
        }
    }
    Ok(pass)
}

/// What became of one email.
enum Outcome {
    Sent,
    Retrying,
    Failed,
}

/// Claims, sends and records one email; `None` when another worker had already claimed it.
async fn deliver_one(
    db: &DatabaseConnection,
    mailer: &Mailer,
    email: outbox_email::Model,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>> {
    if !claim(db, email.id, now).await? {
        return Ok(None);
    }
    let attempts = email.attempts + 1;
    let (outcome, status, error, next) = match mailer.send(&email).await {
        Ok(()) => (Outcome::Sent, "sent", None, None),
        Err(SendError { permanent, message }) if permanent || attempts >= MAX_ATTEMPTS => {
            tracing::warn!(email = email.id, %message, "email failed");
            (Outcome::Failed, "failed", Some(message), None)
        }
        Err(SendError { message, .. }) => (
            Outcome::Retrying,
            "queued",
            Some(message),
            Some(now + backoff(attempts)),
        ),
    };
    outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value(status))
        .col_expr(Column::Attempts, Expr::value(attempts))
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            Column::SentAt,
            Expr::value((status == "sent").then_some(Utc::now())),
        )
        .filter(Column::Id.eq(email.id))
        .exec(db)
        .await?;
    Ok(Some(outcome))
}

/// Marks the email as being sent, if it is still queued, until the lease runs out; `false` when another
/// worker took it.
async fn claim(db: &DatabaseConnection, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let claimed = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value("sending"))
        .col_expr(Column::NextAttemptAt, Expr::value(now + CLAIM_LEASE))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq("queued"))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Puts back in the queue what a stopped process left half-sent: emails whose claim ran out (or, claimed by
/// a version before claims had a lease, has none). At worst one email is sent twice.
///
/// # Errors
/// Database failures.
pub async fn requeue_interrupted(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    let result = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value("queued"))
        .col_expr(Column::NextAttemptAt, Expr::value(None::<DateTime<Utc>>))
        .filter(Column::Status.eq("sending"))
        .filter(
            Condition::any()
                .add(Column::NextAttemptAt.is_null())
                .add(Column::NextAttemptAt.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Runs the worker for the life of the process.
pub fn spawn(db: DatabaseConnection, mailer: Mailer) {
    tokio::spawn(async move {
        loop {
            let pass = deliver_due(&db, &mailer, Utc::now()).await;
            if let Ok(pass) = &pass {
                pass.count();
            }
            match pass {
                // A full batch means more may be due: carry on (a publication queues one email per pair).
                Ok(pass) if pass.handled() >= BATCH_SIZE => {
                    tracing::info!(?pass, "outbox delivery");
                    continue;
                }
                Ok(pass) if pass != Pass::default() => tracing::info!(?pass, "outbox delivery"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "outbox delivery failed; retrying"),
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_about_two_hours() {
        let minutes: Vec<i64> = (1..=9).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(minutes, vec![1, 2, 4, 8, 16, 32, 64, 128, 128]);
    }
}
