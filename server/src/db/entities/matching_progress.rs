//! A matching run under way: its cycle, which run (`token`) it is, its step, when it began and when its
//! instance last said it was still at it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matching_progress")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: i64,
    pub token: String,
    pub step: i16,
    pub started_at: DateTimeUtc,
    pub beat_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
