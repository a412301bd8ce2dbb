//! The cycle rhythm: each program's template for its windows (seeded with the seed's February and September,
//! three weeks, a week to matching, a week to the start, six months), when each cycle's opening was announced
//! and its closing reminded, and the members on each program's interest list.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, integer, string, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000012_cycle_rhythm"
    }
}

#[derive(DeriveIden)]
enum Program {
    Table,
    Id,
    RhythmMonths,
    RhythmWindowDays,
    RhythmMatchingAfterDays,
    RhythmStartAfterDays,
    RhythmLengthMonths,
}

#[derive(DeriveIden)]
enum Cycle {
    Table,
    OpeningAnnouncedAt,
    ClosingRemindedAt,
}

#[derive(DeriveIden)]
enum ProgramInterest {
    Table,
    Id,
    ProgramId,
    UserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            string(Program::RhythmMonths).default("2,9").take(),
            integer(Program::RhythmWindowDays).default(21).take(),
            integer(Program::RhythmMatchingAfterDays).default(7).take(),
            integer(Program::RhythmStartAfterDays).default(7).take(),
            integer(Program::RhythmLengthMonths).default(6).take(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Program::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [Cycle::OpeningAnnouncedAt, Cycle::ClosingRemindedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cycle::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ProgramInterest::Table)
                    .col(
                        big_integer(ProgramInterest::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(ProgramInterest::ProgramId))
                    .col(big_integer(ProgramInterest::UserId))
                    .col(timestamp_with_time_zone(ProgramInterest::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_program_interest_program")
                            .from(ProgramInterest::Table, ProgramInterest::ProgramId)
                            .to(Program::Table, Program::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_program_interest_member")
                    .table(ProgramInterest::Table)
                    .col(ProgramInterest::ProgramId)
                    .col(ProgramInterest::UserId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProgramInterest::Table).to_owned())
            .await?;
        for column in [Cycle::ClosingRemindedAt, Cycle::OpeningAnnouncedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cycle::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            Program::RhythmLengthMonths,
            Program::RhythmStartAfterDays,
            Program::RhythmMatchingAfterDays,
            Program::RhythmWindowDays,
            Program::RhythmMonths,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Program::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
