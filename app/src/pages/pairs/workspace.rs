//! `/pairs/:id`: a pair's workspace. Loaded once with the page, then kept in a signal that is re-read after
//! every change (the member's own, or the peer's announced live), so forms being filled in are never reset.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::check_ins::CheckInsSection;
use super::closing::ClosingSection;
use super::goals::GoalsSection;
use super::profile::PeerCard;
use crate::api::workspace::{load_workspace, EndPair, SetChecklist};
use crate::components::{failure, on_success, ErrorView, FormAlert};
use crate::pages::id_param;
use crate::types::PairId;
use crate::workspace::{PairStatus, Workspace, CHECKLIST};

/// Re-reads the workspace (after a change here or announced by the server).
#[derive(Clone, Copy)]
pub(super) struct Refresh(pub(super) Callback<()>);

#[component]
pub fn WorkspacePage() -> AnyView {
    let pair_id = id_param();
    let loaded = Resource::new_blocking(move || pair_id.get(), load_workspace);
    view! {
        <Title text="Your peer" />
        <Suspense fallback=|| view! { <p class="loading">"Loading your workspace…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(workspace) => view! { <WorkspaceView workspace /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn WorkspaceView(workspace: Workspace) -> AnyView {
    let pair_id = workspace.pair_id;
    let state = RwSignal::new(workspace);
    let refresh = Callback::new(move |()| {
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = load_workspace(pair_id).await {
                state.set(fresh);
            }
        });
    });
    provide_context(Refresh(refresh));
    super::live::follow(pair_id, refresh);
    let active = Memo::new(move |_| state.with(|ws| ws.status == PairStatus::Active));
    let finished = Memo::new(move |_| state.with(|ws| ws.status == PairStatus::Finished));
    let ws = state.get_untracked();
    let peers = ws.peers.clone();
    let names = peers
        .iter()
        .map(|p| p.name.clone())
        .collect::<Vec<_>>()
        .join(" and ");
    view! {
        <section class="card card--wide">
            <p class="eyebrow"><A href="/pairs">{format!("{} · {}", ws.program_name, ws.cycle_name)}</A></p>
            <h1>{format!("You and {names}")}</h1>
            <p class="lead">{if ws.status == PairStatus::Active {
                format!("{} Meet at least once a month, set your goals together, and log each check-in here.", ws.timeline)
            } else {
                ws.timeline.clone()
            }}</p>
            {move || state.with(|ws| ws.ended.clone()).map(|ended| view! {
                <p class="notice" role="status" data-testid="ended">{ended}</p>
            })}
        </section>
        {move || finished.get().then(|| view! { <ClosingSection state /> })}
        <div class="workspace">
            {peers.into_iter().map(|peer| view! { <PeerCard peer /> }).collect_view()}
            <Checklist state />
        </div>
        <GoalsSection state />
        <CheckInsSection state />
        {move || active.get().then(|| view! { <EndEarly pair_id contact=state.with_untracked(|ws| ws.contact_email.clone()) /> })}
    }
    .into_any()
}

/// The seed's questions for before and during the first check-in, ticked per member.
#[component]
fn Checklist(state: RwSignal<Workspace>) -> AnyView {
    let set = ServerAction::<SetChecklist>::new();
    let pair_id = state.with_untracked(|ws| ws.pair_id);
    let sections = ["Before your first check-in", "During your first check-in"];
    view! {
        <section class="card checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">"Your first check-in"</h2>
            <p class="muted">"Only you see your ticks."</p>
            {sections.into_iter().map(|section| view! {
                <fieldset class="checklist__group">
                    <legend>{section}</legend>
                    {CHECKLIST.iter().filter(|(_, s, _)| *s == section).map(|(key, _, text)| {
                        let key = *key;
                        let id = format!("check-{key}");
                        let label_for = id.clone();
                        let done = move || state.with(|ws| ws.checklist_done.iter().any(|k| k == key));
                        view! {
                            <label class="choice" for=label_for>
                                <input type="checkbox" id=id prop:checked=done
                                    on:change=move |ev| {
                                        let checked = event_target_checked(&ev);
                                        // Ticks show at once; the server keeps them.
                                        state.update(|ws| {
                                            ws.checklist_done.retain(|k| k != key);
                                            if checked {
                                                ws.checklist_done.push(key.to_owned());
                                            }
                                        });
                                        set.dispatch(SetChecklist { pair_id, item: key.to_owned(), done: checked });
                                    } />
                                <span>{*text}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            <FormAlert error=failure(set.value()) />
        </section>
    }
    .into_any()
}

/// Ending the relationship early, with a reason the peer and the coordinator read.
#[component]
fn EndEarly(pair_id: PairId, contact: String) -> AnyView {
    let refresh = expect_context::<Refresh>();
    let end = ServerAction::<EndPair>::new();
    let reason = RwSignal::new(String::new());
    on_success(end.value(), move |()| {
        refresh.0.run(());
    });
    let error = move || {
        end.value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field("reason"))
    };
    view! {
        <section class="card card--wide">
            <details>
                <summary>"End this peer relationship early"</summary>
                <p>{format!("If it is not working, you can end it. Your peer and the program coordinator ({contact}) are told why; your goals and check-ins stay readable.")}</p>
                <form class="form" on:submit=move |ev| { ev.prevent_default(); end.dispatch(EndPair { pair_id, reason: reason.get_untracked() }); }>
                    <div class="field" class:field--invalid=move || error().is_some()>
                        <label for="end-reason">"Why are you ending it?"</label>
                        <textarea id="end-reason" rows="3" maxlength="1000" aria-describedby="end-reason-error"
                            aria-invalid=move || if error().is_some() { "true" } else { "false" }
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <p class="field__error" id="end-reason-error">{error}</p>
                    </div>
                    <FormAlert error=Signal::derive(move || end.value().get().and_then(Result::err).filter(|e| e.field("reason").is_none())) />
                    <button type="submit" class="button button--danger" disabled=move || end.pending().get()>"End the relationship"</button>
                </form>
            </details>
        </section>
    }
    .into_any()
}
