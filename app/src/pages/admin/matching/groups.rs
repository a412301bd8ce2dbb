//! The run's pairs with their explained scores (lock, forbid, or move someone from here), and the people
//! left without a peer with the reason and the trio they could join.

use leptos::prelude::*;

use super::{Proposal, Reload};
use crate::api::matching::SetPairRule;
use crate::components::FormAlert;
use crate::error::AppError;
use crate::matching::{Adjustment, GroupView, PairRule, RunView, UnmatchedView};

fn names(group: &GroupView) -> String {
    group
        .members
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(" & ")
}

#[component]
pub fn GroupsPanel(cycle_id: i64, run: RunView, editable: bool) -> AnyView {
    let reload = expect_context::<Reload>();
    let rule = ServerAction::<SetPairRule>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = rule.value().get() {
            reload.now();
        }
    });
    let error = Signal::derive(move || rule.value().get().and_then(Result::<(), AppError>::err));
    let count = run.groups.len();
    view! {
        <section class="card card--wide" aria-labelledby="pairs-title">
            <h2 id="pairs-title">{format!("Pairs ({count})")}</h2>
            <p class="muted">"Open a pair to see why it scores what it does. Lock keeps a pair in the next run; Forbid keeps them apart."</p>
            <FormAlert error />
            <ol class="pairs">
                {run.groups.into_iter().map(|group| view! { <Group cycle_id group rule editable /> }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// The people the run left without a peer, if any.
#[component]
pub fn UnmatchedPanel(run: RunView, editable: bool) -> AnyView {
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
fn Group(
    cycle_id: i64,
    group: GroupView,
    rule: ServerAction<SetPairRule>,
    editable: bool,
) -> AnyView {
    let title = names(&group);
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
    let (locked, forbidden) = (group.locked, group.forbidden);
    view! {
        <li class="pair" class:pair--locked=locked class:pair--forbidden=forbidden>
            <details>
                <summary>
                    <span class="pair__names">{title.clone()}</span>
                    <span class="pair__score">{format!("{} points", group.score)}</span>
                    {locked.then(|| view! { <span class="badge badge--open">"Locked"</span> })}
                    {forbidden.then(|| view! { <span class="badge badge--failed">"Forbidden next run"</span> })}
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
            {(editable && pair.is_some()).then(|| view! {
                <div class="pair__actions">
                    {if locked {
                        view! { <button type="button" class="button button--small button--quiet" aria-label=format!("Unlock {title}") on:click=move |_| dispatch(PairRule::Clear)>"Unlock"</button> }.into_any()
                    } else {
                        view! { <button type="button" class="button button--small" aria-label=format!("Lock {title}") on:click=move |_| dispatch(PairRule::Lock)>"Lock"</button> }.into_any()
                    }}
                    {if forbidden {
                        view! { <button type="button" class="button button--small button--quiet" aria-label=format!("Allow {title}") on:click=move |_| dispatch(PairRule::Clear)>"Allow"</button> }.into_any()
                    } else {
                        view! { <button type="button" class="button button--small button--quiet" aria-label=format!("Forbid {title}") on:click=move |_| dispatch(PairRule::Forbid)>"Forbid"</button> }.into_any()
                    }}
                </div>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn Unmatched(u: UnmatchedView, editable: bool) -> AnyView {
    let proposal = expect_context::<Proposal>();
    let person = u.member.id;
    view! {
        <li>
            <strong>{u.member.name.clone()}</strong>
            <span class="muted">{format!(" ({})", u.member.institution)}</span>
            <p>{u.reason.clone()}</p>
            {u.triad.clone().map(|(join, adds)| {
                let label = join.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(" & ");
                let member = join.first().map_or(0, |m| m.id);
                view! {
                    <p>
                        {format!("Best trio: with {label} (adds {adds} points). ")}
                        {editable.then(|| view! {
                            <button type="button" class="button button--small"
                                on:click=move |_| proposal.0.set(Some(Adjustment::JoinGroup { person, member }))>
                                "Preview this trio"
                            </button>
                        })}
                    </p>
                }
            })}
        </li>
    }
    .into_any()
}
