//! Who sat where in one round: one row per person per round (table 0 = sitting out).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speed_pairing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    /// 1-based round number.
    pub round: i32,
    pub table_number: i32,
    /// Speaking order: seat 0 is mentor first.
    pub seat: i32,
    pub participant_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
