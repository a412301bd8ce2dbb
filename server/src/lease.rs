//! Leases: of several instances on one database, the one holding a job's lease runs it; the others skip it.
//! A lease runs out on its own, so when its holder stops, another instance takes the job over at its next
//! try. Plain rows and one conditional `UPDATE`, which SQLite and PostgreSQL both run atomically.

use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::db::entities::job_lease::{self, Column};
use crate::error::Result;

/// This process's name as a lease holder: its process id and a random part, unique across machines.
pub fn holder_name() -> String {
    format!(
        "{}-{:016x}",
        std::process::id(),
        rand::thread_rng().gen::<u64>()
    )
}

/// Takes (or keeps) the lease `name` for `holder` until `now + lasting`, if nobody else holds it at `now`;
/// `true` when `holder` has it.
///
/// # Errors
/// Database failures.
pub async fn acquire(
    db: &DatabaseConnection,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    lasting: chrono::Duration,
) -> Result<bool> {
    // The row exists from the first try on, already run out; a concurrent insert of it is a no-op.
    job_lease::Entity::insert(job_lease::ActiveModel {
        name: Set(name.to_owned()),
        holder: Set(String::new()),
        expires_at: Set(DateTime::<Utc>::UNIX_EPOCH),
    })
    .on_conflict(OnConflict::column(Column::Name).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    let taken = job_lease::Entity::update_many()
        .col_expr(Column::Holder, Expr::value(holder))
        .col_expr(Column::ExpiresAt, Expr::value(now + lasting))
        .filter(Column::Name.eq(name))
        .filter(
            Condition::any()
                .add(Column::ExpiresAt.lte(now))
                .add(Column::Holder.eq(holder)),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Gives the lease `name` up if `holder` has it, so another instance may take it at once.
///
/// # Errors
/// Database failures.
pub async fn release(db: &DatabaseConnection, name: &str, holder: &str) -> Result<()> {
    job_lease::Entity::delete_many()
        .filter(Column::Name.eq(name))
        .filter(Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}
