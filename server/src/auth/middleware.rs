//! Resolves who is asking, once per request: the session cookie is looked up and the result stored in the
//! request's extensions as `RequestAuth`, where the guard in `app` (server functions) and the plain routes
//! (event streams, CSV downloads, through `Extension<RequestAuth>`) read it.

use app::api::ports::RequestAuth;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let client_ip = crate::http::client_ip::of_request(&request, &state.config.trusted_proxies);
    let token = app::api::guard::cookie_in(
        request.headers(),
        app::api::guard::session_cookie_name(state.config.secure_cookies()),
    );
    let user = match &token {
        Some(token) => state
            .accounts
            .user_for_token(
                token,
                request
                    .headers()
                    .get(axum::http::header::USER_AGENT)
                    .and_then(|v| v.to_str().ok()),
            )
            .await
            .unwrap_or_else(|error| {
                // A database hiccup must not sign everyone out silently: log it and treat the request as anonymous.
                tracing::error!(%error, "session lookup failed");
                None
            }),
        None => None,
    };
    let session_token = user.as_ref().and(token);
    request.extensions_mut().insert(RequestAuth {
        user,
        session_token,
        client_ip,
    });
    next.run(request).await
}
