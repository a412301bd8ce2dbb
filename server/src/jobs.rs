//! The hourly job: tell the interest lists about windows opening and closing soon, send surveys on their date
//! and remind once, remind quiet pairs, and ask the members of pairs that reached their end date how it ended.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::programs::interest;
use crate::surveys::send;
use crate::workspace::{closing, reminders};

/// How often the job runs.
const EVERY: Duration = Duration::from_secs(60 * 60);

/// Runs the job now and then every hour, for the life of the process.
pub fn spawn(db: DatabaseConnection, quiet_days: i64, public_url: String) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(EVERY);
        loop {
            interval.tick().await;
            let now = Utc::now();
            match interest::announce_windows(&db, now, &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(cycles = n, "told the interest lists about their windows"),
                Err(error) => tracing::error!(%error, "announcing application windows"),
            }
            match send::send_due(&db, now, &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(surveys = n, "sent surveys"),
                Err(error) => tracing::error!(%error, "sending surveys"),
            }
            match send::remind_due(&db, now, &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(surveys = n, "reminded members about surveys"),
                Err(error) => tracing::error!(%error, "reminding members about surveys"),
            }
            match reminders::queue_reminders(&db, now, quiet_days, &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "reminded quiet pairs"),
                Err(error) => tracing::error!(%error, "queueing reminders"),
            }
            match closing::ask_for_outcomes(&db, now, &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(pairs = n, "asked finished pairs how they ended"),
                Err(error) => tracing::error!(%error, "asking finished pairs how they ended"),
            }
        }
    });
}
