//! A program's rhythm on the programs page: the sentence it reads as, and the form that changes it (window
//! months, window length, days to matching and to the start, relationship length).

use leptos::prelude::*;

use crate::api::rhythm::SaveRhythm;
use crate::components::{FormAlert, TextField};
use crate::rhythm::{RhythmForm, MONTH_NAMES};
use crate::types::ProgramId;

/// The rhythm's sentence with a button that opens its form.
#[component]
pub fn RhythmCard(
    program_id: ProgramId,
    form: RhythmForm,
    summary: String,
    action: ServerAction<SaveRhythm>,
) -> AnyView {
    let editing = RwSignal::new(false);
    view! {
        <div class="rhythm">
            <p><strong>"Rhythm: "</strong>{summary}" "
                <button type="button" class="button button--small button--quiet" on:click=move |_| editing.update(|e| *e = !*e)>
                    "Change the rhythm"
                </button>
            </p>
            {move || editing.get().then(|| view! {
                <RhythmEditor program_id initial=form.clone() action on_close=Callback::new(move |()| editing.set(false)) />
            })}
        </div>
    }
    .into_any()
}

#[component]
fn RhythmEditor(
    program_id: ProgramId,
    initial: RhythmForm,
    action: ServerAction<SaveRhythm>,
    on_close: Callback<()>,
) -> AnyView {
    let months = RwSignal::new(initial.months);
    let window_days = RwSignal::new(initial.window_days);
    let matching_after_days = RwSignal::new(initial.matching_after_days);
    let start_after_days = RwSignal::new(initial.start_after_days);
    let length_months = RwSignal::new(initial.length_months);
    // The action is the page's: only results after this form was opened count.
    let opened_at = action.version().get_untracked();
    let own_result = move || {
        (action.version().get() > opened_at && !action.pending().get())
            .then(|| action.value().get())
            .flatten()
    };
    let error = Signal::derive(move || own_result().and_then(Result::err));
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    Effect::new(move |_| {
        if matches!(own_result(), Some(Ok(()))) {
            on_close.run(());
        }
    });
    let months_error = field("months");
    view! {
        <form class="form form--grid" novalidate on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(SaveRhythm {
                program_id,
                form: RhythmForm {
                    months: months.get_untracked(),
                    window_days: window_days.get_untracked(),
                    matching_after_days: matching_after_days.get_untracked(),
                    start_after_days: start_after_days.get_untracked(),
                    length_months: length_months.get_untracked(),
                },
            });
        }>
            <h3>"The program's rhythm"</h3>
            <p class="muted form__wide">"New cycles are proposed from it: each window opens on the 1st of a month ticked here."</p>
            <fieldset class="choice-group form__wide" class:field--invalid=move || months_error.get().is_some() aria-describedby="rhythm-months-error">
                <legend>"Windows open in"</legend>
                <div class="choice-group__options choice-group__options--months">
                    {MONTH_NAMES.iter().zip(1u32..).map(|(name, month)| view! {
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || months.with(|m| m.contains(&month))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    months.update(|m| { m.retain(|x| *x != month); if on { m.push(month); m.sort_unstable(); } });
                                } />
                            " "{*name}
                        </label>
                    }).collect_view()}
                </div>
                <p class="field__error" id="rhythm-months-error">{move || months_error.get()}</p>
            </fieldset>
            <TextField label="Days a window stays open" name="rhythm_window_days" kind="number" value=window_days error=field("window_days") />
            <TextField label="Days from the close to matching" name="rhythm_matching_after_days" kind="number" value=matching_after_days error=field("matching_after_days") />
            <TextField label="Days from matching to the start" name="rhythm_start_after_days" kind="number" value=start_after_days error=field("start_after_days") />
            <TextField label="Relationship length (months, at least 6)" name="rhythm_length_months" kind="number" value=length_months error=field("length_months") />
            <div class="form__wide">
                <FormAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_)))) />
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Save the rhythm"</button>
                <button type="button" class="button button--quiet" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}
