//! Each workshop participant may write down their answers to the wrap-up questions, kept with their notes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::text;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000015_wrap_up_answers"
    }
}

#[derive(DeriveIden)]
enum SpeedParticipant {
    Table,
    /// A JSON array of answers, one per wrap-up question in order.
    WrapUp,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SpeedParticipant::Table)
                    .add_column(text(SpeedParticipant::WrapUp).default("[]"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SpeedParticipant::Table)
                    .drop_column(SpeedParticipant::WrapUp)
                    .to_owned(),
            )
            .await
    }
}
