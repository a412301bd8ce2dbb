//! Single sign-on with OpenID Connect: the Authorization Code flow with PKCE, `state` and `nonce` checked,
//! through the `openidconnect` crate. An operator configures one provider (issuer, client id and secret).
//!
//! `GET /auth/sso/start` stores the pending login (its state's hash, the PKCE verifier, the nonce, where to go
//! after, and the hash of a secret cookie that binds it to this browser, so nobody can finish a login in
//! someone else's browser) and sends the browser to the provider. `GET /auth/sso/callback` takes the row
//! back exactly once, exchanges the code, verifies the ID token (signature, issuer, audience, expiry, nonce)
//! (falling back to the UserInfo endpoint for the email when the ID token carries none) and signs in the
//! account linked to the provider's subject, or else the account with the provider's
//! *verified* email, or a new member account. The provider's word on the address confirms it.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use tokio::sync::RwLock;

use super::token;
use crate::db::entities::sso_login;
use crate::state::AppState;

/// The provider an operator configured.
#[derive(Clone, Debug)]
pub struct SsoSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Shown on the button: "Sign in with <name>".
    pub name: String,
}

/// How long a started login may take at the provider.
const LOGIN_MINUTES: i64 = 10;
/// The cookie that binds a pending login to the browser that started it.
const BROWSER_COOKIE: &str = "shoulder_sso";

/// The configured provider, its discovery document once fetched, and the HTTP client that talks to it.
#[derive(Clone)]
pub struct Sso {
    settings: Arc<SsoSettings>,
    redirect: String,
    http: openidconnect::reqwest::Client,
    /// Fetched on first use (the provider may start after us), then kept.
    metadata: Arc<RwLock<Option<CoreProviderMetadata>>>,
}

impl Sso {
    /// # Errors
    /// The HTTP client cannot be built.
    pub fn new(settings: SsoSettings, public_url: &str) -> Result<Self, String> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let a provider point us anywhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Sso {
            settings: Arc::new(settings),
            redirect: format!("{}/auth/sso/callback", public_url.trim_end_matches('/')),
            http,
            metadata: Arc::new(RwLock::new(None)),
        })
    }

    pub fn name(&self) -> &str {
        &self.settings.name
    }

    async fn metadata(&self) -> Result<CoreProviderMetadata, String> {
        if let Some(metadata) = self.metadata.read().await.clone() {
            return Ok(metadata);
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(|e| e.to_string())?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| format!("discovery failed: {e}"))?;
        *self.metadata.write().await = Some(metadata.clone());
        Ok(metadata)
    }

    fn redirect_url(&self) -> Result<RedirectUrl, String> {
        RedirectUrl::new(self.redirect.clone()).map_err(|e| e.to_string())
    }
}

/// Where the sign-in page is told what went wrong (`?sso=…`).
fn back_to_sign_in(problem: &str) -> Response {
    redirect(&format!("/sign-in?sso={problem}"), None)
}

fn redirect(to: &str, cookies: Option<Vec<String>>) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, to.to_owned())]).into_response();
    for cookie in cookies.unwrap_or_default() {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// `GET /auth/sso/start?next=/path`: off to the provider.
pub async fn start(State(state): State<AppState>, Query(query): Query<StartQuery>) -> Response {
    let Some(sso) = state.sso.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match begin(&state, &sso, query.next.as_deref()).await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "single sign-on could not start");
            back_to_sign_in("unavailable")
        }
    }
}

async fn begin(state: &AppState, sso: &Sso, next: Option<&str>) -> Result<Response, String> {
    let metadata = sso.metadata().await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(sso.settings.client_id.clone()),
        Some(ClientSecret::new(sso.settings.client_secret.clone())),
    )
    .set_redirect_uri(sso.redirect_url()?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".to_owned()))
        .add_scope(Scope::new("profile".to_owned()))
        .set_pkce_challenge(challenge)
        .url();
    let browser = token::generate();
    let now = Utc::now();
    sso_login::ActiveModel {
        state_hash: Set(token::digest(csrf.secret())),
        browser_hash: Set(token::digest(&browser)),
        pkce_verifier: Set(verifier.secret().clone()),
        nonce: Set(nonce.secret().clone()),
        next: Set(app::validation::safe_next(next)),
        expires_at: Set(now + Duration::minutes(LOGIN_MINUTES)),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .map_err(|e| e.to_string())?;
    sso_login::Entity::delete_many()
        .filter(sso_login::Column::ExpiresAt.lt(now))
        .exec(&state.db)
        .await
        .map_err(|e| e.to_string())?;
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{BROWSER_COOKIE}={browser}; Path=/auth/sso; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        LOGIN_MINUTES * 60
    );
    Ok(redirect(url.as_str(), Some(vec![cookie])))
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/sso/callback?code=…&state=…`: back from the provider.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let Some(sso) = state.sso.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Some(error) = &query.error {
        tracing::info!(%error, "the provider did not sign the person in");
        return back_to_sign_in("cancelled");
    }
    let (Some(code), Some(csrf)) = (query.code, query.state) else {
        return back_to_sign_in("failed");
    };
    let browser = app::api::guard::cookie_in(&headers, BROWSER_COOKIE).unwrap_or_default();
    match finish(&state, &sso, &code, &csrf, &browser).await {
        Ok((session, next)) => {
            let secure = state.config.secure_cookies();
            let cookies = vec![
                app::api::guard::session_cookie(&session.token, session.max_age_secs, secure),
                format!("{BROWSER_COOKIE}=; Path=/auth/sso; HttpOnly; SameSite=Lax; Max-Age=0"),
            ];
            redirect(&next, Some(cookies))
        }
        Err(Refusal::Unverified) => back_to_sign_in("unverified"),
        Err(Refusal::Expired) => back_to_sign_in("expired"),
        Err(Refusal::Failed(error)) => {
            tracing::warn!(%error, "single sign-on failed");
            back_to_sign_in("failed")
        }
    }
}

enum Refusal {
    /// The provider did not say the address is verified.
    Unverified,
    /// No pending login for this state and browser (too old, used, or started elsewhere).
    Expired,
    Failed(String),
}

impl<E: std::fmt::Display> From<E> for Refusal {
    fn from(error: E) -> Self {
        Refusal::Failed(error.to_string())
    }
}

async fn finish(
    state: &AppState,
    sso: &Sso,
    code: &str,
    csrf: &str,
    browser: &str,
) -> Result<(app::api::ports::NewSession, String), Refusal> {
    // The pending login, taken exactly once, only in the browser that started it.
    let Some(pending) = sso_login::Entity::find()
        .filter(sso_login::Column::StateHash.eq(token::digest(csrf)))
        .one(&state.db)
        .await?
    else {
        return Err(Refusal::Expired);
    };
    let taken = sso_login::Entity::delete_many()
        .filter(sso_login::Column::Id.eq(pending.id))
        .exec(&state.db)
        .await?;
    if taken.rows_affected != 1
        || pending.expires_at < Utc::now()
        || pending.browser_hash != token::digest(browser)
    {
        return Err(Refusal::Expired);
    }
    let metadata = sso.metadata().await.map_err(Refusal::Failed)?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(sso.settings.client_id.clone()),
        Some(ClientSecret::new(sso.settings.client_secret.clone())),
    )
    .set_redirect_uri(sso.redirect_url().map_err(Refusal::Failed)?);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(&sso.http)
        .await?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| Refusal::Failed("no ID token in the answer".to_owned()))?;
    let claims = id_token.claims(
        &client.id_token_verifier(),
        &Nonce::new(pending.nonce.clone()),
    )?;
    // Providers that keep the ID token small give the email and name at the UserInfo endpoint instead
    // (asked with the access token, for the same subject).
    let (email, verified, name) = if claims.email().is_some() {
        (
            claims.email().map(|e| e.as_str().to_owned()),
            claims.email_verified(),
            claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
        )
    } else {
        let info: CoreUserInfoClaims = client
            .user_info(
                tokens.access_token().clone(),
                Some(claims.subject().clone()),
            )?
            .request_async(&sso.http)
            .await?;
        (
            info.email().map(|e| e.as_str().to_owned()),
            info.email_verified(),
            info.name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
        )
    };
    let Some(email) = email.filter(|_| verified == Some(true)) else {
        return Err(Refusal::Unverified);
    };
    let email = app::validation::normalize_email(&email).map_err(|_| Refusal::Unverified)?;
    let session = state
        .accounts
        .sign_in_with_identity(
            claims.issuer().as_str(),
            claims.subject().as_str(),
            &email,
            name.as_deref(),
        )
        .await?;
    Ok((session, pending.next))
}
