//! The end of the relationship: from its end date each member says how it ended, with a short reflection
//! for the program coordinator (never shown to the peer), and can change their answer later.

use leptos::prelude::*;

use super::workspace::Refresh;
use crate::api::workspace::RecordOutcome;
use crate::components::{on_success, FormAlert};
use crate::error::AppError;
use crate::outcome::{Outcome, OutcomeForm, REFLECTION_MAX};
use crate::workspace::Workspace;

#[component]
pub fn ClosingSection(state: RwSignal<Workspace>) -> AnyView {
    let refresh = expect_context::<Refresh>();
    let record = ServerAction::<RecordOutcome>::new();
    let (pair_id, given) = state.with_untracked(|ws| (ws.pair_id, ws.outcome.clone()));
    let outcome = RwSignal::new(
        given
            .as_ref()
            .map(|g| g.outcome.key().to_owned())
            .unwrap_or_default(),
    );
    let reflection = RwSignal::new(given.map(|g| g.reflection).unwrap_or_default());
    let saved = RwSignal::new(false);
    on_success(record.value(), move |()| {
        saved.set(true);
        refresh.0.run(());
    });
    let error = move |field: &'static str| {
        move || {
            record
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e: AppError| e.field(field))
        }
    };
    let answered = move || {
        state.with(|ws| {
            ws.outcome
                .as_ref()
                .map(|o| format!("You answered on {}: {}.", o.answered_on, o.outcome.choice()))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        record.dispatch(RecordOutcome {
            pair_id,
            form: OutcomeForm {
                outcome: outcome.get_untracked(),
                reflection: reflection.get_untracked(),
            },
        });
    };
    view! {
        <section class="card card--wide closing" aria-labelledby="closing-title">
            <h2 id="closing-title">"How did your relationship end?"</h2>
            <p>"Your relationship has reached its end date. Tell the program coordinator how it ended; your peer does not see your answer."</p>
            {move || answered().map(|text| view! { <p class="form-success" data-testid="outcome">{text}" You can change it below."</p> })}
            <form class="form" on:submit=submit novalidate>
                <fieldset class="choice-group" class:field--invalid=move || error("outcome")().is_some() aria-describedby="outcome-error">
                    <legend>"It ended…"</legend>
                    <div class="choice-group__options choice-group__options--stacked">
                        {Outcome::ALL.into_iter().map(|o| view! {
                            <label class="choice">
                                <input type="radio" name="outcome" value=o.key()
                                    prop:checked=move || outcome.get() == o.key()
                                    on:change=move |_| outcome.set(o.key().to_owned()) />
                                " "{o.choice()}
                            </label>
                        }).collect_view()}
                    </div>
                    <p class="field__error" id="outcome-error">{error("outcome")}</p>
                </fieldset>
                <div class="field" class:field--invalid=move || error("reflection")().is_some()>
                    <label for="outcome-reflection">"What do you take from it? (optional)"</label>
                    <textarea id="outcome-reflection" rows="3" maxlength=REFLECTION_MAX aria-describedby="outcome-reflection-error"
                        prop:value=move || reflection.get() on:input=move |ev| reflection.set(event_target_value(&ev))></textarea>
                    <p class="field__error" id="outcome-reflection-error">{error("reflection")}</p>
                </div>
                <FormAlert error=Signal::derive(move || record.value().get().and_then(Result::err).filter(|e| !matches!(e, AppError::Invalid(_)))) />
                {move || saved.get().then(|| view! { <p class="form-success" role="status">"Thank you: your answer is saved."</p> })}
                <button type="submit" class="button button--primary" disabled=move || record.pending().get()>"Send my answer"</button>
            </form>
        </section>
    }
    .into_any()
}
