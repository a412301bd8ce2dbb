//! `/admin/audit`: who did what, when. The filters are the page's query (a plain GET form, so a filtered view
//! can be bookmarked or shared with another admin); "Older entries" pages on.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::admin::load_audit_log;
use crate::audit::{AuditEntry, AuditFilter, AuditPage};
use crate::components::ErrorView;
use crate::validation::percent_encode;

#[component]
pub fn AdminAuditPage() -> AnyView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let text = |key: &str| query.get(key).unwrap_or_default();
        AuditFilter {
            action: text("action"),
            who: text("who"),
            from: text("from"),
            to: text("to"),
            before: query.get("before").and_then(|b| b.parse().ok()),
        }
    });
    let page = Resource::new_blocking(move || filter.get(), load_audit_log);
    view! {
        <Title text="Audit log" />
        <Transition fallback=|| view! { <p class="loading">"Loading the audit log…"</p> }>
            {move || Suspend::new(async move {
                let filter = filter.get_untracked();
                match page.await {
                    Ok(page) => view! { <AuditLog page filter /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn AuditLog(page: AuditPage, filter: AuditFilter) -> AnyView {
    let next = page.next.map(|before| {
        let query = [
            ("action", &filter.action),
            ("who", &filter.who),
            ("from", &filter.from),
            ("to", &filter.to),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent_encode(v, b"")))
        .chain(std::iter::once(format!("before={before}")))
        .collect::<Vec<_>>()
        .join("&");
        format!("/admin/audit?{query}")
    });
    let chosen = filter.action.clone();
    view! {
        <section class="card card--wide">
            <h1>"Audit log"</h1>
            <p class="muted">"Who did what, and when: roles, programs, cycles, matching, publishing, messages and sign-in settings. Newest first; times in UTC."</p>
            <form class="form audit-filters" method="get" action="/admin/audit" aria-label="Filter the audit log">
                <div class="field">
                    <label for="audit-action">"Action"</label>
                    <select id="audit-action" name="action">
                        <option value="">"Any action"</option>
                        {page.actions.iter().map(|action| view! {
                            <option value=action.clone() selected=*action == chosen>{action.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-who">"Who (name or email)"</label>
                    <input id="audit-who" name="who" type="search" value=filter.who.clone() />
                </div>
                <div class="field">
                    <label for="audit-from">"From"</label>
                    <input id="audit-from" name="from" type="date" value=filter.from.clone() />
                </div>
                <div class="field">
                    <label for="audit-to">"To"</label>
                    <input id="audit-to" name="to" type="date" value=filter.to.clone() />
                </div>
                <div class="form__actions">
                    <button type="submit" class="button">"Filter"</button>
                    <a class="button button--quiet" href="/admin/audit">"Clear"</a>
                </div>
            </form>
        </section>
        <section class="card card--wide" aria-labelledby="audit-entries">
            <h2 id="audit-entries">{if page.entries.is_empty() { "No entry matches".to_owned() } else { format!("{} entries", page.entries.len()) }}</h2>
            {(!page.entries.is_empty()).then(|| view! {
                <table class="table audit-table">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Who"</th>
                            <th scope="col">"Action"</th>
                            <th scope="col">"On"</th>
                            <th scope="col">"Details"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page.entries.into_iter().map(|entry| view! { <Entry entry /> }).collect_view()}
                    </tbody>
                </table>
            })}
            {next.map(|href| view! { <p><a href=href>"Older entries"</a></p> })}
        </section>
    }
    .into_any()
}

#[component]
fn Entry(entry: AuditEntry) -> AnyView {
    view! {
        <tr>
            <td data-label="When">{entry.at}</td>
            <td data-label="Who">{entry.who}</td>
            <td data-label="Action"><code>{entry.action}</code></td>
            <td data-label="On">{entry.subject}</td>
            <td data-label="Details" class="audit-table__detail">{entry.detail}</td>
        </tr>
    }
    .into_any()
}
