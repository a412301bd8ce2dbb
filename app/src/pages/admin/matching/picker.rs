//! Choosing one of a run's people by typing part of their name: the suggestions come from the server, so a large
//! cohort's names are never all sent to the page.

use leptos::prelude::*;

use crate::api::matching::find_people;
use crate::components::Debounce;
use crate::matching::Member;
use crate::types::CycleId;

#[component]
pub fn PersonPicker(
    id: &'static str,
    label: &'static str,
    cycle_id: CycleId,
    run: i32,
    chosen: RwSignal<String>,
    text: RwSignal<String>,
    error: Signal<Option<String>>,
) -> AnyView {
    let found = RwSignal::new(Vec::<Member>::new());
    let pause = Debounce::new();
    let search = Action::new(move |query: &String| {
        let query = query.clone();
        async move { (query.clone(), find_people(cycle_id, run, query).await) }
    });
    // The person whose label is exactly the text, among the suggestions.
    let resolve = move || {
        let typed = text.get_untracked();
        let id = found.with_untracked(|people| {
            people
                .iter()
                .find(|m| m.label() == typed)
                .map(|m| m.id.to_string())
        });
        chosen.set(id.unwrap_or_default());
    };
    Effect::new(move |_| {
        if let Some((query, Ok(people))) = search.value().get() {
            // Suggestions for what is typed now only; an answer to an older text is dropped.
            if query == text.get_untracked() {
                found.set(people);
                resolve();
            }
        }
    });
    let list = format!("{id}-suggestions");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            <input id=id type="text" autocomplete="off" list=list.clone() placeholder="Type a name"
                aria-describedby=error_id.clone()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                prop:value=move || text.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    text.set(typed.clone());
                    resolve();
                    if !typed.trim().is_empty() {
                        pause.call(move || { search.dispatch(typed); });
                    }
                } />
            <datalist id=list>
                {move || found.get().iter().map(|m| view! { <option value=m.label()></option> }).collect_view()}
            </datalist>
            <p class="field__error" id=error_id>{move || error.get()}</p>
        </div>
    }
    .into_any()
}
