//! Accounts, sessions, failed sign-ins and the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, string, text, timestamp_with_time_zone,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_create_accounts"
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Name,
    Email,
    PasswordHash,
    InstitutionName,
    InstitutionType,
    Role,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginAttempt {
    Table,
    Id,
    Email,
    Ip,
    AttemptedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    Subject,
    Detail,
    CreatedAt,
}

/// A 64-bit auto-increment primary key (SQLite maps it to its rowid).
fn id<T: IntoIden>(name: T) -> ColumnDef {
    big_integer(name).auto_increment().primary_key().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(id(AppUser::Id))
                    .col(string(AppUser::Name))
                    // Emails are normalised before they get here, so a plain unique index is case-insensitive in effect.
                    .col(string(AppUser::Email).unique_key())
                    .col(string(AppUser::PasswordHash))
                    .col(string(AppUser::InstitutionName))
                    .col(string(AppUser::InstitutionType))
                    .col(string(AppUser::Role).default("member"))
                    .col(timestamp_with_time_zone(AppUser::CreatedAt))
                    .col(timestamp_with_time_zone(AppUser::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(id(Session::Id))
                    .col(string(Session::TokenHash).unique_key())
                    .col(big_integer(Session::UserId))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_user")
                            .from(Session::Table, Session::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_user")
                    .table(Session::Table)
                    .col(Session::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempt::Table)
                    .col(id(LoginAttempt::Id))
                    .col(string(LoginAttempt::Email))
                    .col(string(LoginAttempt::Ip))
                    .col(timestamp_with_time_zone(LoginAttempt::AttemptedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_login_attempt_email", LoginAttempt::Email),
            ("idx_login_attempt_ip", LoginAttempt::Ip),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(LoginAttempt::Table)
                        .col(column)
                        .col(LoginAttempt::AttemptedAt)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(big_integer_null(AuditLog::ActorId))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::Subject))
                    .col(text(AuditLog::Detail))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_log_actor")
                            .from(AuditLog::Table, AuditLog::ActorId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LoginAttempt::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Session::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AppUser::Table).to_owned())
            .await
    }
}
