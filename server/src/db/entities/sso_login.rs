//! A sign-in started at the OpenID Connect provider and not finished yet (ten minutes at most). Taken back
//! exactly once by the callback, and only in the browser that started it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sso_login")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 of the `state` sent to the provider.
    #[sea_orm(unique)]
    pub state_hash: String,
    /// SHA-256 of the secret in the starting browser's cookie.
    pub browser_hash: String,
    pub pkce_verifier: String,
    pub nonce: String,
    /// Where to go once signed in (a path on this site).
    pub next: String,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
