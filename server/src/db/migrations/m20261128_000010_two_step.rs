//! Two-step sign-in: an account's authenticator secret (pending until a first code confirms it), the last
//! time step a code was accepted for (a code works once), and the hashes of its unused recovery codes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer_null, string_null, timestamp_with_time_zone_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000010_two_step"
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    TotpSecret,
    TotpEnabledAt,
    TotpLastStep,
    RecoveryCodes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            string_null(AppUser::TotpSecret),
            timestamp_with_time_zone_null(AppUser::TotpEnabledAt),
            big_integer_null(AppUser::TotpLastStep),
            string_null(AppUser::RecoveryCodes),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AppUser::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            AppUser::RecoveryCodes,
            AppUser::TotpLastStep,
            AppUser::TotpEnabledAt,
            AppUser::TotpSecret,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AppUser::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
