//! Who is signed in, as one context shared by every page. The user resource refetches after each sign-in,
//! sign-up and sign-out, so the header and pages follow without a reload.

use leptos::prelude::*;

use crate::api::account::{get_current_user, SignIn, SignOut, SignUp};
use crate::error::AppError;
use crate::types::CurrentUser;

#[derive(Clone, Copy)]
pub struct Session {
    pub sign_in: ServerAction<SignIn>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
    /// Bumped by pages that sign someone in or change their account another way (a link from an email).
    pub changed: RwSignal<u32>,
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Session {
    /// The signed-in user once loaded (`None` while loading, signed out or on error).
    pub fn current(&self) -> Option<CurrentUser> {
        self.user.get().and_then(Result::ok).flatten()
    }

    /// Reloads who is signed in (after a link signed someone in or confirmed their address).
    pub fn refresh(&self) {
        self.changed.update(|n| *n += 1);
    }
}

pub fn provide_session() {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_up = ServerAction::<SignUp>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let changed = RwSignal::new(0);
    let user = Resource::new(
        move || {
            (
                sign_in.version().get(),
                sign_up.version().get(),
                sign_out.version().get(),
                changed.get(),
            )
        },
        |_| get_current_user(),
    );
    provide_context(Session {
        sign_in,
        sign_up,
        sign_out,
        changed,
        user,
    });
}

/// The session context provided by [`crate::App`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}
