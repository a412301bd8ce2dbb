//! A first-check-in checklist item a member ticked.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pair_checklist")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pair_id: i64,
    pub user_id: i64,
    pub item: String,
    pub done_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
