//! A signed-in browser. Only the SHA-256 of the cookie's token is stored, so a copy of the database does not
//! let anyone sign in.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: DateTimeUtc,
    /// The absolute end: a session never outlives this, however busy.
    pub expires_at: DateTimeUtc,
    /// The last request with this session (recorded at most once a minute); idle too long, it ends.
    pub last_seen_at: Option<DateTimeUtc>,
    /// The browser's own description of itself when the session opened, shown in the owner's list.
    pub user_agent: Option<String>,
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
