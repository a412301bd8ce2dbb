//! A workshop may be announced to a program's members: its start and place show on their start page.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer_null, text, timestamp_with_time_zone_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000016_announced_workshops"
    }
}

#[derive(DeriveIden)]
enum SpeedSession {
    Table,
    ProgramId,
    StartsAt,
    Place,
}

const INDEX: &str = "ix_speed_session_program_starts";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        let columns = [
            big_integer_null(SpeedSession::ProgramId),
            timestamp_with_time_zone_null(SpeedSession::StartsAt),
            text(SpeedSession::Place).default("").to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(SpeedSession::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(SpeedSession::Table)
                    .col(SpeedSession::ProgramId)
                    .col(SpeedSession::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(SpeedSession::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            SpeedSession::ProgramId,
            SpeedSession::StartsAt,
            SpeedSession::Place,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SpeedSession::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
