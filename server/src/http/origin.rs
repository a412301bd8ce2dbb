//! Cross-site request forgery defence: a state-changing request (anything but GET, HEAD, OPTIONS) must come
//! from Shoulder's own pages. Browsers send `Origin` on such requests; it must be one of the configured origins
//! (`Config::allowed_origins`: the public URL and an explicit list), never whatever `Host` the request names,
//! which an attacker's DNS name pointed at the server (DNS rebinding) would satisfy. A request without `Origin`
//! passes only when the browser marks it `Sec-Fetch-Site: same-origin`; scripts and API clients send `Origin`.

use app::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

pub async fn check_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_safe_method(request.method())
        || is_same_origin(request.headers(), &state.config.allowed_origins)
    {
        return next.run(request).await;
    }
    tracing::warn!(
        origin = ?request.headers().get(header::ORIGIN),
        fetch_site = ?request.headers().get("sec-fetch-site"),
        "refused a state-changing request from another origin"
    );
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

/// Whether the request comes from one of `allowed` origins (see the module doc).
fn is_same_origin(headers: &HeaderMap, allowed: &[String]) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match text(header::ORIGIN.as_str()) {
        Some(origin) => {
            let origin = origin.trim_end_matches('/').to_ascii_lowercase();
            allowed.contains(&origin)
        }
        None => text("sec-fetch-site") == Some("same-origin"),
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

    fn ours() -> Vec<String> {
        vec![
            "https://mentoring.example.org".to_owned(),
            "https://www.example.org".to_owned(),
        ]
    }

    #[test]
    fn the_configured_origins_are_ours() {
        for origin in ["https://mentoring.example.org", "https://WWW.example.org"] {
            let mut map = headers(&[]);
            map.insert("origin", HeaderValue::from_str(origin).unwrap());
            assert!(is_same_origin(&map, &ours()), "{origin}");
        }
    }

    #[test]
    fn the_requested_host_is_not_enough() {
        // DNS rebinding: the attacker's name resolves to the server, so Host and Origin agree.
        assert!(!is_same_origin(
            &headers(&[
                ("origin", "http://rebind.evil.example:3000"),
                ("host", "rebind.evil.example:3000")
            ]),
            &ours()
        ));
    }

    #[test]
    fn another_site_or_no_origin_is_refused() {
        for pairs in [
            &[("origin", "https://evil.example")][..],
            &[("origin", "null")],
            &[("sec-fetch-site", "cross-site")],
            &[("sec-fetch-site", "same-site")],
            &[],
        ] {
            assert!(!is_same_origin(&headers(pairs), &ours()), "{pairs:?}");
        }
    }

    #[test]
    fn a_same_origin_fetch_without_origin_passes() {
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            &ours()
        ));
    }
}
