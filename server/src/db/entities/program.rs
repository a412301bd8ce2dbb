//! A peer-mentoring program: its contact, its time zone and (in `program_option`) its form's option lists.

use app::types::ProgramId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "program")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub description: String,
    pub contact_email: String,
    /// IANA name; cycle windows are entered and shown in it.
    pub time_zone: String,
    /// The rhythm the next cycle's dates are proposed from (`app::rhythm::Rhythm`): window months as "2,9".
    pub rhythm_months: String,
    pub rhythm_window_days: i32,
    pub rhythm_matching_after_days: i32,
    pub rhythm_start_after_days: i32,
    pub rhythm_length_months: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The typed id (the `id` column is its bare number).
    pub fn id(&self) -> ProgramId {
        ProgramId(self.id)
    }
}
