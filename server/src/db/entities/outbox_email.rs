//! Every email Shoulder sends is first written here, in the same transaction as what caused it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_email")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The recipients, one mailbox per line (see `crate::mail::outbox`).
    pub to_address: String,
    /// Where answers go (the program's contact), if not to the sender.
    pub reply_to: Option<String>,
    pub subject: String,
    pub body: String,
    /// queued, sending (claimed by the delivery worker), sent or failed.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// When a queued email is next due (after a temporary failure); `None` means now.
    pub next_attempt_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
