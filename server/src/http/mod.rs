//! Plain HTTP concerns around the app: security headers, the origin check, health probes, request ids,
//! the built files.

pub mod assets;
pub mod client_ip;
pub mod health;
pub mod origin;
pub mod room_guesses;
pub mod security_headers;

/// An [`app::error::AppError`] as a plain route's answer: its status and the error as JSON, as server
/// functions answer (for the CSV downloads, which are plain routes).
pub fn error_response(error: app::error::AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = axum::http::StatusCode::from_u16(error.status())
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(error)).into_response()
}
