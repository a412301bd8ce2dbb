//! Password-guessing limits for sign-in and change-password, counted per account, per client address and per
//! (account, address) pair.
//!
//! - **Counted before the answer**: an attempt is recorded as a failure *before* its password is checked, in
//!   the same transaction as the count that admits it (serialised per account and address: SQLite's one
//!   connection, PostgreSQL advisory locks). So parallel guesses cannot all pass the count before any is
//!   recorded; a right password removes its own record afterwards.
//! - **Progressive delays, no lock-out**: each key allows a few free failures, then every further attempt waits
//!   twice as long after the latest failure, up to a cap. The cap per account alone is short (a minute), so a
//!   stranger guessing at someone's account from many addresses slows them down but never locks them out; the
//!   guesser's own address and (account, address) pair reach long delays.
//! - Failures live in the database (`login_attempt`), so a restart does not reset them, and leave the count
//!   after `Limits::window`.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
    TransactionTrait,
};

use crate::db::entities::login_attempt;
use crate::error::Result;

/// Free failures, then a delay that doubles from `first` with each further failure, up to `cap`.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub free: u64,
    pub first: Duration,
    pub cap: Duration,
}

/// The limits (`Default` is what the server uses).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a failure counts.
    pub window: Duration,
    /// One client guessing at one account.
    pub per_pair: Rule,
    /// Everyone guessing at one account: a short cap, so its owner is never locked out.
    pub per_account: Rule,
    /// One client guessing across accounts (looser: an office may share an address).
    pub per_address: Rule,
    /// An admin is emailed when this many failures on their account fall within the window.
    pub alert_at: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            window: Duration::hours(1),
            per_pair: Rule {
                free: 5,
                first: Duration::seconds(2),
                cap: Duration::minutes(15),
            },
            per_account: Rule {
                free: 10,
                first: Duration::seconds(1),
                cap: Duration::minutes(1),
            },
            per_address: Rule {
                free: 30,
                first: Duration::seconds(1),
                cap: Duration::minutes(15),
            },
            alert_at: 10,
        }
    }
}

/// The recent failures of one key: how many (up to [`COUNT_AT_MOST`]) and the latest.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    failures: u64,
    latest: Option<DateTime<Utc>>,
}

/// Beyond this many failures the delay is at its cap anyway.
const COUNT_AT_MOST: u64 = 64;

impl Rule {
    /// How long the next attempt must still wait after `tally`; zero when it may go now.
    fn wait(&self, tally: Tally, now: DateTime<Utc>) -> Duration {
        let Some(latest) = tally.latest else {
            return Duration::zero();
        };
        if tally.failures < self.free {
            return Duration::zero();
        }
        let doublings = u32::try_from(tally.failures - self.free)
            .unwrap_or(u32::MAX)
            .min(20);
        let delay = (self.first * 2_i32.pow(doublings)).min(self.cap);
        (latest + delay - now).max(Duration::zero())
    }
}

/// Whether an attempt may check its password.
#[derive(Debug)]
pub enum Gate {
    /// Go ahead; the attempt is already counted as a failure.
    Go(Attempt),
    /// Too many recent failures: try again in this many seconds.
    Wait { retry_after_secs: u64 },
}

/// An admitted attempt, recorded as a failure until [`succeeded`] says otherwise.
#[derive(Debug)]
pub struct Attempt {
    email: String,
    ip: String,
    /// The account's failures in the window, this attempt included.
    pub account_failures: u64,
}

/// How a client's address is recorded for limits: the IP, or `unknown`.
pub fn client_key(client: Option<std::net::IpAddr>) -> String {
    client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// Counts the attempt of `ip` on the account `email` and records it, or says how long to wait.
///
/// # Errors
/// Database failures.
pub async fn begin(
    db: &DatabaseConnection,
    limits: Limits,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Gate> {
    let txn = db.begin().await?;
    lock_keys(&txn, email, ip).await?;
    let since = now - limits.window;
    let by_email = login_attempt::Column::Email.eq(email);
    let by_ip = login_attempt::Column::Ip.eq(ip);
    let pair = tally(
        &txn,
        Condition::all().add(by_email.clone()).add(by_ip.clone()),
        since,
    )
    .await?;
    let account = tally(&txn, Condition::all().add(by_email), since).await?;
    let address = tally(&txn, Condition::all().add(by_ip), since).await?;
    let wait = [
        limits.per_pair.wait(pair, now),
        limits.per_account.wait(account, now),
        limits.per_address.wait(address, now),
    ]
    .into_iter()
    .max()
    .unwrap_or_else(Duration::zero);
    if wait > Duration::zero() {
        txn.commit().await?;
        // Whole seconds, rounded up: `Retry-After` must not invite a retry that is still too early.
        let retry_after_secs = u64::try_from((wait + Duration::milliseconds(999)).num_seconds())
            .unwrap_or(1)
            .max(1);
        return Ok(Gate::Wait { retry_after_secs });
    }
    login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        ip: Set(ip.to_owned()),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(since))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Gate::Go(Attempt {
        email: email.to_owned(),
        ip: ip.to_owned(),
        account_failures: account.failures + 1,
    }))
}

/// The password was right: this client's failures on this account no longer count. Other clients' do, so the
/// owner signing in does not give a guesser fresh attempts.
///
/// # Errors
/// Database failures.
pub async fn succeeded(db: &DatabaseConnection, attempt: &Attempt) -> Result<()> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(attempt.email.as_str()))
        .filter(login_attempt::Column::Ip.eq(attempt.ip.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Serialises attempts on the same account or from the same address until the transaction ends. PostgreSQL:
/// transaction-scoped advisory locks, taken in a fixed order so two attempts never wait on each other in a
/// circle. SQLite needs none: its single pooled connection runs one transaction at a time.
async fn lock_keys(txn: &DatabaseTransaction, email: &str, ip: &str) -> Result<()> {
    if txn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    /// The first key of our advisory locks, so they cannot meet another feature's.
    const LOGIN_LOCKS: i32 = 7_001;
    let mut keys = [format!("account:{email}"), format!("address:{ip}")];
    keys.sort();
    for key in keys {
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            [LOGIN_LOCKS.into(), key.into()],
        ))
        .await?;
    }
    Ok(())
}

async fn tally(txn: &DatabaseTransaction, key: Condition, since: DateTime<Utc>) -> Result<Tally> {
    let recent: Vec<DateTime<Utc>> = login_attempt::Entity::find()
        .select_only()
        .column(login_attempt::Column::AttemptedAt)
        .filter(key)
        .filter(login_attempt::Column::AttemptedAt.gte(since))
        .order_by_desc(login_attempt::Column::AttemptedAt)
        .limit(COUNT_AT_MOST)
        .into_tuple()
        .all(txn)
        .await?;
    Ok(Tally {
        failures: recent.len() as u64,
        latest: recent.first().copied(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        free: 3,
        first: Duration::seconds(2),
        cap: Duration::seconds(60),
    };

    fn after(failures: u64, seconds_ago: i64, now: DateTime<Utc>) -> Duration {
        RULE.wait(
            Tally {
                failures,
                latest: Some(now - Duration::seconds(seconds_ago)),
            },
            now,
        )
    }

    #[test]
    fn free_failures_do_not_wait() {
        let now = Utc::now();
        assert_eq!(RULE.wait(Tally::default(), now), Duration::zero());
        assert_eq!(after(2, 0, now), Duration::zero());
    }

    #[test]
    fn the_delay_doubles_from_the_latest_failure_up_to_the_cap() {
        let now = Utc::now();
        assert_eq!(after(3, 0, now), Duration::seconds(2));
        assert_eq!(after(4, 0, now), Duration::seconds(4));
        assert_eq!(after(5, 1, now), Duration::seconds(7));
        assert_eq!(after(9, 0, now), Duration::seconds(60));
        assert_eq!(after(64, 0, now), Duration::seconds(60));
        assert_eq!(after(4, 10, now), Duration::zero(), "waited long enough");
    }

    #[test]
    fn the_default_never_locks_an_account_for_more_than_a_minute() {
        let limits = Limits::default();
        let now = Utc::now();
        let worst = Tally {
            failures: COUNT_AT_MOST,
            latest: Some(now),
        };
        assert!(limits.per_account.wait(worst, now) <= Duration::minutes(1));
    }
}
