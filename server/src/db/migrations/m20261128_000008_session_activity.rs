//! Sessions that end when idle and that their owner can see: when each was last used, and which browser
//! opened it (as its `User-Agent` named itself), for the account page's list of sessions.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string_null, timestamp_with_time_zone_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000008_session_activity"
    }
}

#[derive(DeriveIden)]
enum Session {
    Table,
    LastSeenAt,
    UserAgent,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement. A session from before this migration has no time of last use:
        // its creation time stands in.
        manager
            .alter_table(
                Table::alter()
                    .table(Session::Table)
                    .add_column(timestamp_with_time_zone_null(Session::LastSeenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Session::Table)
                    .add_column(string_null(Session::UserAgent))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Session::UserAgent, Session::LastSeenAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Session::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
