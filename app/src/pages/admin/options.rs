//! `/admin/programs/:id/options`: a program's form option lists. Add options, retire or restore them, and
//! delete those no application has chosen.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::programs::{
    get_program_options, AddProgramOption, DeleteProgramOption, SetOptionRetired,
};
use crate::components::{ErrorView, FormAlert};
use crate::pages::id_param;
use crate::program::{OptionItem, OptionKind};

/// The actions every list shares.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddProgramOption>,
    retire: ServerAction<SetOptionRetired>,
    delete: ServerAction<DeleteProgramOption>,
    /// The list whose add form was used last (its message shows there).
    adding_to: RwSignal<Option<OptionKind>>,
}

#[component]
pub fn AdminOptionsPage() -> impl IntoView {
    // The route's `:id` is the program's id here.
    let program_id = id_param();
    let actions = Actions {
        add: ServerAction::new(),
        retire: ServerAction::new(),
        delete: ServerAction::new(),
        adding_to: RwSignal::new(None),
    };
    let options = Resource::new_blocking(
        move || {
            (
                program_id.get(),
                actions.add.version().get(),
                actions.retire.version().get(),
                actions.delete.version().get(),
            )
        },
        |(id, ..)| get_program_options(id),
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
                                    "(new applications no longer offer it) but not deleted."
                                </p>
                                <FormAlert error=change_error />
                            </section>
                            {options
                                .lists
                                .into_iter()
                                .map(|(kind, items)| view! { <OptionList program_id kind items actions /> })
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

#[component]
fn OptionList(
    program_id: i64,
    kind: OptionKind,
    items: Vec<OptionItem>,
    actions: Actions,
) -> AnyView {
    let label = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let competency = kind == OptionKind::Competency;
    let id = format!("add-{}", kind.as_str());
    let error = Signal::derive(move || {
        (actions.adding_to.get() == Some(kind))
            .then(|| actions.add.value().get().and_then(Result::err))
            .flatten()
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(field)));
    view! {
        <section class="card card--wide" aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{kind.title()}</h2>
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
                    actions.adding_to.set(Some(kind));
                    actions.add.dispatch(AddProgramOption {
                        program_id,
                        kind,
                        label: label.get_untracked(),
                        description: description.get_untracked(),
                    });
                }
            >
                <div class="field" class:field--invalid=move || field_error("label").get().is_some()>
                    <label for=id.clone()>{format!("New option for {}", kind.title().to_lowercase())}</label>
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
