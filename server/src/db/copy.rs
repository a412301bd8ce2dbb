//! Copying every table of one database into another, empty one: how a program that outgrew its SQLite file
//! moves to PostgreSQL with its whole history (`shoulder copy`). Rows keep their ids; PostgreSQL's id
//! sequences are then moved past them, and every table's row count is checked against the source. It is one
//! transaction on the target: a copy that fails half-way leaves the target empty, ready for another try.

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, EntityTrait,
    IntoActiveModel, Iterable, PaginatorTrait, PrimaryKeyToColumn, PrimaryKeyTrait, QueryOrder,
    TransactionTrait,
};

use super::entities::{
    account_token, app_user, application, audit_log, check_in_private_note, competency_set, cycle,
    cycle_publication, job_lease, link_request, login_attempt, matching_draft, matching_progress,
    matching_run, outbox_email, pair_check_in, pair_checklist, pair_goal, pair_goal_event,
    pair_outcome, pair_reminder, peer_pair, peer_pair_member, program, program_interest,
    program_introduction, program_option, session, speed_follow_up, speed_pairing,
    speed_participant, speed_session, sso_login, survey, survey_invitation, survey_response,
    user_identity,
};

/// Rows read and written at a time: well under PostgreSQL's 65,535 parameters per statement for any table.
const CHUNK: u64 = 500;

/// One table's rows in the source and, after the copy, in the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: String,
    pub source: u64,
    pub copied: u64,
}

/// Every table, parents before the tables that refer to them, so each row's foreign keys already exist.
macro_rules! for_each_table {
    ($action:ident, $($args:expr),*) => {
        vec![
            $action::<app_user::Entity>($($args),*).await?,
            $action::<session::Entity>($($args),*).await?,
            $action::<account_token::Entity>($($args),*).await?,
            $action::<user_identity::Entity>($($args),*).await?,
            $action::<sso_login::Entity>($($args),*).await?,
            $action::<link_request::Entity>($($args),*).await?,
            $action::<login_attempt::Entity>($($args),*).await?,
            $action::<audit_log::Entity>($($args),*).await?,
            $action::<program::Entity>($($args),*).await?,
            $action::<competency_set::Entity>($($args),*).await?,
            $action::<program_option::Entity>($($args),*).await?,
            $action::<program_interest::Entity>($($args),*).await?,
            $action::<program_introduction::Entity>($($args),*).await?,
            $action::<cycle::Entity>($($args),*).await?,
            $action::<application::Entity>($($args),*).await?,
            $action::<matching_run::Entity>($($args),*).await?,
            $action::<matching_draft::Entity>($($args),*).await?,
            $action::<matching_progress::Entity>($($args),*).await?,
            $action::<cycle_publication::Entity>($($args),*).await?,
            $action::<peer_pair::Entity>($($args),*).await?,
            $action::<peer_pair_member::Entity>($($args),*).await?,
            $action::<pair_goal::Entity>($($args),*).await?,
            $action::<pair_goal_event::Entity>($($args),*).await?,
            $action::<pair_check_in::Entity>($($args),*).await?,
            $action::<check_in_private_note::Entity>($($args),*).await?,
            $action::<pair_checklist::Entity>($($args),*).await?,
            $action::<pair_reminder::Entity>($($args),*).await?,
            $action::<pair_outcome::Entity>($($args),*).await?,
            $action::<speed_session::Entity>($($args),*).await?,
            $action::<speed_participant::Entity>($($args),*).await?,
            $action::<speed_pairing::Entity>($($args),*).await?,
            $action::<speed_follow_up::Entity>($($args),*).await?,
            $action::<survey::Entity>($($args),*).await?,
            $action::<survey_invitation::Entity>($($args),*).await?,
            $action::<survey_response::Entity>($($args),*).await?,
            $action::<outbox_email::Entity>($($args),*).await?,
            $action::<job_lease::Entity>($($args),*).await?,
        ]
    };
}

/// Why a copy did not happen or did not match.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the target database already has rows in `{0}`: copy into an empty database")]
    TargetNotEmpty(String),
    #[error("`{table}`: {in_source} rows in the source, {copied} in the target")]
    CountsDiffer {
        table: String,
        in_source: u64,
        copied: u64,
    },
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// Copies every table of `from` into `to` (migrated, and empty), then checks each table's row count. The
/// source is brought to this version's schema first, as the server would on start (a backup made by an
/// older version copies too).
///
/// # Errors
/// [`CopyError::TargetNotEmpty`] before anything is written; database failures; a count that differs.
pub async fn copy_database(
    from: &DatabaseConnection,
    to: &DatabaseConnection,
) -> Result<Vec<TableCount>, CopyError> {
    super::migrate(from).await?;
    super::migrate(to).await?;
    let txn = to.begin().await?;
    let nonempty: Vec<(String, u64)> = for_each_table!(count_rows, &txn);
    if let Some((table, _)) = nonempty.into_iter().find(|(_, rows)| *rows > 0) {
        return Err(CopyError::TargetNotEmpty(table));
    }
    let counts: Vec<TableCount> = for_each_table!(copy_table, from, &txn);
    if let Some(bad) = counts.iter().find(|c| c.source != c.copied) {
        return Err(CopyError::CountsDiffer {
            table: bad.table.clone(),
            in_source: bad.source,
            copied: bad.copied,
        });
    }
    txn.commit().await?;
    Ok(counts)
}

async fn count_rows<E: EntityTrait>(db: &DatabaseTransaction) -> Result<(String, u64), CopyError>
where
    E::Model: Sync,
{
    Ok((
        E::default().table_name().to_owned(),
        E::find().count(db).await?,
    ))
}

/// Copies one table in id order, a chunk at a time; returns its counts.
async fn copy_table<E>(
    from: &DatabaseConnection,
    to: &DatabaseTransaction,
) -> Result<TableCount, CopyError>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + Sync,
    E::ActiveModel: Send,
{
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    let mut pages = query.paginate(from, CHUNK);
    while let Some(rows) = pages.fetch_and_next().await? {
        if rows.is_empty() {
            break;
        }
        E::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(to)
            .await?;
    }
    let table = E::default().table_name().to_owned();
    if to.get_database_backend() == DatabaseBackend::Postgres
        && <E::PrimaryKey as PrimaryKeyTrait>::auto_increment()
    {
        // New rows must get ids after the copied ones.
        to.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        ))
        .await?;
    }
    Ok(TableCount {
        source: E::find().count(from).await?,
        copied: E::find().count(to).await?,
        table,
    })
}
