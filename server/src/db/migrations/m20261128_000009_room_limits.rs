//! Limits on workshop rooms: a participant the facilitator removed stays removed, joins are counted per client
//! address, and a participant's notes are emailed a bounded number of times.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, string_null, timestamp_with_time_zone_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000009_room_limits"
    }
}

#[derive(DeriveIden)]
enum SpeedParticipant {
    Table,
    RemovedAt,
    JoinedFrom,
    NotesEmailed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            timestamp_with_time_zone_null(SpeedParticipant::RemovedAt),
            string_null(SpeedParticipant::JoinedFrom),
            integer(SpeedParticipant::NotesEmailed).default(0).take(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SpeedParticipant::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            SpeedParticipant::NotesEmailed,
            SpeedParticipant::JoinedFrom,
            SpeedParticipant::RemovedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SpeedParticipant::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
