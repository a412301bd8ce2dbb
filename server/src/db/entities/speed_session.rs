//! A speed peer-mentoring session: settings, join code, and the timer the server owns.

use app::types::SessionId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speed_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The facilitator who runs it.
    pub created_by: i64,
    pub title: String,
    pub prep_minutes: i32,
    pub rounds: i32,
    pub round_minutes: i32,
    pub break_minutes: i32,
    /// trio or sit_out.
    pub odd_mode: String,
    /// JSON array of the wrap-up questions.
    pub questions: String,
    pub code: String,
    /// `TimerState` as JSON.
    pub timer: String,
    /// The circle's seating order as a JSON array of participant ids, fixed when round 1 is seated.
    pub seating: Option<String>,
    /// The program whose members see it on their start page (`None`: unlisted).
    pub program_id: Option<i64>,
    /// When it starts, as announced.
    pub starts_at: Option<DateTimeUtc>,
    /// Where, as announced ("" when not said).
    pub place: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The typed id (the `id` column is its bare number).
    pub fn id(&self) -> SessionId {
        SessionId(self.id)
    }
}
