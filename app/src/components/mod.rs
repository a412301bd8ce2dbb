//! Reusable view pieces.

mod action;
mod chart;
mod choice;
mod confirm_banner;
mod debounce;
mod error_view;
mod field;
mod header;
mod reload;

pub use action::{failure, on_success};
pub use chart::ChartView;
pub use choice::{error_id, CheckboxGroup, OptionSelect, RadioGroup};
pub use confirm_banner::ConfirmBanner;
pub use debounce::Debounce;
pub use error_view::{ErrorView, FormAlert};
pub use field::{SelectField, TextField};
pub use header::SiteHeader;
pub use reload::Reload;
