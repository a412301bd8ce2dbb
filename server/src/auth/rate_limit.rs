//! Sign-in rate limiting: too many failures for one account, or from one address, within a window lock
//! further attempts until the oldest failure leaves the window. Failures live in the database (see
//! `login_attempt`), so restarting the server does not reset them.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::db::entities::login_attempt;
use crate::error::Result;

/// The limits. Per address is looser than per account: several people may share an office's address.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub window: Duration,
    pub per_account: u64,
    pub per_ip: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            window: Duration::minutes(15),
            per_account: 5,
            per_ip: 30,
        }
    }
}

/// How a client's address is recorded for limits: the IP, or `unknown`.
pub fn client_key(client: Option<std::net::IpAddr>) -> String {
    client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// How long to wait before trying again, or `None` when an attempt is allowed now.
pub async fn retry_after(
    db: &DatabaseConnection,
    limits: Limits,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Option<u64>> {
    let since = now - limits.window;
    let by_account = failures(
        db,
        login_attempt::Column::Email.eq(email),
        since,
        limits.per_account,
    )
    .await?;
    let by_ip = failures(db, login_attempt::Column::Ip.eq(ip), since, limits.per_ip).await?;
    Ok([by_account, by_ip]
        .into_iter()
        .flatten()
        .map(|oldest_counted| seconds_until(oldest_counted + limits.window, now))
        .max())
}

/// When a key has reached its limit, the time of the failure that must age out before the next attempt.
async fn failures(
    db: &DatabaseConnection,
    key: sea_orm::sea_query::SimpleExpr,
    since: DateTime<Utc>,
    limit: u64,
) -> Result<Option<DateTime<Utc>>> {
    let recent: Vec<DateTime<Utc>> = login_attempt::Entity::find()
        .select_only()
        .column(login_attempt::Column::AttemptedAt)
        .filter(key)
        .filter(login_attempt::Column::AttemptedAt.gt(since))
        .order_by_desc(login_attempt::Column::AttemptedAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(if recent.len() as u64 >= limit {
        recent.last().copied()
    } else {
        None
    })
}

fn seconds_until(at: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((at - now).num_seconds()).unwrap_or(0).max(1)
}

/// Records a failure and forgets failures that left the window.
pub async fn record_failure(
    db: &DatabaseConnection,
    limits: Limits,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        ip: Set(ip.to_owned()),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now - limits.window))
        .exec(db)
        .await?;
    Ok(())
}

/// After a successful sign-in the account's failures no longer count.
pub async fn clear_account(db: &DatabaseConnection, email: &str) -> Result<()> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(email))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_time_is_at_least_one_second() {
        let now = Utc::now();
        assert_eq!(seconds_until(now, now), 1);
        assert_eq!(seconds_until(now - Duration::seconds(5), now), 1);
        assert_eq!(seconds_until(now + Duration::seconds(90), now), 90);
    }
}
