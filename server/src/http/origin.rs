//! Cross-site request forgery defence: a state-changing request (anything but GET, HEAD, OPTIONS) from a
//! browser must come from Shoulder's own pages. Browsers send `Origin` on such requests; it must name the
//! configured public URL or the host the request was sent to. Requests without `Origin` (command-line
//! clients) pass unless the browser marked them cross-site.

use app::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

pub async fn check_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_safe_method(request.method())
        || is_same_origin(request.headers(), &state.config.public_url)
    {
        return next.run(request).await;
    }
    tracing::warn!(origin = ?request.headers().get(header::ORIGIN), "refused a cross-origin request");
    let body = serde_json::to_string(&AppError::BadOrigin).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request's `Origin` is ours (see the module doc).
fn is_same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match text(header::ORIGIN.as_str()) {
        Some(origin) => {
            let origin = origin.to_ascii_lowercase();
            origin == public_url
                || text(header::HOST.as_str()).is_some_and(|host| {
                    origin
                        .split_once("://")
                        .is_some_and(|(_, authority)| authority == host.to_ascii_lowercase())
                })
        }
        None => text("sec-fetch-site") != Some("cross-site"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    const PUBLIC: &str = "https://mentoring.example.org";

    #[test]
    fn the_public_origin_and_the_requested_host_are_ours() {
        assert!(is_same_origin(
            &headers(&[("origin", "https://mentoring.example.org")]),
            PUBLIC
        ));
        assert!(is_same_origin(
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            PUBLIC
        ));
    }

    #[test]
    fn another_site_is_refused() {
        assert!(!is_same_origin(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]),
            PUBLIC
        ));
        assert!(!is_same_origin(
            &headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]),
            PUBLIC
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            PUBLIC
        ));
    }

    #[test]
    fn clients_without_origin_pass() {
        assert!(is_same_origin(&headers(&[]), PUBLIC));
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            PUBLIC
        ));
    }
}
