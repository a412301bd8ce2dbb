//! A survey of a cycle: its questions (JSON of `app::survey::Question`), when it is sent and closes, and
//! whether its answers are anonymous.

use app::types::SurveyId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cycle_id: i64,
    pub title: String,
    pub intro: String,
    pub anonymous: bool,
    pub questions: String,
    pub sends_on: Date,
    pub closes_on: Date,
    pub sent_at: Option<DateTimeUtc>,
    /// When the members who had not answered were reminded (once).
    pub reminded_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The typed id (the `id` column is its bare number).
    pub fn id(&self) -> SurveyId {
        SurveyId(self.id)
    }
}
