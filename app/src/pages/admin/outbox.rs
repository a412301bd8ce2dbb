//! `/admin/outbox`: every email Shoulder queued, newest first (delivery arrives with introductions).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::programs::list_outbox;
use crate::components::ErrorView;

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let emails = Resource::new_blocking(|| (), |_| list_outbox());
    view! {
        <Title text="Outbox" />
        <Suspense fallback=|| view! { <p class="loading">"Loading emails…"</p> }>
            {move || Suspend::new(async move {
                match emails.await {
                    Ok(emails) => view! {
                        <section class="card card--wide">
                            <h1>"Outbox"</h1>
                            <p class="lead">
                                {format!("{} email{}. ", emails.len(), if emails.len() == 1 { "" } else { "s" })}
                                "Emails wait here until delivery is configured."
                            </p>
                            <ul class="outbox">
                                {emails.into_iter().map(|email| view! {
                                    <li class="outbox__item">
                                        <details>
                                            <summary>
                                                <span class="badge">{email.status.clone()}</span>
                                                " "<strong>{email.subject.clone()}</strong>
                                                <span class="muted">{format!(" to {} · {}", email.to, email.created)}</span>
                                            </summary>
                                            <pre class="outbox__body">{email.body.clone()}</pre>
                                        </details>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
