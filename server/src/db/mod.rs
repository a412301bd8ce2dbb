//! Persistence: connecting (SQLite or PostgreSQL, chosen by the URL's scheme), the migrations and one entity
//! per table. The same migrations serve both databases.

pub mod backup;
pub mod copy;
pub mod entities;
pub mod migrations;

use std::time::Duration;

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;

/// Opens a connection pool. SQLite runs in WAL mode with foreign keys enforced, over a single connection:
/// sqlx resets a SQLite statement read with `fetch_one`/`fetch_optional` later, on its worker thread
/// (sqlx issue #2543), and until then that connection's read snapshot is pinned, so a second pooled connection
/// could read data older than a write that already returned (a signed-out session still working). One
/// connection runs every command in order; SQLite serialises writers anyway.
///
/// # Errors
/// The database cannot be reached or opened.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite:") { 1 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    Database::connect(options).await
}

/// Applies every pending migration.
///
/// # Errors
/// A migration failed; it ran in a transaction where the database allows it.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    migrations::Migrator::up(db, None).await
}
