//! Programs with their option lists, cycles, applications, and the outbox every email goes through.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, boolean, date, integer, string, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000002_create_programs"
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
    Name,
    Description,
    ContactEmail,
    TimeZone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProgramOption {
    Table,
    Id,
    ProgramId,
    Kind,
    Label,
    Description,
    Position,
    Retired,
}

#[derive(DeriveIden)]
enum Cycle {
    Table,
    Id,
    ProgramId,
    Name,
    OpensAt,
    ClosesAt,
    MatchingOn,
    RelationshipStartsOn,
    LengthMonths,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
    CycleId,
    UserId,
    Status,
    Step,
    Form,
    SubmittedForm,
    Version,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    Id,
    ToAddress,
    Subject,
    Body,
    Status,
    Attempts,
    LastError,
    CreatedAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Program::Table)
                    .col(id(Program::Id))
                    .col(string(Program::Name))
                    .col(text(Program::Description))
                    .col(string(Program::ContactEmail))
                    .col(string(Program::TimeZone))
                    .col(timestamp_with_time_zone(Program::CreatedAt))
                    .col(timestamp_with_time_zone(Program::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgramOption::Table)
                    .col(id(ProgramOption::Id))
                    .col(big_integer(ProgramOption::ProgramId))
                    // institution_type, enrollment_size, area, resource_format, meeting_frequency,
                    // communication_method or competency.
                    .col(string(ProgramOption::Kind))
                    .col(string(ProgramOption::Label))
                    .col(text(ProgramOption::Description))
                    .col(integer(ProgramOption::Position))
                    .col(boolean(ProgramOption::Retired).default(false))
                    .foreign_key(&mut cascade(
                        "fk_program_option_program",
                        (ProgramOption::Table, ProgramOption::ProgramId),
                        (Program::Table, Program::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_program_option_label")
                    .table(ProgramOption::Table)
                    .col(ProgramOption::ProgramId)
                    .col(ProgramOption::Kind)
                    .col(ProgramOption::Label)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Cycle::Table)
                    .col(id(Cycle::Id))
                    .col(big_integer(Cycle::ProgramId))
                    .col(string(Cycle::Name))
                    .col(timestamp_with_time_zone(Cycle::OpensAt))
                    .col(timestamp_with_time_zone(Cycle::ClosesAt))
                    .col(date(Cycle::MatchingOn))
                    .col(date(Cycle::RelationshipStartsOn))
                    .col(integer(Cycle::LengthMonths))
                    .col(timestamp_with_time_zone(Cycle::CreatedAt))
                    .col(timestamp_with_time_zone(Cycle::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_cycle_program",
                        (Cycle::Table, Cycle::ProgramId),
                        (Program::Table, Program::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Application::Table)
                    .col(id(Application::Id))
                    .col(big_integer(Application::CycleId))
                    .col(big_integer(Application::UserId))
                    .col(string(Application::Status))
                    .col(integer(Application::Step))
                    // The working copy as JSON; `submitted_form` is what was last submitted.
                    .col(text(Application::Form))
                    .col(text_null(Application::SubmittedForm))
                    .col(big_integer(Application::Version))
                    .col(timestamp_with_time_zone(Application::CreatedAt))
                    .col(timestamp_with_time_zone(Application::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Application::SubmittedAt))
                    .foreign_key(&mut cascade(
                        "fk_application_cycle",
                        (Application::Table, Application::CycleId),
                        (Cycle::Table, Cycle::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_application_user",
                        (Application::Table, Application::UserId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_cycle_user")
                    .table(Application::Table)
                    .col(Application::CycleId)
                    .col(Application::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutboxEmail::Table)
                    .col(id(OutboxEmail::Id))
                    .col(string(OutboxEmail::ToAddress))
                    .col(string(OutboxEmail::Subject))
                    .col(text(OutboxEmail::Body))
                    // queued, sent or failed.
                    .col(string(OutboxEmail::Status))
                    .col(integer(OutboxEmail::Attempts).default(0))
                    .col(text_null(OutboxEmail::LastError))
                    .col(timestamp_with_time_zone(OutboxEmail::CreatedAt))
                    .col(timestamp_with_time_zone_null(OutboxEmail::SentAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OutboxEmail::Table.into_iden(),
            Application::Table.into_iden(),
            Cycle::Table.into_iden(),
            ProgramOption::Table.into_iden(),
            Program::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
