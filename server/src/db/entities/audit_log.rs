//! Who did what, when: an entry per change an admin, a facilitator or a member makes that others rely on (roles,
//! programs and windows, matching runs and publishing, re-assignments, messages, sessions), written by
//! `crate::audit::record`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Who acted; `None` for the command line or when the account was deleted since.
    pub actor_id: Option<i64>,
    /// A stable verb such as `user.role_changed`.
    pub action: String,
    /// What it was done to, such as `user:12`.
    pub subject: String,
    /// Details as JSON text.
    pub detail: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
