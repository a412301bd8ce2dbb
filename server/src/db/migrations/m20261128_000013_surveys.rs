//! Surveys: a survey of a cycle with its questions (as JSON), one invitation per member (their draft, and
//! whether they answered), and the responses. An anonymous survey's responses carry no member and no time
//! finer than the day, and their ids are random, so nothing links them back to an invitation.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, date, string, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000013_surveys"
    }
}

#[derive(DeriveIden)]
enum Cycle {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Survey {
    Table,
    Id,
    CycleId,
    Title,
    Intro,
    Anonymous,
    Questions,
    SendsOn,
    ClosesOn,
    SentAt,
    RemindedAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SurveyInvitation {
    Table,
    Id,
    SurveyId,
    UserId,
    Draft,
    RespondedAt,
}

#[derive(DeriveIden)]
enum SurveyResponse {
    Table,
    Id,
    SurveyId,
    UserId,
    Answers,
    SubmittedOn,
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
                    .table(Survey::Table)
                    .col(big_integer(Survey::Id).auto_increment().primary_key())
                    .col(big_integer(Survey::CycleId))
                    .col(string(Survey::Title))
                    .col(text(Survey::Intro))
                    .col(boolean(Survey::Anonymous))
                    .col(text(Survey::Questions))
                    .col(date(Survey::SendsOn))
                    .col(date(Survey::ClosesOn))
                    .col(timestamp_with_time_zone_null(Survey::SentAt))
                    .col(timestamp_with_time_zone_null(Survey::RemindedAt))
                    .col(big_integer_null(Survey::CreatedBy))
                    .col(timestamp_with_time_zone(Survey::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_survey_cycle",
                        (Survey::Table, Survey::CycleId),
                        (Cycle::Table, Cycle::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SurveyInvitation::Table)
                    .col(
                        big_integer(SurveyInvitation::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(SurveyInvitation::SurveyId))
                    .col(big_integer(SurveyInvitation::UserId))
                    .col(text_null(SurveyInvitation::Draft))
                    .col(timestamp_with_time_zone_null(SurveyInvitation::RespondedAt))
                    .foreign_key(&mut cascade(
                        "fk_survey_invitation_survey",
                        (SurveyInvitation::Table, SurveyInvitation::SurveyId),
                        (Survey::Table, Survey::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_survey_invitation_member")
                    .table(SurveyInvitation::Table)
                    .col(SurveyInvitation::SurveyId)
                    .col(SurveyInvitation::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SurveyResponse::Table)
                    .col(string(SurveyResponse::Id).primary_key())
                    .col(big_integer(SurveyResponse::SurveyId))
                    .col(big_integer_null(SurveyResponse::UserId))
                    .col(text(SurveyResponse::Answers))
                    .col(date(SurveyResponse::SubmittedOn))
                    .foreign_key(&mut cascade(
                        "fk_survey_response_survey",
                        (SurveyResponse::Table, SurveyResponse::SurveyId),
                        (Survey::Table, Survey::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_survey_response_survey")
                    .table(SurveyResponse::Table)
                    .col(SurveyResponse::SurveyId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SurveyResponse::Table.into_iden(),
            SurveyInvitation::Table.into_iden(),
            Survey::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
