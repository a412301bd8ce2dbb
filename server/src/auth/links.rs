//! Links sent by email: confirm an address, reset a password, accept an invitation, sign in without a
//! password. Each link carries 256 random bits; only their SHA-256 is stored, with the purpose, an expiry
//! and when it was used. A link works once: using it also retires every other unused link of the same
//! purpose for that account (an older reset email stops working after a reset).
//!
//! A link's page shows a button rather than acting on the GET: mail scanners open links to check them, and
//! a scanner must not confirm an address (or use up a sign-in) on the owner's behalf.

use app::error::AppError;
use app::types::LinkPurpose;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};

use super::token;
use crate::db::entities::{account_token, app_user, link_request};
use crate::error::Result;

/// A new link's secret for `user_id`, stored as its hash.
///
/// # Errors
/// Database failures.
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<String> {
    let secret = token::generate();
    account_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.key().to_owned()),
        token_hash: Set(token::digest(&secret)),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(purpose.lifetime_minutes())),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// The full address of a link, for an email.
pub fn url(public_url: &str, purpose: LinkPurpose, secret: &str) -> String {
    format!("{public_url}{}?token={secret}", purpose.path())
}

/// Why a link cannot be used, in words for its page (the field is `token`).
fn refused(message: &str) -> AppError {
    AppError::invalid("token", message)
}

const UNKNOWN: &str =
    "This link is not valid: it may have been copied incompletely. Ask for a new one below.";
const USED: &str =
    "This link has already been used. Each link works once: ask for a new one below.";
const EXPIRED: &str = "This link has expired. Ask for a new one below.";

/// The account a link is for, while it is usable; nothing is used up.
///
/// # Errors
/// A `token` field error (unknown, used or expired); database failures.
pub async fn check(
    db: &impl ConnectionTrait,
    purpose: LinkPurpose,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<app_user::Model> {
    if !token::looks_valid(secret) {
        return Err(refused(UNKNOWN).into());
    }
    let Some(row) = account_token::Entity::find()
        .filter(account_token::Column::TokenHash.eq(token::digest(secret)))
        .filter(account_token::Column::Purpose.eq(purpose.key()))
        .one(db)
        .await?
    else {
        return Err(refused(UNKNOWN).into());
    };
    if row.used_at.is_some() {
        return Err(refused(USED).into());
    }
    if row.expires_at <= now {
        return Err(refused(EXPIRED).into());
    }
    app_user::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .ok_or_else(|| refused(UNKNOWN).into())
}

/// Uses a link up (in the caller's transaction) and returns its account. Two requests racing with the same
/// link: exactly one gets the account.
///
/// # Errors
/// As [`check`]; database failures.
pub async fn redeem(
    db: &impl ConnectionTrait,
    purpose: LinkPurpose,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<app_user::Model> {
    let user = check(db, purpose, secret, now).await?;
    let claimed = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::TokenHash.eq(token::digest(secret)))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(refused(USED).into());
    }
    retire(db, user.id, &[purpose], now).await?;
    Ok(user)
}

/// Marks every unused link of these purposes for the account as used.
///
/// # Errors
/// Database failures.
pub async fn retire(
    db: &impl ConnectionTrait,
    user_id: i64,
    purposes: &[LinkPurpose],
    now: DateTime<Utc>,
) -> Result<()> {
    account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::UserId.eq(user_id))
        .filter(account_token::Column::Purpose.is_in(purposes.iter().map(|p| p.key())))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// When the latest invitation went to each of `users`.
///
/// # Errors
/// Database failures.
pub async fn latest_invitations(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashMap<i64, DateTime<Utc>>> {
    let rows: Vec<(i64, DateTime<Utc>)> = account_token::Entity::find()
        .select_only()
        .column(account_token::Column::UserId)
        .column(account_token::Column::CreatedAt)
        .filter(account_token::Column::Purpose.eq(LinkPurpose::Invite.key()))
        .into_tuple()
        .all(db)
        .await?;
    let mut latest = std::collections::HashMap::new();
    for (user, at) in rows {
        let entry = latest.entry(user).or_insert(at);
        if at > *entry {
            *entry = at;
        }
    }
    Ok(latest)
}

/// Limits on asking for links by email: per address (someone's inbox is not to be flooded) and per client
/// address (nobody sweeps through addresses).
#[derive(Clone, Copy, Debug)]
pub struct RequestLimits {
    pub window: Duration,
    pub per_address: u64,
    pub per_client: u64,
}

impl Default for RequestLimits {
    fn default() -> Self {
        RequestLimits {
            window: Duration::hours(1),
            per_address: 5,
            per_client: 20,
        }
    }
}

/// Records a request for a link and says how long to wait when it is one too many. Counted whether or not
/// the address has an account, so the answer says nothing about who has one.
///
/// # Errors
/// Database failures.
pub async fn throttle(
    db: &impl ConnectionTrait,
    limits: RequestLimits,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Option<u64>> {
    let since = now - limits.window;
    link_request::Entity::delete_many()
        .filter(link_request::Column::RequestedAt.lte(since))
        .exec(db)
        .await?;
    let mut wait = None;
    for (column, value, limit) in [
        (link_request::Column::Email, email, limits.per_address),
        (link_request::Column::Ip, ip, limits.per_client),
    ] {
        let recent: Vec<DateTime<Utc>> = link_request::Entity::find()
            .select_only()
            .column(link_request::Column::RequestedAt)
            .filter(column.eq(value))
            .filter(link_request::Column::RequestedAt.gt(since))
            .into_tuple()
            .all(db)
            .await?;
        if recent.len() as u64 >= limit {
            let oldest = recent.iter().min().copied().unwrap_or(now);
            let secs = u64::try_from((oldest + limits.window - now).num_seconds()).unwrap_or(0);
            wait = wait.max(Some(secs.max(1)));
        }
    }
    if wait.is_none() {
        link_request::ActiveModel {
            email: Set(email.to_owned()),
            ip: Set(ip.to_owned()),
            requested_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_the_page_of_its_purpose_with_the_secret() {
        assert_eq!(
            url("https://m.example.edu", LinkPurpose::Reset, "abc"),
            "https://m.example.edu/reset-password?token=abc"
        );
    }
}
