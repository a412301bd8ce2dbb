//! The built JS, WASM and CSS under `/pkg`, sent precompressed when `scripts/build-release` stored
//! `.br`/`.gz` copies beside them (brotli at quality 11 is a fifth smaller than compressing per request).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tower_http::services::ServeDir;

/// The service for `/pkg`: files from `pkg_dir`, their compressed copies when the browser accepts them and
/// none is older than its file (after a rebuild by `cargo leptos` alone they would send the old code).
pub fn service(pkg_dir: &Path) -> ServeDir {
    let files = ServeDir::new(pkg_dir);
    let stale = stale_copies(pkg_dir);
    if stale.is_empty() {
        return files.precompressed_br().precompressed_gzip();
    }
    tracing::warn!(
        stale = ?stale,
        "compressed copies older than their files are not used; scripts/build-release makes new ones"
    );
    files
}

/// The `.br`/`.gz` files in `pkg_dir` older than the file they compress.
fn stale_copies(pkg_dir: &Path) -> Vec<PathBuf> {
    let modified = |path: &Path| -> Option<SystemTime> { path.metadata().ok()?.modified().ok() };
    let Ok(entries) = std::fs::read_dir(pkg_dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|copy| matches!(copy.extension().and_then(|e| e.to_str()), Some("br" | "gz")))
        .filter(
            |copy| match (modified(copy), modified(&copy.with_extension(""))) {
                (Some(copy_time), Some(file_time)) => copy_time < file_time,
                _ => false,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{self, File};
    use std::time::Duration;

    #[test]
    fn a_copy_older_than_its_file_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("app.wasm");
        let fresh = dir.path().join("app.wasm.gz");
        let stale = dir.path().join("app.wasm.br");
        for path in [&file, &fresh, &stale] {
            fs::write(path, b"x").unwrap();
        }
        let now = SystemTime::now();
        File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(now - Duration::from_secs(60))
            .unwrap();
        File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(now - Duration::from_secs(30))
            .unwrap();
        File::options()
            .write(true)
            .open(&fresh)
            .unwrap()
            .set_modified(now)
            .unwrap();
        assert_eq!(stale_copies(dir.path()), vec![stale]);
    }
}
