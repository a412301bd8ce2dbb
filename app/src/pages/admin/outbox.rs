//! `/admin/outbox`: every email Shoulder queued, newest first, with its delivery state. Without SMTP the
//! page is the record of what would have been sent; a failed email shows why and can be queued again.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::programs::{list_outbox, RetryEmail};
use crate::components::{failure, ErrorView, FormAlert};
use crate::outbox::{Outbox, OutboxItem};

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let retry = ServerAction::<RetryEmail>::new();
    let outbox = Resource::new_blocking(move || retry.version().get(), |_| list_outbox());
    let retry_error = failure(retry.value());
    view! {
        <Title text="Outbox" />
        <Suspense fallback=|| view! { <p class="loading">"Loading emails…"</p> }>
            {move || Suspend::new(async move {
                match outbox.await {
                    Ok(outbox) => view! { <OutboxList outbox retry retry_error /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OutboxList(
    outbox: Outbox,
    retry: ServerAction<RetryEmail>,
    retry_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let count = outbox.emails.len();
    let delivery = match outbox.delivery {
        Some(server) => format!("Emails are delivered through {server}; a failed one says why."),
        None => {
            "Delivery is off (no SMTP server configured): this list is what would have been sent."
                .to_owned()
        }
    };
    view! {
        <section class="card card--wide">
            <h1>"Outbox"</h1>
            <p class="lead">{format!("{count} email{}. {delivery}", if count == 1 { "" } else { "s" })}</p>
            <FormAlert error=retry_error />
            <ul class="outbox">
                {outbox.emails.into_iter().map(|email| view! { <Email email retry /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Email(email: OutboxItem, retry: ServerAction<RetryEmail>) -> impl IntoView {
    let id = email.id;
    let badge = match email.status.as_str() {
        "sent" => "badge badge--open",
        "failed" => "badge badge--failed",
        _ => "badge",
    };
    let failed = email.status == "failed";
    view! {
        <li class="outbox__item">
            <details>
                <summary>
                    <span class=badge>{email.status.clone()}</span>
                    " "<strong>{email.subject.clone()}</strong>
                    <span class="muted">{format!(" to {} · {}", email.to, email.created)}</span>
                </summary>
                <pre class="outbox__body">{email.body.clone()}</pre>
            </details>
            // Why it failed (or is being retried) stays visible without opening the email.
            {email.last_error.clone().map(|error| view! {
                <p class="outbox__error">{format!("Attempt {}: {error}", email.attempts)}</p>
            })}
            {failed.then(|| view! {
                <button type="button" class="button button--small" on:click=move |_| { retry.dispatch(RetryEmail { email_id: id }); }>
                    "Queue again"
                </button>
            })}
        </li>
    }
}
