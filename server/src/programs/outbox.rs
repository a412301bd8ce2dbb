//! The outbox: emails are queued in the same transaction as the change that causes them; the delivery
//! worker (`crate::mail::delivery`) sends them when SMTP is configured. Admins read the queue either way.

use app::program::OutboxItem;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect, Set};

use crate::db::entities::outbox_email;
use crate::error::Result;

/// An email to queue.
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// # Errors
/// Database failures.
pub async fn queue(db: &impl ConnectionTrait, email: Email) -> Result<()> {
    outbox_email::ActiveModel {
        to_address: Set(email.to),
        subject: Set(email.subject),
        body: Set(email.body),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        next_attempt_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The newest 500 emails, newest first.
///
/// # Errors
/// Database failures.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<OutboxItem>> {
    let rows = outbox_email::Entity::find()
        .order_by_desc(outbox_email::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| OutboxItem {
            id: row.id,
            to: row.to_address,
            subject: row.subject,
            body: row.body,
            status: row.status,
            created: row.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            attempts: row.attempts,
            last_error: row.last_error,
        })
        .collect())
}

/// Queues a failed email again from its first attempt; only failed emails can be retried.
///
/// # Errors
/// [`app::error::AppError::NotFound`] for an unknown or not-failed email; database failures.
pub async fn retry(db: &impl ConnectionTrait, id: i64) -> Result<()> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let result = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Status, Expr::value("queued"))
        .col_expr(outbox_email::Column::Attempts, Expr::value(0))
        .col_expr(
            outbox_email::Column::NextAttemptAt,
            Expr::value(None::<chrono::DateTime<Utc>>),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::Status.eq("failed"))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(app::error::AppError::NotFound.into());
    }
    Ok(())
}
