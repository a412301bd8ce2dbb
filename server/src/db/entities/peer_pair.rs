//! A published pair (or trio) of peers in a cycle.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_pair")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cycle_id: i64,
    /// The run it was published from; none for a re-assignment.
    pub run_id: Option<i64>,
    /// active, ended or reassigned (a pair past its end date is still stored active: `Pair::status`).
    pub status: String,
    pub score: i64,
    pub created_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    pub ended_by: Option<i64>,
    pub end_reason: Option<String>,
    /// When its members were emailed the end-of-relationship question (once, at the end date).
    pub outcome_asked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
