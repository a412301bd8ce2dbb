//! The outbox: emails are queued in the same transaction as the change that causes them; delivery reads
//! the queue (SMTP delivery comes with introductions). Until then admins can read the queue.

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
        })
        .collect())
}
