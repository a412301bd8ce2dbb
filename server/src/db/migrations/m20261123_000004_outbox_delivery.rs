//! When a queued email is next due: set after a temporary sending failure (backoff); empty means now.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::timestamp_with_time_zone_null;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000004_outbox_delivery"
    }
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    NextAttemptAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmail::Table)
                    .add_column(timestamp_with_time_zone_null(OutboxEmail::NextAttemptAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmail::Table)
                    .drop_column(OutboxEmail::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }
}
