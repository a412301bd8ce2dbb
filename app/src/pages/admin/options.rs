//! `/admin/programs/:id/options`: a program's form option lists. Add options, retire or restore them, and
//! delete those no application has chosen.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::programs::{
    get_program_options, AddProgramOption, CreateCompetencySet, DeleteProgramOption,
    SetOptionRetired,
};
use crate::competency_set::{CompetencySetForm, CompetencySetView};
use crate::components::{failure, ErrorView, FormAlert, Reload, TextField};
use crate::option_lists::{OptionItem, OptionKind};
use crate::pages::id_param;
use crate::types::ProgramId;

/// One list on the page: a form list, or one competency set's list.
type ListKey = (OptionKind, Option<i64>);

/// The actions every list shares.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddProgramOption>,
    retire: ServerAction<SetOptionRetired>,
    delete: ServerAction<DeleteProgramOption>,
    create_set: ServerAction<CreateCompetencySet>,
    /// The list whose add form was used last (its message shows there).
    adding_to: RwSignal<Option<ListKey>>,
}

#[component]
pub fn AdminOptionsPage() -> impl IntoView {
    // The route's `:id` is the program's id here.
    let program_id = id_param();
    let actions = Actions {
        add: ServerAction::new(),
        retire: ServerAction::new(),
        delete: ServerAction::new(),
        create_set: ServerAction::new(),
        adding_to: RwSignal::new(None),
    };
    // The lists reload after a change that succeeded only: a refused one re-renders nothing, so what the
    // admin typed stays in its field beside the error.
    let changes = Reload::new()
        .after(actions.add.value())
        .after(actions.retire.value())
        .after(actions.delete.value())
        .after(actions.create_set.value());
    let options = Resource::new_blocking(
        move || (program_id.get(), changes.get()),
        |(id, _)| get_program_options(id),
    );
    let change_error = Signal::derive(move || {
        actions
            .retire
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| actions.delete.value().get().and_then(Result::err))
    });
    view! {
        <Title text="Form options" />
        <Suspense fallback=|| view! { <p class="loading">"Loading options…"</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => {
                        let program_id = options.program_id;
                        view! {
                            <section class="card card--wide">
                                <p class="eyebrow"><A href="/admin/programs">"Programs and cycles"</A></p>
                                <h1>{format!("Form options: {}", options.program_name)}</h1>
                                <p class="lead">
                                    "The choices members see on the application form. An option that an application has chosen can be retired "
                                    "(new applications no longer offer it) but not deleted. Competencies come in sets: each cycle ranks "
                                    "the set chosen in its dates."
                                </p>
                                <FormAlert error=change_error />
                            </section>
                            {options
                                .lists
                                .into_iter()
                                .map(|(kind, items)| view! {
                                    <OptionList
                                        program_id
                                        key=(kind, None)
                                        title=kind.title().to_owned()
                                        add_label=format!("New option for {}", kind.title().to_lowercase())
                                        items
                                        actions
                                    />
                                })
                                .collect_view()}
                            <NewCompetencySet program_id sets=options.competency_sets.iter().map(|s| (s.id, s.name.clone())).collect() action=actions.create_set />
                            {options
                                .competency_sets
                                .into_iter()
                                .rev()
                                .map(|set| view! { <CompetencySetList program_id set actions /> })
                                .collect_view()}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A competency set: its levels, the cycles that rank it, and its competencies.
#[component]
fn CompetencySetList(program_id: ProgramId, set: CompetencySetView, actions: Actions) -> AnyView {
    let used_by = if set.cycles.is_empty() {
        "No cycle uses it yet: choose it in a cycle's dates.".to_owned()
    } else {
        format!("Used by {}.", set.cycles.join(", "))
    };
    let intro = format!("Levels: {}. {used_by}", set.levels.sentence());
    view! {
        <OptionList
            program_id
            key=(OptionKind::Competency, Some(set.id))
            title=format!("Competencies: {}", set.name)
            add_label=format!("New competency in {}", set.name)
            intro
            items=set.competencies
            actions
        />
    }
    .into_any()
}

/// The form that starts a new competency set, empty or as a copy of another.
#[component]
fn NewCompetencySet(
    program_id: ProgramId,
    sets: Vec<(i64, String)>,
    action: ServerAction<CreateCompetencySet>,
) -> AnyView {
    let name = RwSignal::new(String::new());
    let entry = RwSignal::new(String::new());
    let middle = RwSignal::new(String::new());
    let expert = RwSignal::new(String::new());
    let copy_from = RwSignal::new(String::new());
    let error = failure(action.value());
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    let created = move || matches!(action.value().get(), Some(Ok(_)));
    view! {
        <section class="card card--wide" aria-labelledby="new-set-title">
            <h2 id="new-set-title">"New competency set"</h2>
            <p class="muted">
                "When the association publishes a new list (as it did in 2026, with the levels foundational, intermediate "
                "and advanced), add it as a set, then choose it for the next cycle. Cycles already under way keep theirs. "
                "Name the set (e.g. \u{201c}2026 Core Competencies\u{201d}) and its levels, lowest first: members rank their growth "
                "areas at the lowest level and their strengths at the highest."
            </p>
            <form
                class="form form--grid"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    action.dispatch(CreateCompetencySet {
                        program_id,
                        form: CompetencySetForm {
                            name: name.get_untracked(),
                            entry: entry.get_untracked(),
                            middle: middle.get_untracked(),
                            expert: expert.get_untracked(),
                            copy_from: copy_from.get_untracked().parse().ok(),
                        },
                    });
                }
            >
                <TextField label="Name" name="set-name" value=name error=field("name") />
                <div class="field">
                    <label for="field-set-copy">"Start with"</label>
                    <select id="field-set-copy" on:change=move |ev| copy_from.set(event_target_value(&ev))>
                        <option value="" selected=move || copy_from.get().is_empty()>"No competencies (add them below)"</option>
                        {sets
                            .into_iter()
                            .map(|(id, set_name)| {
                                let value = id.to_string();
                                let selected = value.clone();
                                view! { <option value=value selected=move || copy_from.get() == selected>{format!("A copy of {set_name}")}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p class="field__error">{move || field("copy_from").get()}</p>
                </div>
                <TextField label="Lowest level" name="set-entry" value=entry error=field("entry") />
                <TextField label="Middle level" name="set-middle" value=middle error=field("middle") />
                <TextField label="Highest level" name="set-expert" value=expert error=field("expert") />
                <div class="form__wide">
                    <FormAlert error />
                    {move || created().then(|| view! { <p class="notice" role="status">"Set created: add its competencies below."</p> })}
                    <button type="submit" class="button" disabled=move || action.pending().get()>"Create the set"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn OptionList(
    program_id: ProgramId,
    key: ListKey,
    title: String,
    /// The add field's label.
    add_label: String,
    #[prop(optional)] intro: Option<String>,
    items: Vec<OptionItem>,
    actions: Actions,
) -> AnyView {
    let label = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let (kind, set) = key;
    let competency = kind == OptionKind::Competency;
    let id = match set {
        Some(set) => format!("add-{}-{set}", kind.as_str()),
        None => format!("add-{}", kind.as_str()),
    };
    let error = Signal::derive(move || {
        (actions.adding_to.get() == Some(key))
            .then(|| actions.add.value().get().and_then(Result::err))
            .flatten()
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(field)));
    view! {
        <section class="card card--wide" aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{title}</h2>
            {intro.map(|intro| view! { <p class="muted">{intro}</p> })}
            <ul class="option-list">
                {items
                    .into_iter()
                    .map(|item| view! { <OptionRow item actions /> })
                    .collect_view()}
            </ul>
            <form
                class="option-add"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    actions.adding_to.set(Some(key));
                    actions.add.dispatch(AddProgramOption {
                        program_id,
                        kind,
                        competency_set_id: set,
                        label: label.get_untracked(),
                        description: description.get_untracked(),
                    });
                }
            >
                <div class="field" class:field--invalid=move || field_error("label").get().is_some()>
                    <label for=id.clone()>{add_label}</label>
                    <input id=id.clone() type="text" maxlength="120" prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev)) />
                    <p class="field__error">{move || field_error("label").get()}</p>
                </div>
                {competency.then(|| view! {
                    <div class="field">
                        <label for=format!("{id}-description")>"Short description"</label>
                        <input id=format!("{id}-description") type="text" maxlength="400" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) />
                        <p class="field__error">{move || field_error("description").get()}</p>
                    </div>
                })}
                <button type="submit" class="button" disabled=move || actions.add.pending().get()>"Add"</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn OptionRow(item: OptionItem, actions: Actions) -> AnyView {
    let id = item.id;
    let retired = item.retired;
    let name = item.label.clone();
    view! {
        <li class="option" class:option--retired=retired>
            <div class="option__text">
                <span class="option__label">{item.label.clone()}</span>
                {(!item.description.is_empty()).then(|| view! { <span class="muted">{item.description.clone()}</span> })}
            </div>
            <div class="option__badges">
                {item.used.then(|| view! { <span class="badge">"in use"</span> })}
                {retired.then(|| view! { <span class="badge badge--closed">"retired"</span> })}
            </div>
            <div class="option__actions">
                <button
                    type="button"
                    class="button button--small button--quiet"
                    aria-label=format!("{} {name}", if retired { "Restore" } else { "Retire" })
                    on:click=move |_| { actions.retire.dispatch(SetOptionRetired { option_id: id, retired: !retired }); }
                >
                    {if retired { "Restore" } else { "Retire" }}
                </button>
                {(!item.used).then(|| view! {
                    <button
                        type="button"
                        class="button button--small button--quiet"
                        aria-label=format!("Delete {name}")
                        on:click=move |_| { actions.delete.dispatch(DeleteProgramOption { option_id: id }); }
                    >
                        "Delete"
                    </button>
                })}
            </div>
        </li>
    }
    .into_any()
}
