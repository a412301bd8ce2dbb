//! Someone asked for a link by email (reset, sign-in, verification again), kept for an hour to throttle
//! requests per address and per client address. Recorded whether or not the address has an account.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "link_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The normalised address asked for.
    pub email: String,
    /// The client's IP address, or `unknown`.
    pub ip: String,
    pub requested_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
