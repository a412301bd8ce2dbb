//! The hourly job: tell the interest lists about windows opening and closing soon, send surveys on their date
//! and remind once, remind quiet pairs, and ask the members of pairs that reached their end date how it ended.
//! Every instance tries it each hour; the one holding the job's lease runs it, so two instances on one database
//! never remind a pair twice.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::error::Result;
use crate::lease;
use crate::programs::interest;
use crate::surveys::send;
use crate::workspace::{closing, reminders};

/// How often the job runs.
const EVERY: Duration = Duration::from_secs(60 * 60);
/// The job's lease: shorter than the hour between runs, so its holder renews it each time; when the holder
/// stops, another instance takes over within two hours.
const LEASE: &str = "hourly-job";
const LEASE_LASTS: chrono::Duration = chrono::Duration::minutes(50);

/// What the job needs besides the database.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Days without a check-in before a pair is reminded.
    pub quiet_days: i64,
    /// Where the emails' links point.
    pub public_url: String,
}

/// Runs the job now and then every hour, for the life of the process, whenever this process holds the lease.
pub fn spawn(db: DatabaseConnection, settings: Settings) {
    let holder = lease::holder_name();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(EVERY);
        loop {
            interval.tick().await;
            let outcome = match run_if_holder(&db, &holder, Utc::now(), &settings).await {
                Ok(true) => "ran",
                Ok(false) => {
                    tracing::debug!("another instance runs the hourly job");
                    "skipped"
                }
                Err(error) => {
                    tracing::error!(%error, "taking the hourly job's lease");
                    "error"
                }
            };
            metrics::counter!(crate::http::metrics::JOB_RUNS, "job" => "hourly", "outcome" => outcome)
                .increment(1);
        }
    });
}

/// Runs the job at `now` if `holder` gets (or keeps) its lease; `false` when another instance holds it.
///
/// # Errors
/// Database failures while taking the lease (each step's own failure is logged, and the others still run).
pub async fn run_if_holder(
    db: &DatabaseConnection,
    holder: &str,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<bool> {
    if !lease::acquire(db, LEASE, holder, now, LEASE_LASTS).await? {
        return Ok(false);
    }
    run_once(db, now, settings).await;
    Ok(true)
}

/// Each step of the job at `now`, logged.
async fn run_once(db: &DatabaseConnection, now: DateTime<Utc>, settings: &Settings) {
    let url = settings.public_url.as_str();
    match interest::announce_windows(db, now, url).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(cycles = n, "told the interest lists about their windows"),
        Err(error) => tracing::error!(%error, "announcing application windows"),
    }
    match send::send_due(db, now, url).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(surveys = n, "sent surveys"),
        Err(error) => tracing::error!(%error, "sending surveys"),
    }
    match send::remind_due(db, now, url).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(surveys = n, "reminded members about surveys"),
        Err(error) => tracing::error!(%error, "reminding members about surveys"),
    }
    match reminders::queue_reminders(db, now, settings.quiet_days, url).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(reminders = n, "reminded quiet pairs"),
        Err(error) => tracing::error!(%error, "queueing reminders"),
    }
    match closing::ask_for_outcomes(db, now, url).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(pairs = n, "asked finished pairs how they ended"),
        Err(error) => tracing::error!(%error, "asking finished pairs how they ended"),
    }
}
