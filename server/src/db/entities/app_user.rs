//! An account. Named `app_user` because `user` is reserved in PostgreSQL.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// Normalised (trimmed, lower-case); unique.
    #[sea_orm(unique)]
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub institution_name: String,
    pub institution_type: String,
    /// `member`, `facilitator` or `admin`.
    pub role: String,
    /// When the owner proved the address is theirs (followed a link sent to it, or the operator or an
    /// identity provider vouched for it). `None` with a password: a claim nobody proved yet.
    pub email_verified_at: Option<DateTimeUtc>,
    /// The authenticator app's secret (base32). Set with `totp_enabled_at` empty while enrolment awaits its
    /// first code.
    pub totp_secret: Option<String>,
    /// When two-step sign-in was turned on; `None`: off.
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The RFC 6238 time step of the last accepted code: a code is accepted once.
    pub totp_last_step: Option<i64>,
    /// JSON array of the SHA-256 hashes of the unused recovery codes.
    pub recovery_codes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
