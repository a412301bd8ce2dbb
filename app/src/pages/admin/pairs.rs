//! `/admin/cycles/:id/pairs`: how a cycle's published pairs are doing (check-ins per month, pairs at risk,
//! goals, usefulness, who ended early and why), the CSV exports, and re-assigning someone with a reason.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::message::WriteToMembers;
use crate::api::workspace::{pairs_overview, Reassign};
use crate::components::{on_success, ErrorView, FormAlert};
use crate::error::AppError;
use crate::matching::Member;
use crate::pages::id_param;
use crate::types::{CycleId, PairId};
use crate::workspace::{CycleOverview, PairRow, PairStatus, AT_RISK_DAYS};

#[component]
pub fn AdminPairsPage() -> AnyView {
    let cycle_id = id_param();
    let version = RwSignal::new(0u32);
    let overview = Resource::new_blocking(
        move || (cycle_id.get(), version.get()),
        |(cycle_id, _)| pairs_overview(cycle_id),
    );
    view! {
        <Title text="Pairs" />
        <Transition fallback=|| view! { <p class="loading">"Loading the pairs…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview version /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

fn names(members: &[Member]) -> String {
    members
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(" & ")
}

#[component]
fn Overview(overview: CycleOverview, version: RwSignal<u32>) -> AnyView {
    let id = overview.cycle_id;
    let usefulness = overview
        .usefulness
        .map_or("—".to_owned(), |u| format!("{u:.1} / 5"));
    let mut people: Vec<Member> = overview
        .pairs
        .iter()
        .filter(|p| p.status == PairStatus::Active)
        .flat_map(|p| p.members.clone())
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let message_pairs: Vec<(PairId, String)> = overview
        .pairs
        .iter()
        .map(|p| (p.pair_id, names(&p.members)))
        .collect();
    view! {
        <section class="card card--wide">
            <p class="eyebrow"><A href=format!("/admin/cycles/{id}/matching")>{format!("{} · {}", overview.program_name, overview.cycle_name)}</A></p>
            <h1>{format!("Pairs: {}", overview.cycle_name)}</h1>
            {if overview.published {
                view! {
                    <p class="counts" data-testid="pair-counts">
                        <span><strong>{overview.active}</strong>" active"</span>
                        <span><strong>{overview.at_risk}</strong>{format!(" at risk (no check-in in {AT_RISK_DAYS} days)")}</span>
                        <span><strong>{overview.ended}</strong>" ended early"</span>
                        {(overview.finished > 0).then(|| view! { <span><strong>{overview.finished}</strong>" finished"</span> })}
                        <span><strong>{format!("{} / {}", overview.goals_done, overview.goals)}</strong>" goals done"</span>
                        <span><strong>{usefulness}</strong>" average usefulness"</span>
                    </p>
                    {(overview.finished > 0).then(|| view! { <OutcomeCounts counts=overview.outcomes.clone() /> })}
                    <p class="export-links">
                        <a class="button button--wrap" href=format!("/admin/cycles/{id}/pairs.csv") rel="external" download>"Download the pairs (CSV)"</a>
                        " "
                        <a class="button button--wrap button--quiet" href=format!("/admin/cycles/{id}/overview.csv") rel="external" download>"Download this overview (CSV)"</a>
                    </p>
                }.into_any()
            } else {
                view! { <p>"The pairs are not published yet. "<A href=format!("/admin/cycles/{id}/matching")>"Go to the matching"</A></p> }.into_any()
            }}
        </section>
        {overview.published.then(|| view! {
            <section class="card card--wide" aria-labelledby="pairs-table-title">
                <h2 id="pairs-table-title">{format!("{} pairs", overview.pairs.len())}</h2>
                <div class="table-scroll">
                    <table class="table pairs-table">
                        <thead>
                            <tr>
                                <th scope="col">"Pair"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Check-ins"</th>
                                <th scope="col">"Per month"</th>
                                <th scope="col">"Last"</th>
                                <th scope="col">"Goals done"</th>
                                <th scope="col">"Useful"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {overview.pairs.iter().map(|row| view! { <Row row=row.clone() /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <WriteToMembers cycle_id=id pairs=message_pairs at_risk=overview.at_risk />
            <ReassignForm cycle_id=id people version />
        })}
    }
    .into_any()
}

#[component]
fn Row(row: PairRow) -> AnyView {
    let badge = match (row.status, row.at_risk) {
        (PairStatus::Active, true) => ("badge badge--failed", "At risk"),
        (PairStatus::Active, false) => ("badge badge--open", "Active"),
        (status, _) => ("badge badge--closed", status.label()),
    };
    let months = row
        .per_month
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(m, n)| format!("{m}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <td data-label="Pair">
                <strong>{names(&row.members)}</strong>
                {row.ended.clone().map(|ended| view! { <br /><span class="muted">{ended}</span> })}
                {row.outcomes.iter().map(|o| view! {
                    <br /><span class="muted" data-testid="member-outcome">{if o.reflection.is_empty() {
                        format!("{}: {}.", first_name(&o.name), o.outcome.label())
                    } else {
                        format!("{}: {}. \u{201c}{}\u{201d}", first_name(&o.name), o.outcome.label(), o.reflection)
                    }}</span>
                }).collect_view()}
            </td>
            <td data-label="Status"><span class=badge.0>{badge.1}</span></td>
            <td data-label="Check-ins">{row.check_ins}</td>
            <td data-label="Per month">{if months.is_empty() { "—".to_owned() } else { months }}</td>
            <td data-label="Last">{row.last_check_in.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td data-label="Goals done">{format!("{} / {}", row.goals_done, row.goals)}</td>
            <td data-label="Useful">{row.usefulness.map_or("—".to_owned(), |u| format!("{u:.1}"))}</td>
        </tr>
    }
    .into_any()
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// How the members of finished pairs said their relationship ended, with those yet to answer.
#[component]
fn OutcomeCounts(counts: crate::outcome::OutcomeCounts) -> AnyView {
    use crate::outcome::Outcome;
    view! {
        <p class="counts" data-testid="outcome-counts">
            <span><strong>{counts.completed}</strong>{format!(" {}", Outcome::Completed.label().to_lowercase())}</span>
            <span><strong>{counts.continuing}</strong>{format!(" {}", Outcome::Continuing.label().to_lowercase())}</span>
            <span><strong>{counts.new_peer}</strong>{format!(" {}", Outcome::NewPeer.label().to_lowercase())}</span>
            <span><strong>{counts.unanswered}</strong>" not answered yet"</span>
        </p>
    }
    .into_any()
}

/// Re-pairs someone after publication; everyone affected is emailed the reason.
#[component]
fn ReassignForm(cycle_id: CycleId, people: Vec<Member>, version: RwSignal<u32>) -> AnyView {
    let reassign = ServerAction::<Reassign>::new();
    let person = RwSignal::new(String::new());
    let peer = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    on_success(reassign.value(), move |()| {
        version.update(|v| *v += 1);
    });
    let reason_error = move || {
        reassign
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e: AppError| e.field("reason"))
    };
    let options = StoredValue::new(people);
    let choices = move || {
        options.with_value(|people| {
            people
                .iter()
                .map(|m| view! { <option value=m.id.to_string()>{format!("{} — {}", m.name, m.institution)}</option> })
                .collect_view()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(a), Ok(b)) = (person.get_untracked().parse(), peer.get_untracked().parse()) else {
            return;
        };
        reassign.dispatch(Reassign {
            cycle_id,
            person: a,
            peer: b,
            reason: reason.get_untracked(),
        });
    };
    view! {
        <section class="card card--wide" aria-labelledby="reassign-title">
            <h2 id="reassign-title">"Re-assign"</h2>
            <p class="muted">"Pairs someone with a new peer; the peers they leave are paired together when the rules allow. Everyone affected receives an email with your reason. Old pairs keep their history."</p>
            <form class="form" on:submit=submit novalidate>
                <div class="form__row">
                    <div class="field">
                        <label for="reassign-person">"Person"</label>
                        <select id="reassign-person" on:change=move |ev| person.set(event_target_value(&ev))>
                            <option value="">"Choose someone"</option>
                            {choices()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="reassign-peer">"New peer"</label>
                        <select id="reassign-peer" on:change=move |ev| peer.set(event_target_value(&ev))>
                            <option value="">"Choose someone"</option>
                            {choices()}
                        </select>
                    </div>
                </div>
                <div class="field" class:field--invalid=move || reason_error().is_some()>
                    <label for="reassign-reason">"Reason (sent to the members)"</label>
                    <textarea id="reassign-reason" rows="2" maxlength="1000" aria-describedby="reassign-reason-error"
                        aria-invalid=move || if reason_error().is_some() { "true" } else { "false" }
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p class="field__error" id="reassign-reason-error">{reason_error}</p>
                </div>
                <FormAlert error=Signal::derive(move || reassign.value().get().and_then(Result::err).filter(|e| e.field("reason").is_none())) />
                <button type="submit" class="button" disabled=move || reassign.pending().get() || person.get().is_empty() || peer.get().is_empty()>"Re-assign"</button>
            </form>
        </section>
    }
    .into_any()
}
