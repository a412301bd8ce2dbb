//! The run's pairs with their explained scores (lock, forbid, or move someone from here), and the people
//! left without a peer with the reason and the trio they could join.

use leptos::prelude::*;

use super::{Page, Proposal};
use crate::api::matching::{load_groups, SetPairRule};
use crate::components::{failure, on_success, Debounce, FormAlert};
use crate::matching::{Adjustment, GroupView, PairRule, RunView, UnmatchedView, GROUPS_PAGE};

fn names(group: &GroupView) -> String {
    group
        .members
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The run's pairs, a page at a time; searching and the pages asked for are the panel's own and outlive a
/// refresh of the page's data (which brings the new lock and forbid marks).
#[component]
pub fn GroupsPanel(run: RunView, editable: Signal<bool>) -> AnyView {
    let page = expect_context::<Page>();
    let cycle_id = page.cycle_id;
    let rule = ServerAction::<SetPairRule>::new();
    on_success(rule.value(), move |()| {
        page.refresh();
    });
    let error = failure(rule.value());
    let count = run.group_count;
    let number = run.number;
    // The groups shown: the page's first ones, then each page asked for appended; a search starts over.
    let shown = RwSignal::new(run.groups.into_iter().enumerate().collect::<Vec<_>>());
    let matching = RwSignal::new(count);
    let query = RwSignal::new(String::new());
    let pause = Debounce::new();
    let load = Action::new(move |(text, offset): &(String, usize)| {
        let (text, offset) = (text.clone(), *offset);
        async move {
            let page = load_groups(cycle_id, number, text.clone(), offset).await;
            (text, offset, page)
        }
    });
    Effect::new(move |_| {
        let Some((text, offset, Ok(page))) = load.value().get() else {
            return;
        };
        // An answer to an older search is dropped.
        if text != query.get_untracked() {
            return;
        }
        matching.set(page.matching);
        if offset == 0 {
            shown.set(page.groups);
        } else {
            shown.update(|groups| groups.extend(page.groups));
        }
    });
    let load_error = Signal::derive(move || load.value().get().and_then(|(_, _, page)| page.err()));
    let summary = move || {
        let (showing, of) = (shown.with(Vec::len), matching.get());
        if query.with(String::is_empty) {
            format!("Showing {showing} of {of} pairs.")
        } else {
            format!(
                "{of} pairs with a member named like “{}”; showing {showing}.",
                query.get()
            )
        }
    };
    view! {
        <section class="card card--wide" aria-labelledby="pairs-title">
            <h2 id="pairs-title">{format!("Pairs ({count})")}</h2>
            <p class="muted">"Open a pair to see why it scores what it does. Lock keeps a pair in the next run; Forbid keeps them apart."</p>
            {(count > GROUPS_PAGE).then(|| view! {
                <div class="field pairs__search">
                    <label for="pairs-search">"Find a pair by a member’s name"</label>
                    <input id="pairs-search" type="search" autocomplete="off" prop:value=move || query.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            query.set(text.clone());
                            pause.call(move || { load.dispatch((text, 0)); });
                        } />
                </div>
            })}
            <FormAlert error />
            <FormAlert error=load_error />
            <ol class="pairs">
                <For each=move || shown.get() key=|(i, _)| *i
                    children=move |(_, group)| view! { <Group group rule editable /> } />
            </ol>
            <p class="muted" role="status">{summary}</p>
            {move || (shown.with(Vec::len) < matching.get()).then(|| view! {
                <button type="button" class="button" disabled=move || load.pending().get()
                    on:click=move |_| { load.dispatch((query.get_untracked(), shown.with_untracked(Vec::len))); }>
                    {move || format!("Show {} more", (matching.get() - shown.with(Vec::len)).min(GROUPS_PAGE))}
                </button>
            })}
        </section>
    }
    .into_any()
}

/// The people the run left without a peer, if any.
#[component]
pub fn UnmatchedPanel(run: RunView, editable: Signal<bool>) -> AnyView {
    let left = run.unmatched.len();
    (left > 0).then(|| view! {
        <section class="card card--wide" aria-labelledby="unmatched-title">
            <h2 id="unmatched-title">{format!("Without a peer ({left})")}</h2>
            <ul class="unmatched">
                {run.unmatched.into_iter().map(|u| view! { <Unmatched u editable /> }).collect_view()}
            </ul>
        </section>
    })
    .into_any()
}

#[component]
fn Group(group: GroupView, rule: ServerAction<SetPairRule>, editable: Signal<bool>) -> AnyView {
    let page = expect_context::<Page>();
    let cycle_id = page.cycle_id;
    let title = StoredValue::new(names(&group));
    let pair = (group.members.len() == 2).then(|| [group.members[0].id, group.members[1].id]);
    let institutions = group
        .members
        .iter()
        .map(|m| m.institution.clone())
        .collect::<Vec<_>>()
        .join(" · ");
    let dispatch = move |r: PairRule| {
        if let Some(pair) = pair {
            rule.dispatch(SetPairRule {
                cycle_id,
                pair,
                rule: r,
            });
        }
    };
    let rules = Memo::new(move |_| pair.map_or((false, false), |pair| page.rule(pair)));
    let locked = move || rules.get().0;
    let forbidden = move || rules.get().1;
    view! {
        <li class="pair" class:pair--locked=locked class:pair--forbidden=forbidden>
            <details>
                <summary>
                    <span class="pair__names">{title.get_value()}</span>
                    <span class="pair__score">{format!("{} points", group.score)}</span>
                    {move || locked().then(|| view! { <span class="badge badge--open">"Locked"</span> })}
                    {move || forbidden().then(|| view! { <span class="badge badge--failed">"Forbidden next run"</span> })}
                    {(group.members.len() == 3).then(|| view! { <span class="badge">"Trio"</span> })}
                </summary>
                <p class="muted">{institutions}</p>
                <ul class="explain">
                    {group.components.iter().map(|c| view! {
                        <li>
                            <span class="explain__points">{format!("{:+}", c.points)}</span>
                            " "{c.explanation.clone()}
                            {c.confidential.then(|| view! { " "<span class="badge badge--confidential">"confidential"</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </details>
            {move || (editable.get() && pair.is_some()).then(|| view! {
                <div class="pair__actions">
                    {move || if locked() {
                        view! { <button type="button" class="button button--small button--quiet" aria-label=format!("Unlock {}", title.get_value()) on:click=move |_| dispatch(PairRule::Clear)>"Unlock"</button> }.into_any()
                    } else {
                        view! { <button type="button" class="button button--small" aria-label=format!("Lock {}", title.get_value()) on:click=move |_| dispatch(PairRule::Lock)>"Lock"</button> }.into_any()
                    }}
                    {move || if forbidden() {
                        view! { <button type="button" class="button button--small button--quiet" aria-label=format!("Allow {}", title.get_value()) on:click=move |_| dispatch(PairRule::Clear)>"Allow"</button> }.into_any()
                    } else {
                        view! { <button type="button" class="button button--small button--quiet" aria-label=format!("Forbid {}", title.get_value()) on:click=move |_| dispatch(PairRule::Forbid)>"Forbid"</button> }.into_any()
                    }}
                </div>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn Unmatched(u: UnmatchedView, editable: Signal<bool>) -> AnyView {
    let proposal = expect_context::<Proposal>();
    let person = u.member.id;
    view! {
        <li>
            <strong>{u.member.name.clone()}</strong>
            <span class="muted">{format!(" ({})", u.member.institution)}</span>
            <p>{u.reason.clone()}</p>
            {u.triad.clone().map(|(join, adds)| {
                let label = join.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(" & ");
                let with = join.first().cloned();
                let who = u.member.clone();
                view! {
                    <p>
                        {format!("Best trio: with {label} (adds {adds} points). ")}
                        {move || editable.get().then(|| {
                            let (with, who) = (with.clone(), who.clone());
                            view! {
                            <button type="button" class="button button--small"
                                on:click=move |_| {
                                    if let Some(with) = with.clone() {
                                        let member = with.id;
                                        proposal.0.set(Some((Adjustment::JoinGroup { person, member }, [who.clone(), with])));
                                    }
                                }>
                                "Preview this trio"
                            </button>
                        }})}
                    </p>
                }
            })}
        </li>
    }
    .into_any()
}
