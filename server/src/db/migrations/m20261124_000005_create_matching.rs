//! Matching a cycle: the admin's settings for the next run, every saved run, the publication (at most one per
//! cycle, enforced by its primary key), each program's introduction email, and the published pairs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, integer, string, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000005_create_matching"
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Program {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cycle {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MatchingDraft {
    Table,
    CycleId,
    Settings,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MatchingRun {
    Table,
    Id,
    CycleId,
    Number,
    Note,
    Settings,
    Result,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CyclePublication {
    Table,
    CycleId,
    RunId,
    PublishedBy,
    PublishedAt,
}

#[derive(DeriveIden)]
enum ProgramIntroduction {
    Table,
    ProgramId,
    Subject,
    Body,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PeerPair {
    Table,
    Id,
    CycleId,
    RunId,
    Status,
    Score,
    CreatedAt,
    EndedAt,
    EndedBy,
    EndReason,
}

#[derive(DeriveIden)]
enum PeerPairMember {
    Table,
    Id,
    PairId,
    UserId,
}

fn id<T: IntoIden>(name: T) -> ColumnDef {
    big_integer(name).auto_increment().primary_key().take()
}

fn cascade(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MatchingDraft::Table)
                    .col(big_integer(MatchingDraft::CycleId).primary_key())
                    // Mode, weights, locked and forbidden pairs as JSON.
                    .col(text(MatchingDraft::Settings))
                    .col(timestamp_with_time_zone(MatchingDraft::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_matching_draft_cycle",
                        (MatchingDraft::Table, MatchingDraft::CycleId),
                        (Cycle::Table, Cycle::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MatchingRun::Table)
                    .col(id(MatchingRun::Id))
                    .col(big_integer(MatchingRun::CycleId))
                    // 1, 2, 3 … within the cycle.
                    .col(integer(MatchingRun::Number))
                    .col(text(MatchingRun::Note))
                    .col(text(MatchingRun::Settings))
                    // Groups, unmatched people and the report as JSON (applicant ids are user ids).
                    .col(text(MatchingRun::Result))
                    .col(big_integer(MatchingRun::CreatedBy))
                    .col(timestamp_with_time_zone(MatchingRun::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_matching_run_cycle",
                        (MatchingRun::Table, MatchingRun::CycleId),
                        (Cycle::Table, Cycle::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_matching_run_user",
                        (MatchingRun::Table, MatchingRun::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_matching_run_number")
                    .table(MatchingRun::Table)
                    .col(MatchingRun::CycleId)
                    .col(MatchingRun::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CyclePublication::Table)
                    // One row per cycle: a second publication fails on the key.
                    .col(big_integer(CyclePublication::CycleId).primary_key())
                    .col(big_integer(CyclePublication::RunId))
                    .col(big_integer(CyclePublication::PublishedBy))
                    .col(timestamp_with_time_zone(CyclePublication::PublishedAt))
                    .foreign_key(&mut cascade(
                        "fk_cycle_publication_cycle",
                        (CyclePublication::Table, CyclePublication::CycleId),
                        (Cycle::Table, Cycle::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_cycle_publication_run",
                        (CyclePublication::Table, CyclePublication::RunId),
                        (MatchingRun::Table, MatchingRun::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgramIntroduction::Table)
                    .col(big_integer(ProgramIntroduction::ProgramId).primary_key())
                    .col(string(ProgramIntroduction::Subject))
                    .col(text(ProgramIntroduction::Body))
                    .col(timestamp_with_time_zone(ProgramIntroduction::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_program_introduction_program",
                        (ProgramIntroduction::Table, ProgramIntroduction::ProgramId),
                        (Program::Table, Program::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PeerPair::Table)
                    .col(id(PeerPair::Id))
                    .col(big_integer(PeerPair::CycleId))
                    .col(big_integer_null(PeerPair::RunId))
                    // active, ended (by its members) or reassigned (by an admin).
                    .col(string(PeerPair::Status))
                    .col(big_integer(PeerPair::Score))
                    .col(timestamp_with_time_zone(PeerPair::CreatedAt))
                    .col(timestamp_with_time_zone_null(PeerPair::EndedAt))
                    .col(big_integer_null(PeerPair::EndedBy))
                    .col(text_null(PeerPair::EndReason))
                    .foreign_key(&mut cascade(
                        "fk_peer_pair_cycle",
                        (PeerPair::Table, PeerPair::CycleId),
                        (Cycle::Table, Cycle::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PeerPairMember::Table)
                    .col(id(PeerPairMember::Id))
                    .col(big_integer(PeerPairMember::PairId))
                    .col(big_integer(PeerPairMember::UserId))
                    .foreign_key(&mut cascade(
                        "fk_peer_pair_member_pair",
                        (PeerPairMember::Table, PeerPairMember::PairId),
                        (PeerPair::Table, PeerPair::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_peer_pair_member_user",
                        (PeerPairMember::Table, PeerPairMember::UserId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_peer_pair_member_user")
                    .table(PeerPairMember::Table)
                    .col(PeerPairMember::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PeerPairMember::Table.into_iden(),
            PeerPair::Table.into_iden(),
            ProgramIntroduction::Table.into_iden(),
            CyclePublication::Table.into_iden(),
            MatchingRun::Table.into_iden(),
            MatchingDraft::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
