//! Choice inputs over lists that come from data (a program's option lists): checkbox groups, radio groups and
//! selects, each a fieldset or labelled control with its error message wired for screen readers.

use leptos::prelude::*;

/// The id of the element holding `name`'s error message (forms focus fields by these ids).
pub fn error_id(name: &str) -> String {
    format!("field-{name}-error")
}

/// The hint's id and the `aria-describedby` list (hint, then error) of a group.
fn descriptions(name: &str, hint: Option<&str>) -> (String, String) {
    let hint_id = format!("field-{name}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {}", error_id(name)),
        None => error_id(name),
    };
    (hint_id, described_by)
}

/// Several of a list: one checkbox per option.
#[component]
pub fn CheckboxGroup(
    legend: &'static str,
    name: &'static str,
    options: Vec<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] selected: Signal<Vec<String>>,
    /// (option, checked)
    on_toggle: Callback<(String, bool)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let (hint_id, described_by) = descriptions(name, hint);
    view! {
        <fieldset
            class="field choice-group"
            class:field--invalid=move || error.get().is_some()
            id=format!("field-{name}")
            aria-describedby=described_by
            tabindex="-1"
        >
            <legend>{legend}</legend>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <div class="choice-group__options">
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, option)| {
                        let id = format!("field-{name}-{i}");
                        let label_for = id.clone();
                        let value = option.clone();
                        let checked = {
                            let option = option.clone();
                            move || selected.with(|s| s.contains(&option))
                        };
                        view! {
                            <label class="choice" for=label_for>
                                <input
                                    type="checkbox"
                                    id=id
                                    name=name
                                    value=option.clone()
                                    prop:checked=checked
                                    on:change=move |ev| on_toggle.run((value.clone(), event_target_checked(&ev)))
                                />
                                <span>{option}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="field__error" id=error_id(name)>{move || error.get()}</p>
        </fieldset>
    }
}

/// One of a list: radio buttons. `options` are (value, label).
#[component]
pub fn RadioGroup(
    legend: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] selected: Signal<String>,
    on_select: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let (hint_id, described_by) = descriptions(name, hint);
    view! {
        <fieldset
            class="field choice-group"
            class:field--invalid=move || error.get().is_some()
            id=format!("field-{name}")
            aria-describedby=described_by
            tabindex="-1"
        >
            <legend>{legend}</legend>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <div class="choice-group__options" role="radiogroup">
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, (value, label))| {
                        let id = format!("field-{name}-{i}");
                        let label_for = id.clone();
                        let checked = {
                            let value = value.clone();
                            move || selected.with(|s| *s == value)
                        };
                        let chosen = value.clone();
                        view! {
                            <label class="choice" for=label_for>
                                <input
                                    type="radio"
                                    id=id
                                    name=name
                                    value=value
                                    prop:checked=checked
                                    on:change=move |_| on_select.run(chosen.clone())
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="field__error" id=error_id(name)>{move || error.get()}</p>
        </fieldset>
    }
}

/// One of a (possibly long) list as a select; `featured` options are offered first in their own group.
#[component]
pub fn OptionSelect(
    label: &'static str,
    name: &'static str,
    options: Vec<String>,
    #[prop(optional)] featured: Vec<(String, String)>,
    #[prop(default = "Choose…")] placeholder: &'static str,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let option_view = move |option: String, label: String| {
        let selected = {
            let option = option.clone();
            move || value.with(|v| *v == option)
        };
        view! { <option value=option selected=selected>{label}</option> }
    };
    let grouped = !featured.is_empty();
    let rest: Vec<String> = options
        .into_iter()
        .filter(|o| !featured.iter().any(|(f, _)| f == o))
        .collect();
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                name=name
                aria-describedby=error_id(name)
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                <option value="" selected=move || value.with(String::is_empty)>{placeholder}</option>
                {if grouped {
                    view! {
                        <optgroup label="Common">
                            {featured.into_iter().map(|(o, l)| option_view(o, l)).collect_view()}
                        </optgroup>
                        <optgroup label="All">
                            {rest.into_iter().map(|o| option_view(o.clone(), o)).collect_view()}
                        </optgroup>
                    }
                        .into_any()
                } else {
                    rest.into_iter().map(|o| option_view(o.clone(), o)).collect_view().into_any()
                }}
            </select>
            <p class="field__error" id=error_id(name)>{move || error.get()}</p>
        </div>
    }
}
