//! `GET /admin/cycles/{id}/applications.csv`: a cycle's submitted applications in the CSV format that
//! `shoulder match --applicants` reads. Admins only (checked here; the session middleware resolved the user).

use crate::http::{csv_download, error_response};
use app::api::guard::authorize;
use app::api::ports::RequestAuth;
use app::application::to_csv_row;
use app::error::AppError;
use app::types::{CycleId, Role};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use engine::applicant::CSV_COLUMNS;

use super::DbPrograms;

/// The handler.
pub async fn applications_csv(
    State(programs): State<DbPrograms>,
    Extension(auth): Extension<RequestAuth>,
    Path(cycle_id): Path<CycleId>,
) -> Response {
    if let Err(error) = authorize(auth.user, Role::Admin) {
        return error_response(error);
    }
    let rows = match programs.submitted_for_export(cycle_id).await {
        Ok(rows) => rows,
        Err(error) => return error_response(error.into()),
    };
    let body = write_csv(&rows).map_err(|error| {
        tracing::error!(%error, "writing the applications CSV");
        AppError::Internal
    });
    csv_download(&format!("cycle-{cycle_id}-applications.csv"), body)
}

/// The CSV text: header row, then one row per application.
///
/// # Errors
/// The writer failed (it writes to memory, so only on a bug).
pub fn write_csv(
    rows: &[(
        app::application::Applying,
        app::application::ApplicationForm,
    )],
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    for (who, form) in rows {
        writer.serialize(to_csv_row(who, form).for_export())?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}
