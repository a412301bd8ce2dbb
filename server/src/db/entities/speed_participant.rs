//! Someone who joined a speed session, from a phone (with or without an account).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speed_participant")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    /// Set when a signed-in member joined.
    pub user_id: Option<i64>,
    /// SHA-256 of the phone's cookie token.
    pub token_hash: String,
    pub name: String,
    pub email: Option<String>,
    pub institution: Option<String>,
    /// The participant's preparation goals and questions.
    pub notes: String,
    pub joined_at: DateTimeUtc,
    /// Set when they left (or the facilitator took them out); later rounds do without them.
    pub left_at: Option<DateTimeUtc>,
    /// Set when the facilitator removed them: they cannot join this session again.
    pub removed_at: Option<DateTimeUtc>,
    /// The client address they joined from, to cap joins per address.
    pub joined_from: Option<String>,
    /// How many times their notes were emailed.
    pub notes_emailed: i32,
    /// Their answers to the wrap-up questions: a JSON array of strings, in the questions' order.
    pub wrap_up: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
