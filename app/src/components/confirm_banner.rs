//! A line under the header for someone whose email address is not confirmed yet: why it matters (they are
//! not matched until it is) and a button for a new link.

use leptos::prelude::*;

use crate::api::links::ResendVerification;
use crate::session::use_session;

#[component]
pub fn ConfirmBanner() -> impl IntoView {
    let session = use_session();
    let resend = ServerAction::<ResendVerification>::new();
    let unconfirmed = move || session.current().filter(|user| !user.email_verified);
    view! {
        <Transition fallback=|| ()>
            {move || unconfirmed().map(|user| view! {
                <div class="confirm-banner" data-testid="confirm-banner">
                    <p>
                        <strong>"Please confirm your email address. "</strong>
                        {format!("We sent a link to {}: until you follow it, your program cannot match you with a peer.", user.email)}
                    </p>
                    <div aria-live="polite">{move || match resend.value().get() {
                        Some(Ok(())) => view! { <p class="confirm-banner__done">"A new link is on its way."</p> }.into_any(),
                        Some(Err(error)) => view! { <p class="confirm-banner__error">{error.to_string()}</p> }.into_any(),
                        None => view! {
                            <ActionForm action=resend attr:class="inline-form">
                                <button type="submit" class="button button--small" disabled=move || resend.pending().get()>"Send a new link"</button>
                            </ActionForm>
                        }
                        .into_any(),
                    }}</div>
                </div>
            })}
        </Transition>
    }
}
