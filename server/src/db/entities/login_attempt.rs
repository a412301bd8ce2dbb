//! A failed sign-in, kept for a short window to rate-limit guessing per account and per client address.
//! In the database, not in memory, so a restart does not reset the count.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_attempt")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The normalised email that was tried (whether or not an account has it).
    pub email: String,
    /// The client's IP address, or `unknown`.
    pub ip: String,
    pub attempted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
