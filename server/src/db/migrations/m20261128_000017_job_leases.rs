//! Named leases, so that of several instances on one database exactly one runs a scheduled job at a time.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, string_uniq, timestamp_with_time_zone};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000017_job_leases"
    }
}

#[derive(DeriveIden)]
enum JobLease {
    Table,
    Name,
    Holder,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobLease::Table)
                    .col(string_uniq(JobLease::Name).primary_key())
                    .col(string(JobLease::Holder))
                    .col(timestamp_with_time_zone(JobLease::ExpiresAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobLease::Table).to_owned())
            .await
    }
}
