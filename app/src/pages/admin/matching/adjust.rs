//! Moving people by hand: choose a person and whom they should be with (as a pair, or as the third of a
//! pair), see what changes and the score difference, then apply it as a new run.

use leptos::prelude::*;

use super::picker::PersonPicker;
use super::Proposal;
use crate::api::matching::{ApplyAdjustment, PreviewAdjustment};
use crate::components::{on_success, FormAlert};
use crate::matching::{Adjustment, AdjustmentPreview, GroupView};
use crate::types::{CycleId, UserId};

/// Adjustments to run `number`; the panel is rebuilt (and emptied) when another run is shown.
#[component]
pub fn AdjustPanel(cycle_id: CycleId, number: i32) -> AnyView {
    // Each picker: the chosen person's id ("" until one is chosen) and the text in its box.
    let person = RwSignal::new(String::new());
    let person_text = RwSignal::new(String::new());
    let other = RwSignal::new(String::new());
    let other_text = RwSignal::new(String::new());
    let trio = RwSignal::new(false);
    let asked = RwSignal::new(false);
    let preview = ServerAction::<PreviewAdjustment>::new();
    let apply = ServerAction::<ApplyAdjustment>::new();
    let adjustment = move || {
        let (a, b) = (
            person.get().parse::<UserId>().ok()?,
            other.get().parse::<UserId>().ok()?,
        );
        Some(if trio.get() {
            Adjustment::JoinGroup {
                person: a,
                member: b,
            }
        } else {
            Adjustment::PairWith { person: a, peer: b }
        })
    };
    let ask = move || {
        asked.set(true);
        if let Some(adjustment) = adjustment() {
            preview.dispatch(PreviewAdjustment {
                cycle_id,
                run: number,
                adjustment,
            });
        }
    };
    // A trio proposed from the list of unmatched people fills the form and is previewed at once.
    let proposal = expect_context::<Proposal>();
    Effect::new(move |_| {
        if let Some((
            Adjustment::JoinGroup {
                person: a,
                member: b,
            },
            [who, with],
        )) = proposal.0.get()
        {
            person.set(a.to_string());
            person_text.set(who.label());
            other.set(b.to_string());
            other_text.set(with.label());
            trio.set(true);
            ask();
            proposal.0.set(None);
            if let Some(panel) = document().get_element_by_id("adjust-title") {
                panel.scroll_into_view();
            }
        }
    });
    on_success(apply.value(), move |new| {
        super::show_run(cycle_id, new);
    });
    let error = Signal::derive(move || {
        apply
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| preview.value().get().and_then(Result::err))
    });
    // Asked to preview with a name typed but not chosen from the suggestions: said at the field.
    let unchosen = move |chosen: RwSignal<String>, text: RwSignal<String>| {
        Signal::derive(move || {
            (asked.get() && chosen.with(String::is_empty)).then(|| {
                if text.with(|t| t.trim().is_empty()) {
                    "Type a name and choose the person from the suggestions.".to_owned()
                } else {
                    "Choose the person from the suggestions.".to_owned()
                }
            })
        })
    };
    view! {
        <section class="card card--wide" aria-labelledby="adjust-title">
            <h2 id="adjust-title">"Adjust by hand"</h2>
            <p class="muted">"The people each leaves behind are paired together when the rules allow. You see the change before it is saved as a new run."</p>
            <form class="form adjust" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                <PersonPicker id="adjust-person" label="Person" cycle_id run=number chosen=person text=person_text error=unchosen(person, person_text) />
                <fieldset class="choice-group">
                    <legend>"Should be"</legend>
                    <div class="choice-group__options">
                        <label class="choice"><input type="radio" name="adjust-kind" prop:checked=move || !trio.get() on:change=move |_| trio.set(false) />" paired with"</label>
                        <label class="choice"><input type="radio" name="adjust-kind" prop:checked=move || trio.get() on:change=move |_| trio.set(true) />" the third of the pair of"</label>
                    </div>
                </fieldset>
                <PersonPicker id="adjust-other" label="Other person" cycle_id run=number chosen=other text=other_text error=unchosen(other, other_text) />
                <button type="submit" class="button" disabled=move || preview.pending().get()>"Preview the change"</button>
            </form>
            <FormAlert error />
            {move || preview.value().get().and_then(Result::ok).map(|shown| {
                let adjustment = adjustment();
                view! {
                    <Change shown />
                    <button type="button" class="button button--primary" disabled=move || apply.pending().get()
                        on:click=move |_| {
                            if let Some(adjustment) = adjustment {
                                apply.dispatch(ApplyAdjustment { cycle_id, run: number, adjustment });
                            }
                        }>
                        "Apply as a new run"
                    </button>
                }
            })}
        </section>
    }
    .into_any()
}

fn group_line(group: &GroupView) -> String {
    let names = group
        .members
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(" & ");
    format!("{names}: {} points", group.score)
}

/// The groups before and after, and the total's change.
#[component]
fn Change(shown: AdjustmentPreview) -> AnyView {
    let delta = shown.total_after - shown.total_before;
    let class = if delta >= 0 {
        "delta delta--better"
    } else {
        "delta delta--worse"
    };
    view! {
        <div class="change" role="status">
            <p><strong>{shown.summary.clone()}</strong></p>
            <p>
                {format!("Total score {} → {} ", shown.total_before, shown.total_after)}
                <span class=class>{format!("({delta:+})")}</span>
            </p>
            <div class="split">
                <div>
                    <h3>"Before"</h3>
                    <ul>{shown.groups_before.iter().map(|g| view! { <li>{group_line(g)}</li> }).collect_view()}</ul>
                </div>
                <div>
                    <h3>"After"</h3>
                    <ul>
                        {shown.groups_after.iter().map(|g| view! { <li>{group_line(g)}</li> }).collect_view()}
                        {shown.left_alone.iter().map(|m| view! { <li>{format!("{}: without a peer", m.name)}</li> }).collect_view()}
                    </ul>
                </div>
            </div>
        </div>
    }
    .into_any()
}
