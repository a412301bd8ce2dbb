//! Labelled form inputs with their error message, wired for screen readers (`aria-invalid`,
//! `aria-describedby`). The input keeps whatever the user typed whatever the error.

use leptos::prelude::*;

/// A labelled text-like input (text, email, password).
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] hint: Option<&'static str>,
    /// What the user typed; the field writes to it on every keystroke.
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Called on every edit (forms use it to switch a field from the server's message to the live check).
    #[prop(optional)]
    on_edit: Option<Callback<()>>,
    /// The input's id when `field-{name}` would not be unique on the page (several forms of one kind).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let described_by = if hint.is_some() {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-error")
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=format!("{id}-hint")>{hint}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                maxlength=maxlength
                aria-describedby=described_by
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(on_edit) = on_edit {
                        on_edit.run(());
                    }
                }
            />
            <p class="field__error" id=format!("{id}-error")>{move || error.get()}</p>
        </div>
    }
}

/// A labelled select with a placeholder option.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    options: &'static [&'static str],
    placeholder: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] on_edit: Option<Callback<()>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                name=name
                aria-describedby=error_id.clone()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(on_edit) = on_edit {
                        on_edit.run(());
                    }
                }
            >
                <option value="" selected=move || value.get().is_empty()>{placeholder}</option>
                {options
                    .iter()
                    .map(|option| {
                        let option = *option;
                        view! { <option value=option selected=move || value.get() == option>{option}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="field__error" id=error_id>{move || error.get()}</p>
        </div>
    }
}
