//! Server functions, one file per aggregate. Each body is: authorize → validate → call a port → map.
//! The ports (`ports.rs`) and the guard (`guard.rs`) exist only on the server.

pub mod account;
pub mod admin;
pub mod applications;
#[cfg(feature = "ssr")]
pub mod failure;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod links;
pub mod matching;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod programs;
pub mod rhythm;
pub mod speed;
pub mod surveys;
pub mod workspace;

/// Server functions anyone may call without signing in. Every other server function requires a session:
/// the server's authorization test walks all registered paths and checks this list is the only exception.
pub const PUBLIC_ENDPOINTS: [&str; 13] = [
    "/api/sign_up",
    "/api/sign_in",
    "/api/sign_in_code",
    "/api/sign_out",
    "/api/current_user",
    "/api/request_password_reset",
    "/api/request_sign_in_link",
    "/api/check_link",
    "/api/verify_email",
    "/api/reset_password",
    "/api/accept_invitation",
    "/api/sign_in_with_link",
    "/api/sso_provider",
];

/// Speed-session participants call the server functions under this prefix without an account: their phone's
/// cookie (set when joining) names them; functions other than joining and reading the room refuse without it.
pub const ROOM_PREFIX: &str = "/api/room/";

/// Server functions under this prefix need a facilitator (or admin) who runs the session in question.
pub const FACILITATOR_PREFIX: &str = "/api/facilitate/";

/// Whether a server function may be called without signing in.
pub fn is_public(path: &str) -> bool {
    PUBLIC_ENDPOINTS.contains(&path) || path.starts_with(ROOM_PREFIX)
}

/// Server functions under this prefix are admin-only.
pub const ADMIN_PREFIX: &str = "/api/admin/";
