//! Plain HTTP concerns around the app: security headers, the origin check, health probes, request ids,
//! the built files.

pub mod assets;
pub mod client_ip;
pub mod health;
pub mod metrics;
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

/// A CSV download named `filename`, or the error as [`error_response`] answers it.
pub fn csv_download(
    filename: &str,
    body: Result<Vec<u8>, app::error::AppError>,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(error) => error_response(error),
    }
}
