//! `/admin/programs`: programs and their cycles. Create a program, add a cycle, change a cycle's dates (for
//! example to extend its window), and go to a cycle's applications.

use crate::types::{CycleId, ProgramId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::rhythm::RhythmCard;
use crate::api::programs::{list_programs, SaveCycle, SaveProgram};
use crate::api::rhythm::SaveRhythm;
use crate::competency_set::CompetencySetChoice;
use crate::components::{failure, ErrorView, FormAlert, Reload, TextField};
use crate::error::AppError;
use crate::pages::cycles::WindowBadge;
use crate::program::{CycleAdminView, CycleForm, ProgramForm, ProgramView};

/// Zones offered for a program (any IANA name is accepted by the server).
const PROGRAM_ZONES: [&str; 14] = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Halifax",
    "America/Toronto",
    "America/Mexico_City",
    "Europe/London",
    "Europe/Paris",
    "Australia/Sydney",
    "UTC",
];

#[component]
pub fn AdminProgramsPage() -> impl IntoView {
    let create_program = ServerAction::<SaveProgram>::new();
    let save_cycle = ServerAction::<SaveCycle>::new();
    let save_rhythm = ServerAction::<SaveRhythm>::new();
    // Reload after successful saves only: a refused save keeps its form open with the messages.
    let saves = Reload::new()
        .after(create_program.value())
        .after(save_cycle.value())
        .after(save_rhythm.value());
    let programs = Resource::new_blocking(move || saves.get(), |_| list_programs());
    view! {
        <Title text="Programs and cycles" />
        <Suspense fallback=|| view! { <p class="loading">"Loading programs…"</p> }>
            {move || Suspend::new(async move {
                match programs.await {
                    Ok(programs) => view! {
                        <section class="card card--wide">
                            <h1>"Programs and cycles"</h1>
                            <p class="lead">"Each program runs cycles: an application window, matching, then six-month peer relationships."</p>
                            <p class="actions-row">
                                <A href="/admin/outbox">"Emails waiting in the outbox"</A>
                                <A href="/admin/audit">"Audit log"</A>
                            </p>
                        </section>
                        {programs
                            .into_iter()
                            .map(|program| view! { <ProgramCard program save_cycle save_rhythm saves /> })
                            .collect_view()}
                        <ProgramEditor program_id=None initial=ProgramForm { time_zone: "America/New_York".to_owned(), ..ProgramForm::default() } action=create_program />
                    }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProgramCard(
    program: ProgramView,
    save_cycle: ServerAction<SaveCycle>,
    save_rhythm: ServerAction<SaveRhythm>,
    /// Reloads the page's data after a successful save.
    saves: Reload,
) -> AnyView {
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let save_program = ServerAction::<SaveProgram>::new();
    saves.after(save_program.value());
    let program_id = program.id;
    let zone = program.time_zone.clone();
    let current = ProgramForm {
        name: program.name.clone(),
        description: program.description.clone(),
        contact_email: program.contact_email.clone(),
        time_zone: program.time_zone.clone(),
    };
    view! {
        <section class="card card--wide" aria-labelledby=format!("program-{program_id}")>
            <h2 id=format!("program-{program_id}")>{program.name.clone()}</h2>
            <p class="muted">
                {format!("Contact {} · times in {} ", program.contact_email, program.time_zone)}
                <button type="button" class="button button--small button--quiet" on:click=move |_| editing.update(|e| *e = !*e)>
                    "Edit the program"
                </button>
            </p>
            {move || editing.get().then(|| view! {
                <ProgramEditor program_id=Some(program_id) initial=current.clone() action=save_program
                    on_close=Callback::new(move |()| editing.set(false)) />
            })}
            <p class="actions-row">
                <A href=format!("/admin/programs/{program_id}/options")>"Form options and competencies"</A>
                <A href=format!("/admin/programs/{program_id}/evaluation")>"Evaluation"</A>
            </p>
            <RhythmCard program_id form=program.rhythm.clone() summary=program.rhythm_summary.clone() action=save_rhythm />
            {if program.cycles.is_empty() {
                view! { <p>"No cycles yet."</p> }.into_any()
            } else {
                view! {
                    <table class="table cycles-table">
                        <thead>
                            <tr>
                                <th scope="col">"Cycle"</th>
                                <th scope="col">"Window"</th>
                                <th scope="col">"Applications"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {program
                                .cycles
                                .into_iter()
                                .map(|cycle| view! { <CycleRow program_id cycle save_cycle zone=zone.clone() sets=program.competency_sets.clone() /> })
                                .collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {move || if adding.get() {
                view! {
                    <CycleEditor
                        program_id
                        cycle_id=None
                        initial=program.next_cycle.clone()
                        zone=program.time_zone.clone()
                        sets=program.competency_sets.clone()
                        action=save_cycle
                        on_close=Callback::new(move |_| adding.set(false))
                    />
                }.into_any()
            } else {
                view! { <button type="button" class="button" on:click=move |_| adding.set(true)>"New cycle"</button> }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn CycleRow(
    program_id: ProgramId,
    cycle: CycleAdminView,
    save_cycle: ServerAction<SaveCycle>,
    zone: String,
    sets: Vec<CompetencySetChoice>,
) -> AnyView {
    let editing = RwSignal::new(false);
    let id = cycle.id;
    let form = cycle.form.clone();
    let set_name = sets
        .iter()
        .find(|s| Some(s.id) == cycle.form.competency_set_id)
        .map(|s| s.name.clone());
    view! {
        <tr>
            <th scope="row" data-label="Cycle">
                {cycle.form.name.clone()}
                {set_name.map(|name| view! { <br /><span class="muted cycle-set">{name}</span> })}
            </th>
            <td data-label="Window">
                <WindowBadge state=cycle.dates.state />
                <br />
                {format!("{} – {}", cycle.dates.opens, cycle.dates.closes)}
            </td>
            <td data-label="Applications">
                {format!(
                    "{} submitted · {} draft{} · {} withdrawn",
                    cycle.submitted,
                    cycle.drafts,
                    if cycle.drafts == 1 { "" } else { "s" },
                    cycle.withdrawn
                )}
            </td>
            <td class="table__actions">
                <A href=format!("/admin/cycles/{id}/applications")>"Applications"</A>
                <A href=format!("/admin/cycles/{id}/matching")>"Matching"</A>
                <A href=format!("/admin/cycles/{id}/pairs")>"Pairs"</A>
                <A href=format!("/admin/cycles/{id}/surveys")>"Surveys"</A>
                <button type="button" class="button button--small button--quiet" on:click=move |_| editing.update(|e| *e = !*e)>
                    "Edit dates"
                </button>
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="table__editor">
                <td colspan="4">
                    <CycleEditor
                        program_id
                        cycle_id=Some(id)
                        initial=form.clone()
                        zone=zone.clone()
                        sets=sets.clone()
                        action=save_cycle
                        on_close=Callback::new(move |_| editing.set(false))
                    />
                </td>
            </tr>
        })}
    }
    .into_any()
}

/// The cycle form, for a new cycle or an existing one.
#[component]
fn CycleEditor(
    program_id: ProgramId,
    cycle_id: Option<CycleId>,
    initial: CycleForm,
    zone: String,
    sets: Vec<CompetencySetChoice>,
    action: ServerAction<SaveCycle>,
    on_close: Callback<()>,
) -> AnyView {
    let competency_set_id = RwSignal::new(initial.competency_set_id);
    // Ids unique on the page: a cycle's editor may be open beside the new-cycle form.
    let set_field = format!(
        "field-competency-set-{}",
        cycle_id.map_or_else(|| "new".to_owned(), |id| id.to_string())
    );
    let name = RwSignal::new(initial.name);
    let opens_at = RwSignal::new(initial.opens_at);
    let closes_at = RwSignal::new(initial.closes_at);
    let matching_on = RwSignal::new(initial.matching_on);
    let relationship_starts_on = RwSignal::new(initial.relationship_starts_on);
    let length_months = RwSignal::new(initial.length_months);
    // The action is shared by every cycle form: only results that came after this form was opened count.
    let opened_at = action.version().get_untracked();
    let submitted = RwSignal::new(false);
    let own_result = move || {
        (submitted.get() && action.version().get() > opened_at && !action.pending().get())
            .then(|| action.value().get())
            .flatten()
    };
    let error = Signal::derive(move || own_result().and_then(Result::err));
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    Effect::new(move |_| {
        if matches!(own_result(), Some(Ok(_))) {
            on_close.run(());
        }
    });
    let title = if cycle_id.is_some() {
        "Change cycle"
    } else {
        "New cycle"
    };
    view! {
        <form
            class="form form--grid"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                submitted.set(true);
                action.dispatch(SaveCycle {
                    program_id,
                    cycle_id,
                    form: CycleForm {
                        name: name.get_untracked(),
                        opens_at: opens_at.get_untracked(),
                        closes_at: closes_at.get_untracked(),
                        matching_on: matching_on.get_untracked(),
                        relationship_starts_on: relationship_starts_on.get_untracked(),
                        length_months: length_months.get_untracked(),
                        competency_set_id: competency_set_id.get_untracked(),
                    },
                });
            }
        >
            <h3>{title}</h3>
            <p class="muted form__wide">
                {if cycle_id.is_none() { "Dates proposed from the program's rhythm: change any before saving. " } else { "" }}
                {format!("Window times are in the program's time zone, {zone}.")}
            </p>
            <TextField label="Name" name="name" value=name error=field("name") hint="For example \u{201c}Spring 2027\u{201d}." />
            <TextField label="Window opens" name="opens_at" kind="datetime-local" value=opens_at error=field("opens_at") />
            <TextField label="Window closes" name="closes_at" kind="datetime-local" value=closes_at error=field("closes_at") />
            <TextField label="Matching date" name="matching_on" kind="date" value=matching_on error=field("matching_on") />
            <TextField label="Relationships start" name="relationship_starts_on" kind="date" value=relationship_starts_on error=field("relationship_starts_on") />
            <TextField label="Recommended length (months)" name="length_months" kind="number" value=length_months error=field("length_months") />
            <CompetencySetSelect id=set_field sets value=competency_set_id error=field("competency_set_id") />
            <div class="form__wide">
                <FormAlert error />
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Save cycle"</button>
                <button type="button" class="button button--quiet" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}

/// The cycle's competency set: which list its applications rank.
#[component]
fn CompetencySetSelect(
    id: String,
    sets: Vec<CompetencySetChoice>,
    value: RwSignal<Option<i64>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>"Competency set"</label>
            <select
                id=id.clone()
                name="competency_set_id"
                aria-describedby=error_id.clone()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                on:change=move |ev| value.set(event_target_value(&ev).parse().ok())
            >
                {sets
                    .into_iter()
                    .map(|set| view! {
                        <option value=set.id.to_string() selected=move || value.get() == Some(set.id)>{set.name}</option>
                    })
                    .collect_view()}
            </select>
            <p class="field__error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// The program form: a new program (`program_id` = `None`), or a program's name, description, contact and
/// time zone changed in place.
#[component]
fn ProgramEditor(
    program_id: Option<ProgramId>,
    initial: ProgramForm,
    action: ServerAction<SaveProgram>,
    #[prop(optional)] on_close: Option<Callback<()>>,
) -> AnyView {
    let name = RwSignal::new(initial.name);
    let description = RwSignal::new(initial.description);
    let contact_email = RwSignal::new(initial.contact_email);
    let time_zone = RwSignal::new(initial.time_zone);
    let error = failure(action.value());
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|e: AppError| e.field(name)))
    };
    let description_error = field("description");
    // Field ids unique on the page: one editor per program may be open beside the new-program form.
    let key = program_id.map_or_else(|| "new".to_owned(), |id| id.to_string());
    let description_id = format!("field-description-{key}");
    let zone_id = format!("field-program-zone-{key}");
    let (heading, hint, submit) = match program_id {
        None => ("New program", "The program starts with the default form options and Core Competencies.", "Create program"),
        Some(_) => ("Edit the program", "Window times already set keep their moment; the pages show them in the program's time zone.", "Save the program"),
    };
    view! {
        <section class=if program_id.is_none() { "card card--wide" } else { "program-editor" } aria-label=heading>
            <h2>{heading}</h2>
            <p class="muted">{hint}</p>
            <form
                class="form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    action.dispatch(SaveProgram {
                        program_id,
                        form: ProgramForm {
                            name: name.get_untracked(),
                            description: description.get_untracked(),
                            contact_email: contact_email.get_untracked(),
                            time_zone: time_zone.get_untracked(),
                        },
                    });
                }
            >
                <TextField label="Program name" name="program_name" id=format!("field-program-name-{key}") value=name error=field("name") />
                <div class="field" class:field--invalid=move || description_error.get().is_some()>
                    <label for=description_id.clone()>"Description for members"</label>
                    <textarea
                        id=description_id.clone()
                        name="description"
                        rows="4"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field__error">{move || description_error.get()}</p>
                </div>
                <TextField label="Contact email" name="contact_email" id=format!("field-contact-email-{key}") kind="email" value=contact_email error=field("contact_email") />
                <div class="field">
                    <label for=zone_id.clone()>"Time zone"</label>
                    <select id=zone_id.clone() name="time_zone" on:change=move |ev| time_zone.set(event_target_value(&ev))>
                        {PROGRAM_ZONES.iter().map(|zone| view! {
                            <option value=*zone selected=move || time_zone.get() == *zone>{*zone}</option>
                        }).collect_view()}
                    </select>
                    <p class="field__error">{move || field("time_zone").get()}</p>
                </div>
                <FormAlert error />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || action.pending().get()>{submit}</button>
                    {on_close.map(|close| view! {
                        <button type="button" class="button button--quiet" on:click=move |_| close.run(())>"Cancel"</button>
                    })}
                </div>
            </form>
        </section>
    }
    .into_any()
}
