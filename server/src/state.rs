//! What every handler can reach.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use crate::auth::accounts::DbAccounts;
use crate::config::Config;
use crate::programs::DbPrograms;
use crate::speed::DbSpeed;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub accounts: DbAccounts,
    pub programs: DbPrograms,
    pub speed: DbSpeed,
    pub matching: crate::matching::DbMatching,
    pub workspaces: crate::workspace::DbWorkspaces,
    pub surveys: crate::surveys::DbSurveys,
    /// The OpenID Connect provider, when configured.
    pub sso: Option<crate::auth::sso::Sso>,
    /// Wrong join codes per client address (`http::room_guesses`).
    pub room_guesses: std::sync::Arc<crate::http::room_guesses::RoomGuesses>,
    /// This instance among others on the same database.
    pub cluster: crate::cluster::Cluster,
    pub config: Config,
}
