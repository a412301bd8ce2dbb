//! The outbox's delivery worker: sends what is due, oldest first, and records each outcome on its row.
//! A temporary failure (network, server busy) is retried with exponential backoff; a permanent one (bad
//! address, unknown mailbox) or the last attempt marks the email failed with the server's words, so an
//! admin sees it on the outbox page rather than losing it.
//!
//! Each email is claimed (`queued` → `sending`, only if still queued) before it is sent, so two workers on
//! two instances never send the same email twice; an email left `sending` by a crash is queued again at
//! start-up.

use std::time::Duration;

use chrono::{DateTime, Utc};
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
/// How often the worker looks for due emails.
const POLL: Duration = Duration::from_secs(5);

/// What one pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
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
    let mut pass = Pass::default();
    for email in due {
        if !claim(db, email.id).await? {
            continue;
        }
        let outcome = mailer.send(&email).await;
        let attempts = email.attempts + 1;
        let (status, error, next) = match outcome {
            Ok(()) => {
                pass.sent += 1;
                ("sent", None, None)
            }
            Err(SendError { permanent, message }) if permanent || attempts >= MAX_ATTEMPTS => {
                tracing::warn!(email = email.id, to = %email.to_address, %message, "email failed");
                pass.failed += 1;
                ("failed", Some(message), None)
            }
            Err(SendError { message, .. }) => {
                pass.retrying += 1;
                ("queued", Some(message), Some(now + backoff(attempts)))
            }
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
    }
    Ok(pass)
}

/// Marks the email as being sent, if it is still queued; `false` when another worker took it.
async fn claim(db: &DatabaseConnection, id: i64) -> Result<bool> {
    let claimed = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value("sending"))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq("queued"))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Puts back in the queue what a stopped process left half-sent (at worst one email is sent twice).
///
/// # Errors
/// Database failures.
pub async fn requeue_interrupted(db: &DatabaseConnection) -> Result<u64> {
    let result = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value("queued"))
        .filter(Column::Status.eq("sending"))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Runs the worker for the life of the process.
pub fn spawn(db: DatabaseConnection, mailer: Mailer) {
    tokio::spawn(async move {
        if let Err(error) = requeue_interrupted(&db).await {
            tracing::error!(%error, "requeueing interrupted emails");
        }
        loop {
            match deliver_due(&db, &mailer, Utc::now()).await {
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
