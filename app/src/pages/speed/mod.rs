//! Speed peer mentoring: the facilitator's sessions and console, the projector, and the phones.

mod console;
mod join;
mod room;
mod screen;
mod sessions;
mod shared;

pub use console::ConsolePage;
pub use join::{JoinCodePage, JoinPage};
pub use room::RoomPage;
pub use screen::ScreenPage;
pub use sessions::FacilitatePage;
