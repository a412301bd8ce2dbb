//! Accounts and sessions on the server: password hashing, session tokens, sign-in rate limiting, the
//! middleware that resolves who is asking, and the `Accounts` port that server functions call.

pub mod accounts;
mod emails;
pub mod lifecycle;
pub mod links;
pub mod middleware;
pub mod password;
pub mod sessions;
pub mod sso;
pub mod throttle;
pub mod token;
pub mod two_step;
