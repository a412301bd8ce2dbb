//! Check-ins: log a meeting (when, how, shared notes, goals it moved, how useful it was, and a private note
//! only you will ever see), and read the pair's meetings, newest first.

use leptos::prelude::*;

use super::workspace::Refresh;
use crate::api::workspace::{LogCheckIn, SavePrivateNote};
use crate::components::{failure, on_success, FormAlert};
use crate::error::AppError;
use crate::workspace::{CheckInForm, CheckInView, Workspace};
use engine::options::COMMUNICATION_METHODS;

const USEFULNESS: [(u8, &str); 5] = [
    (1, "1 · not useful"),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, "5 · very useful"),
];

#[component]
pub fn CheckInsSection(state: RwSignal<Workspace>) -> AnyView {
    // A memo, so the forms below are rebuilt only when the pair ends, not on every refresh.
    let active = Memo::new(move |_| state.with(|ws| ws.status.is_open()));
    let check_ins = move || state.with(|ws| ws.check_ins.clone());
    view! {
        <section class="card card--wide" aria-labelledby="check-ins-title">
            <h2 id="check-ins-title">"Check-ins"</h2>
            {move || active.get().then(|| view! { <LogForm state /> })}
            {move || state.with(|ws| ws.check_ins.is_empty()).then(|| view! {
                <p class="muted">"No check-in logged yet."</p>
            })}
            <ol class="check-ins">
                <For each=check_ins key=|c| (c.id, c.private_note.clone()) let:check_in>
                    <CheckInItem check_in />
                </For>
            </ol>
        </section>
    }
    .into_any()
}

#[component]
fn LogForm(state: RwSignal<Workspace>) -> AnyView {
    let refresh = expect_context::<Refresh>();
    let log = ServerAction::<LogCheckIn>::new();
    let (pair_id, today) = state.with_untracked(|ws| (ws.pair_id, ws.today.clone()));
    let met_on = RwSignal::new(today.clone());
    let how = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let moved = RwSignal::new(Vec::<i64>::new());
    let usefulness = RwSignal::new(0u8);
    let private_note = RwSignal::new(String::new());
    let logged = RwSignal::new(false);
    on_success(log.value(), move |()| {
        notes.set(String::new());
        moved.set(Vec::new());
        usefulness.set(0);
        private_note.set(String::new());
        logged.set(true);
        refresh.0.run(());
    });
    let error = move |field: &'static str| {
        move || {
            log.value()
                .get()
                .and_then(Result::err)
                .and_then(|e: AppError| e.field(field))
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            if error(field)().is_some() {
                "true"
            } else {
                "false"
            }
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        logged.set(false);
        log.dispatch(LogCheckIn {
            pair_id,
            form: CheckInForm {
                met_on: met_on.get_untracked(),
                how: how.get_untracked(),
                notes: notes.get_untracked(),
                goals_moved: moved.get_untracked(),
                usefulness: usefulness.get_untracked(),
                private_note: private_note.get_untracked(),
            },
        });
    };
    view! {
        <form class="form check-in-form" on:submit=submit novalidate>
            <h3>"Log a check-in"</h3>
            <div class="form__row">
                <div class="field" class:field--invalid=move || error("met_on")().is_some()>
                    <label for="check-in-date">"When you met"</label>
                    <input id="check-in-date" type="date" max=today aria-describedby="check-in-date-error" aria-invalid=invalid("met_on")
                        prop:value=move || met_on.get() on:input=move |ev| met_on.set(event_target_value(&ev)) />
                    <p class="field__error" id="check-in-date-error">{error("met_on")}</p>
                </div>
                <div class="field" class:field--invalid=move || error("how")().is_some()>
                    <label for="check-in-how">"How"</label>
                    <select id="check-in-how" aria-describedby="check-in-how-error" aria-invalid=invalid("how")
                        on:change=move |ev| how.set(event_target_value(&ev))>
                        <option value="" selected=move || how.get().is_empty()>"Choose"</option>
                        {COMMUNICATION_METHODS.iter().map(|m| view! { <option value=*m selected=move || how.get() == *m>{*m}</option> }).collect_view()}
                    </select>
                    <p class="field__error" id="check-in-how-error">{error("how")}</p>
                </div>
            </div>
            <div class="field">
                <label for="check-in-notes">"Notes (your peer sees these)"</label>
                <textarea id="check-in-notes" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </div>
            {move || {
                let goals = state.with(|ws| ws.goals.clone());
                (!goals.is_empty()).then(|| view! {
                    <fieldset class="choice-group">
                        <legend>"Goals this meeting moved"</legend>
                        <div class="choice-group__options">
                            {goals.into_iter().map(|g| {
                                let id = g.id;
                                view! {
                                    <label class="choice">
                                        <input type="checkbox" prop:checked=move || moved.with(|m| m.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                moved.update(|m| { m.retain(|x| *x != id); if on { m.push(id); } });
                                            } />
                                        " "{g.title}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                })
            }}
            <fieldset class="choice-group" class:field--invalid=move || error("usefulness")().is_some() aria-describedby="check-in-useful-error">
                <legend>"How useful was it?"</legend>
                <div class="choice-group__options usefulness">
                    {USEFULNESS.into_iter().map(|(n, label)| view! {
                        <label class="choice"><input type="radio" name="usefulness" prop:checked=move || usefulness.get() == n on:change=move |_| usefulness.set(n) />" "{label}</label>
                    }).collect_view()}
                </div>
                <p class="field__error" id="check-in-useful-error">{error("usefulness")}</p>
            </fieldset>
            <div class="field">
                <label for="check-in-private">"Private note (only you will see it)"</label>
                <textarea id="check-in-private" rows="2" prop:value=move || private_note.get() on:input=move |ev| private_note.set(event_target_value(&ev))></textarea>
            </div>
            <FormAlert error=Signal::derive(move || log.value().get().and_then(Result::err).filter(|e| !matches!(e, AppError::Invalid(_)))) />
            {move || logged.get().then(|| view! { <p class="form-success" role="status">"Check-in logged."</p> })}
            <button type="submit" class="button button--primary" disabled=move || log.pending().get()>"Log the check-in"</button>
        </form>
    }
    .into_any()
}

#[component]
fn CheckInItem(check_in: CheckInView) -> AnyView {
    let refresh = expect_context::<Refresh>();
    let save = ServerAction::<SavePrivateNote>::new();
    on_success(save.value(), move |()| {
        refresh.0.run(());
    });
    let id = check_in.id;
    let note = RwSignal::new(check_in.private_note.clone().unwrap_or_default());
    let stars = "★".repeat(usize::from(check_in.usefulness))
        + &"☆".repeat(5 - usize::from(check_in.usefulness.min(5)));
    view! {
        <li class="check-in" data-testid="check-in">
            <p class="check-in__head">
                <strong>{check_in.met_on.clone()}</strong>
                {format!(" · {} · logged by {}", check_in.how, check_in.logged_by)}
                <span class="check-in__useful" aria-label=format!("Usefulness {} of 5", check_in.usefulness)>{format!(" {stars}")}</span>
            </p>
            {(!check_in.notes.is_empty()).then(|| view! { <p class="prewrap">{check_in.notes.clone()}</p> })}
            {(!check_in.goals_moved.is_empty()).then(|| view! {
                <p class="muted">{format!("Moved: {}", check_in.goals_moved.join(", "))}</p>
            })}
            <details class="check-in__private">
                <summary>{if check_in.private_note.is_some() { "Your private note" } else { "Add a private note" }}</summary>
                <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); save.dispatch(SavePrivateNote { check_in_id: id, note: note.get_untracked() }); }>
                    <label class="visually-hidden" for=format!("private-{id}")>"Private note"</label>
                    <textarea id=format!("private-{id}") rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <button type="submit" class="button button--small">"Save"</button>
                </form>
                <FormAlert error=failure(save.value()) />
            </details>
        </li>
    }
    .into_any()
}
