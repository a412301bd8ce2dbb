//! A consistent copy of the SQLite database while the server runs (`shoulder backup`): SQLite's `VACUUM INTO`
//! writes one transaction's snapshot to a new file, compacted, without stopping writers for long.

use std::path::Path;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

/// Why no backup was made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "`shoulder backup` copies a SQLite database; for PostgreSQL use its own tools, e.g. \
         `pg_dump --format=custom --file=shoulder.dump \"$DATABASE_URL\"` (see the README)"
    )]
    NotSqlite,
    #[error("{0} already exists: choose a new file, a backup never overwrites one")]
    Exists(String),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// Writes a snapshot of `db` (SQLite) to the new file `to`.
///
/// # Errors
/// Not SQLite, `to` exists, or SQLite could not write it.
pub async fn backup_sqlite(db: &DatabaseConnection, to: &Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    db.execute(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "VACUUM INTO ?",
        [to.to_string_lossy().into_owned().into()],
    ))
    .await?;
    Ok(())
}
