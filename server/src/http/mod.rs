//! Plain HTTP concerns around the app: security headers, the origin check, health probes, request ids,
//! the built files.

pub mod assets;
pub mod client_ip;
pub mod health;
pub mod origin;
pub mod room_guesses;
pub mod security_headers;
