//! The end of a relationship: each member's answer to "how did it end?" with a short reflection, and when the
//! pair was emailed the question (once).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, string, text, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000011_pair_outcomes"
    }
}

#[derive(DeriveIden)]
enum PeerPair {
    Table,
    Id,
    OutcomeAskedAt,
}

#[derive(DeriveIden)]
enum PairOutcome {
    Table,
    Id,
    PairId,
    UserId,
    Outcome,
    Reflection,
    AnsweredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PeerPair::Table)
                    .add_column(timestamp_with_time_zone_null(PeerPair::OutcomeAskedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PairOutcome::Table)
                    .col(big_integer(PairOutcome::Id).auto_increment().primary_key())
                    .col(big_integer(PairOutcome::PairId))
                    .col(big_integer(PairOutcome::UserId))
                    .col(string(PairOutcome::Outcome))
                    .col(text(PairOutcome::Reflection))
                    .col(timestamp_with_time_zone(PairOutcome::AnsweredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pair_outcome_pair")
                            .from(PairOutcome::Table, PairOutcome::PairId)
                            .to(PeerPair::Table, PeerPair::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One answer per member and pair: a second answer replaces the first.
        manager
            .create_index(
                Index::create()
                    .name("ux_pair_outcome_member")
                    .table(PairOutcome::Table)
                    .col(PairOutcome::PairId)
                    .col(PairOutcome::UserId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PairOutcome::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PeerPair::Table)
                    .drop_column(PeerPair::OutcomeAskedAt)
                    .to_owned(),
            )
            .await
    }
}
