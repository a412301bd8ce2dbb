//! How far each cycle's matching run has got, so that the matching page may ask any instance.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, small_integer, string, timestamp_with_time_zone};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000018_matching_progress"
    }
}

#[derive(DeriveIden)]
enum MatchingProgress {
    Table,
    CycleId,
    Token,
    Step,
    StartedAt,
    BeatAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MatchingProgress::Table)
                    .col(big_integer(MatchingProgress::CycleId).primary_key())
                    .col(string(MatchingProgress::Token))
                    .col(small_integer(MatchingProgress::Step))
                    .col(timestamp_with_time_zone(MatchingProgress::StartedAt))
                    .col(timestamp_with_time_zone(MatchingProgress::BeatAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MatchingProgress::Table).to_owned())
            .await
    }
}
