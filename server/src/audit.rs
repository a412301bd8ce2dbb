//! The audit log: who changed what, and when. [`record`] appends an entry (in the transaction of the change
//! when there is one); [`page`] reads them for the admins' page: newest first, filtered by action, actor and
//! days, a page at a time.

use std::collections::HashMap;

use app::audit::{AuditEntry, AuditFilter, AuditPage, PAGE_SIZE};
use app::error::AppError;
use app::types::UserId;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::db::entities::{app_user, audit_log};
use crate::error::Result;

/// Appends to the audit log.
///
/// # Errors
/// Database failures.
pub async fn record(
    db: &impl sea_orm::ConnectionTrait,
    actor: Option<UserId>,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> Result<()> {
    audit_log::ActiveModel {
        actor_id: Set(actor.map(|id| id.0)),
        action: Set(action.to_owned()),
        subject: Set(subject.to_owned()),
        detail: Set(detail.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn day(text: &str, field: &str) -> Result<Option<NaiveDate>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::invalid(field, "Enter a date, or leave it empty.").into())
}

/// The accounts whose name or address contains `who`, whatever the case.
async fn actors_like(db: &impl ConnectionTrait, who: &str) -> Result<Vec<i64>> {
    let pattern = format!("%{}%", who.to_lowercase().replace(['%', '_'], ""));
    let lower = |column: app_user::Column| Expr::expr(Func::lower(Expr::col(column)));
    Ok(app_user::Entity::find()
        .filter(
            lower(app_user::Column::Name)
                .like(pattern.clone())
                .or(lower(app_user::Column::Email).like(pattern)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// A page of entries matching `filter`.
///
/// # Errors
/// [`AppError::Invalid`] for a day that is not a date; database failures.
pub async fn page(db: &impl ConnectionTrait, filter: &AuditFilter) -> Result<AuditPage> {
    let (from, to) = (day(&filter.from, "from")?, day(&filter.to, "to")?);
    let mut query = audit_log::Entity::find();
    if !filter.action.trim().is_empty() {
        query = query.filter(audit_log::Column::Action.eq(filter.action.trim()));
    }
    if !filter.who.trim().is_empty() {
        query = query
            .filter(audit_log::Column::ActorId.is_in(actors_like(db, filter.who.trim()).await?));
    }
    if let Some(from) = from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        query = query.filter(audit_log::Column::CreatedAt.gte(from.and_utc()));
    }
    if let Some(after) = to
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        query = query.filter(audit_log::Column::CreatedAt.lt(after.and_utc()));
    }
    if let Some(before) = filter.before {
        query = query.filter(audit_log::Column::Id.lt(before));
    }
    // One more than a page tells whether there is a next one.
    let mut rows = query
        .order_by_desc(audit_log::Column::Id)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let more = rows.len() > usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX));
    let actors: HashMap<i64, app_user::Model> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let actions: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Action)
        .distinct()
        .order_by_asc(audit_log::Column::Action)
        .into_tuple()
        .all(db)
        .await?;
    Ok(AuditPage {
        next: more.then(|| rows.last().map(|r| r.id)).flatten(),
        entries: rows
            .into_iter()
            .map(|row| AuditEntry {
                id: row.id,
                at: row.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                who: row.actor_id.and_then(|id| actors.get(&id)).map_or_else(
                    || "System".to_owned(),
                    |u| format!("{} ({})", u.name, u.email),
                ),
                action: row.action,
                subject: row.subject,
                detail: compact(&row.detail),
            })
            .collect(),
        actions,
    })
}

/// The stored JSON on one line, as written when it is not JSON.
fn compact(detail: &str) -> String {
    serde_json::from_str::<serde_json::Value>(detail)
        .map_or_else(|_| detail.to_owned(), |value| value.to_string())
}
