//! A goal a pair set for their relationship.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pair_goal")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pair_id: i64,
    pub title: String,
    pub why: String,
    pub target_on: Option<Date>,
    /// A member of the pair, or none for both.
    pub owner_id: Option<i64>,
    pub progress: i32,
    pub status: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
