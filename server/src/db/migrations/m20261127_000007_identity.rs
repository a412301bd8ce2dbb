//! Email that reaches people and accounts that belong to their owner: the verified state of an address,
//! single-use links (verification, password reset, invitation, sign-in) stored as hashes, the requests for
//! links (throttled per address and per client), a `Reply-To` on queued emails, and single sign-on (logins
//! under way at the provider, and each account's identity there).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, string, string_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000007_identity"
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    EmailVerifiedAt,
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    ReplyTo,
}

#[derive(DeriveIden)]
enum AccountToken {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum SsoLogin {
    Table,
    Id,
    StateHash,
    BrowserHash,
    PkceVerifier,
    Nonce,
    Next,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum UserIdentity {
    Table,
    Id,
    UserId,
    Issuer,
    Subject,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LinkRequest {
    Table,
    Id,
    Email,
    Ip,
    RequestedAt,
}

/// A 64-bit auto-increment primary key (SQLite maps it to its rowid).
fn id<T: IntoIden>(name: T) -> ColumnDef {
    big_integer(name).auto_increment().primary_key().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .add_column(timestamp_with_time_zone_null(AppUser::EmailVerifiedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmail::Table)
                    .add_column(string_null(OutboxEmail::ReplyTo))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccountToken::Table)
                    .col(id(AccountToken::Id))
                    .col(big_integer(AccountToken::UserId))
                    .col(string(AccountToken::Purpose))
                    .col(string(AccountToken::TokenHash).unique_key())
                    .col(timestamp_with_time_zone(AccountToken::CreatedAt))
                    .col(timestamp_with_time_zone(AccountToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccountToken::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_account_token_user")
                            .from(AccountToken::Table, AccountToken::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_account_token_user_purpose")
                    .table(AccountToken::Table)
                    .col(AccountToken::UserId)
                    .col(AccountToken::Purpose)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LinkRequest::Table)
                    .col(id(LinkRequest::Id))
                    .col(string(LinkRequest::Email))
                    .col(string(LinkRequest::Ip))
                    .col(timestamp_with_time_zone(LinkRequest::RequestedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_link_request_email", LinkRequest::Email),
            ("idx_link_request_ip", LinkRequest::Ip),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(LinkRequest::Table)
                        .col(column)
                        .col(LinkRequest::RequestedAt)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SsoLogin::Table)
                    .col(id(SsoLogin::Id))
                    .col(string(SsoLogin::StateHash).unique_key())
                    .col(string(SsoLogin::BrowserHash))
                    .col(string(SsoLogin::PkceVerifier))
                    .col(string(SsoLogin::Nonce))
                    .col(string(SsoLogin::Next))
                    .col(timestamp_with_time_zone(SsoLogin::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserIdentity::Table)
                    .col(id(UserIdentity::Id))
                    .col(big_integer(UserIdentity::UserId))
                    .col(string(UserIdentity::Issuer))
                    .col(string(UserIdentity::Subject))
                    .col(timestamp_with_time_zone(UserIdentity::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_identity_user")
                            .from(UserIdentity::Table, UserIdentity::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_user_identity_issuer_subject")
                    .table(UserIdentity::Table)
                    .col(UserIdentity::Issuer)
                    .col(UserIdentity::Subject)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserIdentity::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SsoLogin::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LinkRequest::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AccountToken::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmail::Table)
                    .drop_column(OutboxEmail::ReplyTo)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .drop_column(AppUser::EmailVerifiedAt)
                    .to_owned(),
            )
            .await
    }
}
