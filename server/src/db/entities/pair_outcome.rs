//! A member's answer, at the end of a relationship, to how it ended, with a short reflection (read by the
//! member and the admins, never by the peer).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pair_outcome")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pair_id: i64,
    pub user_id: i64,
    /// completed, continuing or new_peer (`app::workspace::Outcome`).
    pub outcome: String,
    pub reflection: String,
    pub answered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
