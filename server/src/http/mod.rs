//! Plain HTTP concerns around the app: security headers, the origin check, health probes, request ids.

pub mod health;
pub mod origin;
pub mod security_headers;
