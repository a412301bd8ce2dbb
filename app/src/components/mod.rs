//! Reusable view pieces.

mod error_view;
mod field;
mod header;

pub use error_view::{ErrorView, FormAlert};
pub use field::{SelectField, TextField};
pub use header::SiteHeader;
