//! A pair's shared workspace: goals with their history, check-ins with each member's private notes, each
//! member's first-check-in checklist, and the reminders sent to quiet pairs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, date, date_null, integer, string, text, timestamp_with_time_zone,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000006_create_workspace"
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PeerPair {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PairGoal {
    Table,
    Id,
    PairId,
    Title,
    Why,
    TargetOn,
    OwnerId,
    Progress,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PairGoalEvent {
    Table,
    Id,
    GoalId,
    ActorId,
    Change,
    At,
}

#[derive(DeriveIden)]
enum PairCheckIn {
    Table,
    Id,
    PairId,
    LoggedBy,
    MetOn,
    How,
    Notes,
    GoalsMoved,
    Usefulness,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CheckInPrivateNote {
    Table,
    Id,
    CheckInId,
    UserId,
    Note,
}

#[derive(DeriveIden)]
enum PairChecklist {
    Table,
    Id,
    PairId,
    UserId,
    Item,
    DoneAt,
}

#[derive(DeriveIden)]
enum PairReminder {
    Table,
    Id,
    PairId,
    SentAt,
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

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(col).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PairGoal::Table)
                    .col(id(PairGoal::Id))
                    .col(big_integer(PairGoal::PairId))
                    .col(string(PairGoal::Title))
                    .col(text(PairGoal::Why))
                    .col(date_null(PairGoal::TargetOn))
                    // A member of the pair, or empty for both.
                    .col(big_integer_null(PairGoal::OwnerId))
                    // 0 to 100.
                    .col(integer(PairGoal::Progress))
                    // not_started, in_progress, done or dropped.
                    .col(string(PairGoal::Status))
                    .col(big_integer(PairGoal::CreatedBy))
                    .col(timestamp_with_time_zone(PairGoal::CreatedAt))
                    .col(timestamp_with_time_zone(PairGoal::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_pair_goal_pair",
                        (PairGoal::Table, PairGoal::PairId),
                        (PeerPair::Table, PeerPair::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_pair_goal_pair",
                PairGoal::Table,
                PairGoal::PairId,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PairGoalEvent::Table)
                    .col(id(PairGoalEvent::Id))
                    .col(big_integer(PairGoalEvent::GoalId))
                    .col(big_integer(PairGoalEvent::ActorId))
                    // What changed, in words ("Progress 20% → 50%").
                    .col(text(PairGoalEvent::Change))
                    .col(timestamp_with_time_zone(PairGoalEvent::At))
                    .foreign_key(&mut cascade(
                        "fk_pair_goal_event_goal",
                        (PairGoalEvent::Table, PairGoalEvent::GoalId),
                        (PairGoal::Table, PairGoal::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_pair_goal_event_user",
                        (PairGoalEvent::Table, PairGoalEvent::ActorId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PairCheckIn::Table)
                    .col(id(PairCheckIn::Id))
                    .col(big_integer(PairCheckIn::PairId))
                    .col(big_integer(PairCheckIn::LoggedBy))
                    .col(date(PairCheckIn::MetOn))
                    .col(string(PairCheckIn::How))
                    // Shared with the peer.
                    .col(text(PairCheckIn::Notes))
                    // Goal ids as a JSON array.
                    .col(text(PairCheckIn::GoalsMoved))
                    // 1 to 5.
                    .col(integer(PairCheckIn::Usefulness))
                    .col(timestamp_with_time_zone(PairCheckIn::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_pair_check_in_pair",
                        (PairCheckIn::Table, PairCheckIn::PairId),
                        (PeerPair::Table, PeerPair::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_pair_check_in_pair",
                PairCheckIn::Table,
                PairCheckIn::PairId,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CheckInPrivateNote::Table)
                    .col(id(CheckInPrivateNote::Id))
                    .col(big_integer(CheckInPrivateNote::CheckInId))
                    .col(big_integer(CheckInPrivateNote::UserId))
                    // Never shown to the peer.
                    .col(text(CheckInPrivateNote::Note))
                    .foreign_key(&mut cascade(
                        "fk_private_note_check_in",
                        (CheckInPrivateNote::Table, CheckInPrivateNote::CheckInId),
                        (PairCheckIn::Table, PairCheckIn::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_private_note_user",
                        (CheckInPrivateNote::Table, CheckInPrivateNote::UserId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_private_note")
                    .table(CheckInPrivateNote::Table)
                    .col(CheckInPrivateNote::CheckInId)
                    .col(CheckInPrivateNote::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PairChecklist::Table)
                    .col(id(PairChecklist::Id))
                    .col(big_integer(PairChecklist::PairId))
                    .col(big_integer(PairChecklist::UserId))
                    .col(string(PairChecklist::Item))
                    .col(timestamp_with_time_zone(PairChecklist::DoneAt))
                    .foreign_key(&mut cascade(
                        "fk_pair_checklist_pair",
                        (PairChecklist::Table, PairChecklist::PairId),
                        (PeerPair::Table, PeerPair::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_pair_checklist")
                    .table(PairChecklist::Table)
                    .col(PairChecklist::PairId)
                    .col(PairChecklist::UserId)
                    .col(PairChecklist::Item)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PairReminder::Table)
                    .col(id(PairReminder::Id))
                    .col(big_integer(PairReminder::PairId))
                    .col(timestamp_with_time_zone(PairReminder::SentAt))
                    .foreign_key(&mut cascade(
                        "fk_pair_reminder_pair",
                        (PairReminder::Table, PairReminder::PairId),
                        (PeerPair::Table, PeerPair::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_pair_reminder_pair",
                PairReminder::Table,
                PairReminder::PairId,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PairReminder::Table.into_iden(),
            PairChecklist::Table.into_iden(),
            CheckInPrivateNote::Table.into_iden(),
            PairCheckIn::Table.into_iden(),
            PairGoalEvent::Table.into_iden(),
            PairGoal::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
