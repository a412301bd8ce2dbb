//! A member's application to a cycle: the working copy the wizard saves, and what was last submitted.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cycle_id: i64,
    pub user_id: i64,
    /// draft, submitted or withdrawn.
    pub status: String,
    /// The wizard step the member was on.
    pub step: i32,
    /// `ApplicationForm` as JSON: the working copy.
    pub form: String,
    /// `ApplicationForm` as JSON, as last submitted.
    pub submitted_form: Option<String>,
    /// Bumped by every write; a write names the version it read (two tabs cannot overwrite each other).
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
