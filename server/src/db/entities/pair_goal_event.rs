//! One change to a goal, in words: its history.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pair_goal_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub goal_id: i64,
    pub actor_id: i64,
    pub change: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
