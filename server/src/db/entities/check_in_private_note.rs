//! A member's private note on a check-in: never shown to the peer.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "check_in_private_note")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub check_in_id: i64,
    pub user_id: i64,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
