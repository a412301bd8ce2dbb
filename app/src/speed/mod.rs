//! Speed peer mentoring, the parts shared by the server and every screen: the session's phases and the
//! timer arithmetic that lets each screen count down the same second.

pub mod live;
pub mod session;
pub mod timer;
