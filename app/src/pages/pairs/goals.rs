//! The pair's goals: add one (title, why it matters, target date, whose it is), move its progress and
//! status, read its history. Either member can do all of it; both see the same list.

use leptos::prelude::*;

use super::workspace::Refresh;
use crate::api::workspace::{AddGoal, UpdateGoal};
use crate::components::{failure, on_success, FormAlert};
use crate::error::AppError;
use crate::types::PairId;
use crate::workspace::{GoalForm, GoalOwner, GoalStatus, GoalUpdate, GoalView, Workspace};

#[component]
pub fn GoalsSection(state: RwSignal<Workspace>) -> AnyView {
    // A memo, so the forms below are rebuilt only when the pair ends, not on every refresh.
    let active = Memo::new(move |_| state.with(|ws| ws.status.is_open()));
    let goals = move || state.with(|ws| ws.goals.clone());
    view! {
        <section class="card card--wide" aria-labelledby="goals-title">
            <h2 id="goals-title">"Your goals"</h2>
            {move || state.with(|ws| ws.goals.is_empty()).then(|| view! {
                <p class="muted">"No goals yet. Agree on them together during your first check-in, then add them here."</p>
            })}
            <ul class="goals">
                <For each=goals key=|g| (g.id, g.progress, g.status.key(), g.history.len()) let:goal>
                    <GoalItem goal active=Signal::from(active) />
                </For>
            </ul>
            {move || active.get().then(|| view! { <AddGoalForm pair_id=state.with_untracked(|ws| ws.pair_id) /> })}
        </section>
    }
    .into_any()
}

#[component]
fn GoalItem(goal: GoalView, active: Signal<bool>) -> AnyView {
    let refresh = expect_context::<Refresh>();
    let update = ServerAction::<UpdateGoal>::new();
    on_success(update.value(), move |()| {
        refresh.0.run(());
    });
    let id = goal.id;
    let progress = RwSignal::new(goal.progress);
    let status = RwSignal::new(goal.status);
    let title = goal.title.clone();
    let due = goal
        .target_on
        .clone()
        .map(|d| format!(" · by {d}"))
        .unwrap_or_default();
    let badge = match goal.status {
        GoalStatus::Done => "badge badge--open",
        GoalStatus::Dropped => "badge badge--closed",
        _ => "badge",
    };
    let history = goal.history.len();
    view! {
        <li class="goal" data-testid="goal">
            <div class="goal__head">
                <h3>{goal.title.clone()}</h3>
                <span class=badge>{goal.status.label()}</span>
            </div>
            <p class="muted">{format!("{}{due}", goal.owner_label)}</p>
            {(!goal.why.is_empty()).then(|| view! { <p>{goal.why.clone()}</p> })}
            <progress class="progress-bar" max="100" value=goal.progress aria-label=format!("Progress of {title}")>
                {format!("{}%", goal.progress)}
            </progress>
            <p class="goal__percent">{format!("{}%", goal.progress)}</p>
            {move || active.get().then(|| view! {
                <form class="goal__update" on:submit=move |ev| {
                    ev.prevent_default();
                    update.dispatch(UpdateGoal { goal_id: id, update: GoalUpdate { progress: progress.get_untracked(), status: status.get_untracked() } });
                }>
                    <div class="field field--inline">
                        <label for=format!("progress-{id}")>"Progress (%)"</label>
                        <input id=format!("progress-{id}") type="number" min="0" max="100" step="5" inputmode="numeric" class="input--number"
                            prop:value=move || progress.get().to_string()
                            on:input=move |ev| progress.set(event_target_value(&ev).trim().parse().unwrap_or(0)) />
                    </div>
                    <div class="field field--inline">
                        <label for=format!("status-{id}")>"Status"</label>
                        <select id=format!("status-{id}") on:change=move |ev| {
                            if let Some(s) = GoalStatus::from_key(&event_target_value(&ev)) { status.set(s); }
                        }>
                            {GoalStatus::ALL.into_iter().map(|s| view! {
                                <option value=s.key() selected=move || status.get() == s>{s.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button button--small" disabled=move || update.pending().get()>"Update"</button>
                </form>
                <FormAlert error=failure(update.value()) />
            })}
            <details class="goal__history">
                <summary>{format!("History ({history})")}</summary>
                <ul>
                    {goal.history.iter().map(|h| view! { <li>{format!("{} — {}: {}", h.at, h.who, h.change)}</li> }).collect_view()}
                </ul>
            </details>
        </li>
    }
    .into_any()
}

#[component]
fn AddGoalForm(pair_id: PairId) -> AnyView {
    let refresh = expect_context::<Refresh>();
    let add = ServerAction::<AddGoal>::new();
    let title = RwSignal::new(String::new());
    let why = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let owner = RwSignal::new(GoalOwner::Both);
    on_success(add.value(), move |()| {
        title.set(String::new());
        why.set(String::new());
        target.set(String::new());
        refresh.0.run(());
    });
    let error = move |field: &'static str| {
        move || {
            add.value()
                .get()
                .and_then(Result::err)
                .and_then(|e: AppError| e.field(field))
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch(AddGoal {
            pair_id,
            form: GoalForm {
                title: title.get_untracked(),
                why: why.get_untracked(),
                target_on: target.get_untracked(),
                owner: owner.get_untracked(),
            },
        });
    };
    view! {
        <form class="form goal-form" on:submit=submit novalidate>
            <h3>"Add a goal"</h3>
            <div class="field" class:field--invalid=move || error("title")().is_some()>
                <label for="goal-title">"Goal"</label>
                <input id="goal-title" type="text" maxlength="150" aria-describedby="goal-title-error"
                    aria-invalid=move || if error("title")().is_some() { "true" } else { "false" }
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                <p class="field__error" id="goal-title-error">{error("title")}</p>
            </div>
            <div class="field" class:field--invalid=move || error("why")().is_some()>
                <label for="goal-why">"Why it matters"</label>
                <textarea id="goal-why" rows="2" aria-describedby="goal-why-error"
                    prop:value=move || why.get() on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                <p class="field__error" id="goal-why-error">{error("why")}</p>
            </div>
            <div class="form__row">
                <div class="field" class:field--invalid=move || error("target_on")().is_some()>
                    <label for="goal-target">"Target date (optional)"</label>
                    <input id="goal-target" type="date" aria-describedby="goal-target-error"
                        aria-invalid=move || if error("target_on")().is_some() { "true" } else { "false" }
                        prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev)) />
                    <p class="field__error" id="goal-target-error">{error("target_on")}</p>
                </div>
                <fieldset class="choice-group">
                    <legend>"Whose goal"</legend>
                    <div class="choice-group__options">
                        {[(GoalOwner::Me, "Mine"), (GoalOwner::Peer, "My peer's"), (GoalOwner::Both, "Both of ours")].into_iter().map(|(o, label)| view! {
                            <label class="choice"><input type="radio" name="goal-owner" prop:checked=move || owner.get() == o on:change=move |_| owner.set(o) />" "{label}</label>
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <FormAlert error=Signal::derive(move || add.value().get().and_then(Result::err).filter(|e| !matches!(e, AppError::Invalid(_)))) />
            <button type="submit" class="button button--primary" disabled=move || add.pending().get()>"Add the goal"</button>
        </form>
    }
    .into_any()
}
