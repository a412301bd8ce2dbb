//! Speed peer-mentoring sessions: the session with its settings and timer, the people who joined, who sat
//! where in each round, and whom each person would like to continue with.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, integer, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000003_create_speed"
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SpeedSession {
    Table,
    Id,
    CreatedBy,
    Title,
    PrepMinutes,
    Rounds,
    RoundMinutes,
    BreakMinutes,
    OddMode,
    Questions,
    Code,
    Timer,
    Seating,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SpeedParticipant {
    Table,
    Id,
    SessionId,
    UserId,
    TokenHash,
    Name,
    Email,
    Institution,
    Notes,
    JoinedAt,
    LeftAt,
}

#[derive(DeriveIden)]
enum SpeedPairing {
    Table,
    Id,
    SessionId,
    Round,
    TableNumber,
    Seat,
    ParticipantId,
}

#[derive(DeriveIden)]
enum FollowUpChoice {
    Table,
    Id,
    SessionId,
    ChooserId,
    ChosenId,
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

fn unique_index(
    name: &str,
    table: impl IntoIden + 'static,
    cols: Vec<DynIden>,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table).unique();
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SpeedSession::Table)
                    .col(id(SpeedSession::Id))
                    .col(big_integer(SpeedSession::CreatedBy))
                    .col(string(SpeedSession::Title))
                    .col(integer(SpeedSession::PrepMinutes))
                    .col(integer(SpeedSession::Rounds))
                    .col(integer(SpeedSession::RoundMinutes))
                    .col(integer(SpeedSession::BreakMinutes))
                    // trio or sit_out.
                    .col(string(SpeedSession::OddMode))
                    // The wrap-up questions as a JSON array.
                    .col(text(SpeedSession::Questions))
                    .col(string(SpeedSession::Code))
                    // The timer state as JSON (phase, start, length, pause, ended).
                    .col(text(SpeedSession::Timer))
                    // The circle's seating order (participant ids, JSON), fixed when round 1 is seated.
                    .col(text_null(SpeedSession::Seating))
                    .col(timestamp_with_time_zone(SpeedSession::CreatedAt))
                    .col(timestamp_with_time_zone(SpeedSession::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_speed_session_user",
                        (SpeedSession::Table, SpeedSession::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "idx_speed_session_code",
                SpeedSession::Table,
                vec![SpeedSession::Code.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpeedParticipant::Table)
                    .col(id(SpeedParticipant::Id))
                    .col(big_integer(SpeedParticipant::SessionId))
                    .col(big_integer_null(SpeedParticipant::UserId))
                    // SHA-256 of the phone's cookie token.
                    .col(string(SpeedParticipant::TokenHash))
                    .col(string(SpeedParticipant::Name))
                    .col(string_null(SpeedParticipant::Email))
                    .col(string_null(SpeedParticipant::Institution))
                    .col(text(SpeedParticipant::Notes))
                    .col(timestamp_with_time_zone(SpeedParticipant::JoinedAt))
                    .col(timestamp_with_time_zone_null(SpeedParticipant::LeftAt))
                    .foreign_key(&mut cascade(
                        "fk_speed_participant_session",
                        (SpeedParticipant::Table, SpeedParticipant::SessionId),
                        (SpeedSession::Table, SpeedSession::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "idx_speed_participant_token",
                SpeedParticipant::Table,
                vec![SpeedParticipant::TokenHash.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpeedPairing::Table)
                    .col(id(SpeedPairing::Id))
                    .col(big_integer(SpeedPairing::SessionId))
                    .col(integer(SpeedPairing::Round))
                    // 0 for sitting this round out.
                    .col(integer(SpeedPairing::TableNumber))
                    // Speaking order at the table: seat 0 is mentor first.
                    .col(integer(SpeedPairing::Seat))
                    .col(big_integer(SpeedPairing::ParticipantId))
                    .foreign_key(&mut cascade(
                        "fk_speed_pairing_session",
                        (SpeedPairing::Table, SpeedPairing::SessionId),
                        (SpeedSession::Table, SpeedSession::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_speed_pairing_participant",
                        (SpeedPairing::Table, SpeedPairing::ParticipantId),
                        (SpeedParticipant::Table, SpeedParticipant::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "idx_speed_pairing_seat",
                SpeedPairing::Table,
                vec![
                    SpeedPairing::SessionId.into_iden(),
                    SpeedPairing::Round.into_iden(),
                    SpeedPairing::ParticipantId.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpChoice::Table)
                    .col(id(FollowUpChoice::Id))
                    .col(big_integer(FollowUpChoice::SessionId))
                    .col(big_integer(FollowUpChoice::ChooserId))
                    .col(big_integer(FollowUpChoice::ChosenId))
                    .foreign_key(&mut cascade(
                        "fk_follow_up_session",
                        (FollowUpChoice::Table, FollowUpChoice::SessionId),
                        (SpeedSession::Table, SpeedSession::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_follow_up_chooser",
                        (FollowUpChoice::Table, FollowUpChoice::ChooserId),
                        (SpeedParticipant::Table, SpeedParticipant::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_follow_up_chosen",
                        (FollowUpChoice::Table, FollowUpChoice::ChosenId),
                        (SpeedParticipant::Table, SpeedParticipant::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "idx_follow_up_pair",
                FollowUpChoice::Table,
                vec![
                    FollowUpChoice::ChooserId.into_iden(),
                    FollowUpChoice::ChosenId.into_iden(),
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FollowUpChoice::Table.into_iden(),
            SpeedPairing::Table.into_iden(),
            SpeedParticipant::Table.into_iden(),
            SpeedSession::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
