//! One choice on a program's form. Retired options stay for the applications that chose them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "program_option")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub program_id: i64,
    /// Which list: see `crate::programs::options::Kind`.
    pub kind: String,
    pub label: String,
    /// The competency's summary; empty for other kinds.
    pub description: String,
    pub position: i32,
    pub retired: bool,
    /// The set a competency belongs to; `None` for the form's other lists.
    pub competency_set_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
