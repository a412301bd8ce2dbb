//! Server functions, one file per aggregate. Each body is: authorize → validate → call a port → map.
//! The ports (`ports.rs`) and the guard (`guard.rs`) exist only on the server.

pub mod account;
pub mod admin;
pub mod applications;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod programs;

/// Server functions anyone may call without signing in. Every other server function requires a session:
/// the server's authorization test walks all registered paths and checks this list is the only exception.
pub const PUBLIC_ENDPOINTS: [&str; 4] = [
    "/api/sign_up",
    "/api/sign_in",
    "/api/sign_out",
    "/api/current_user",
];

/// Server functions under this prefix are admin-only.
pub const ADMIN_PREFIX: &str = "/api/admin/";
