//! One round of a program: application window, matching date, relationship start and length.

use app::types::CycleId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cycle")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub program_id: i64,
    pub name: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub matching_on: Date,
    pub relationship_starts_on: Date,
    pub length_months: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the interest list was told the window opened (once).
    pub opening_announced_at: Option<DateTimeUtc>,
    /// When those yet to apply were reminded it closes soon (once).
    pub closing_reminded_at: Option<DateTimeUtc>,
    /// The competency list its applications rank; `None` reads as the program's first set.
    pub competency_set_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::program::Entity",
        from = "Column::ProgramId",
        to = "super::program::Column::Id",
        on_delete = "Cascade"
    )]
    Program,
}

impl Related<super::program::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Program.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The typed id (the `id` column is its bare number).
    pub fn id(&self) -> CycleId {
        CycleId(self.id)
    }
}
