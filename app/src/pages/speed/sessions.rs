//! `/facilitate`: a facilitator's workshop sessions, and the form for a new one (from scratch or reusing an
//! earlier session's settings as a template).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::speed::{list_speed_sessions, workshop_programs, CreateSpeedSession};
use crate::components::{failure, on_success, ErrorView, FormAlert, TextField};
use crate::error::{AppError, FieldErrors};
use crate::speed::session::{OddMode, SessionForm, SessionSummary, WorkshopProgram};
use crate::types::ProgramId;

#[component]
pub fn FacilitatePage() -> impl IntoView {
    let sessions = Resource::new_blocking(|| (), |_| list_speed_sessions());
    let programs = Resource::new_blocking(|| (), |_| workshop_programs());
    // The settings the form starts from; "Reuse" on a session replaces them.
    let template = RwSignal::new(SessionForm::default());
    view! {
        <Title text="Workshops" />
        <Suspense fallback=|| view! { <p class="loading">"Loading sessions…"</p> }>
            {move || Suspend::new(async move {
                match (sessions.await, programs.await) {
                    (Ok(sessions), Ok(programs)) => view! {
                        <section class="card card--wide">
                            <h1>"Speed peer-mentoring workshops"</h1>
                            <p class="lead">"Run timed rounds where people who don't know each other pair up, share the time, and each is both mentor and mentee."</p>
                            <SessionList sessions template />
                        </section>
                        {move || {
                            let initial = template.get();
                            view! { <NewSession initial programs=programs.clone() /> }
                        }}
                    }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SessionList(sessions: Vec<SessionSummary>, template: RwSignal<SessionForm>) -> AnyView {
    if sessions.is_empty() {
        return view! { <p>"No sessions yet: create the first one below."</p> }.into_any();
    }
    view! {
        <ul class="session-list">
            {sessions.into_iter().map(|session| {
                let form = session.form.clone();
                let people = if session.participants == 1 { "1 person".to_owned() } else { format!("{} people", session.participants) };
                view! {
                    <li class="session-card">
                        <div>
                            <h2 class="session-card__title"><A href=format!("/facilitate/{}", session.id)>{session.title.clone()}</A></h2>
                            {session.announced.clone().map(|line| view! { <p class="session-card__when">{line}</p> })}
                            <p class="muted">{format!("Code {} · {} · {people} · created {}", session.code, session.status, session.created)}</p>
                        </div>
                        <button type="button" class="button button--quiet" on:click=move |_| {
                            template.set(SessionForm { title: format!("{} (again)", form.title), ..form.clone() });
                            if let Some(element) = document().get_element_by_id("field-title") {
                                element.scroll_into_view();
                            }
                        }>"Reuse settings"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Parses a whole number of minutes or rounds typed in a field.
fn whole(raw: &str, field: &str, errors: &mut FieldErrors) -> u32 {
    raw.trim().parse().unwrap_or_else(|_| {
        errors.add(field, "Enter a whole number.");
        0
    })
}

#[component]
fn NewSession(initial: SessionForm, programs: Vec<WorkshopProgram>) -> AnyView {
    let action = ServerAction::<CreateSpeedSession>::new();
    let title = RwSignal::new(initial.title.clone());
    let prep = RwSignal::new(initial.prep_minutes.to_string());
    let rounds = RwSignal::new(initial.rounds.to_string());
    let round_minutes = RwSignal::new(initial.round_minutes.to_string());
    let break_minutes = RwSignal::new(initial.break_minutes.to_string());
    let odd_mode = RwSignal::new(initial.odd_mode);
    let questions = RwSignal::new(initial.questions.join("\n"));
    let program_id = RwSignal::new(initial.program_id);
    let starts_at = RwSignal::new(initial.starts_at.clone());
    let place = RwSignal::new(initial.place.clone());
    let local = RwSignal::new(FieldErrors::new());
    let server_error = failure(action.value());
    let field = move |name: &'static str| {
        Signal::derive(move || {
            local
                .with(|errors| errors.get(name).map(str::to_owned))
                .or_else(|| server_error.get().and_then(|e: AppError| e.field(name)))
        })
    };
    let questions_error = field("questions");
    // Open the new session's console once it exists.
    on_success(action.value(), move |id| {
        leptos_router::hooks::use_navigate()(&format!("/facilitate/{id}"), Default::default());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errors = FieldErrors::new();
        let form = SessionForm {
            title: title.get_untracked(),
            prep_minutes: whole(&prep.get_untracked(), "prep_minutes", &mut errors),
            rounds: whole(&rounds.get_untracked(), "rounds", &mut errors),
            round_minutes: whole(&round_minutes.get_untracked(), "round_minutes", &mut errors),
            break_minutes: whole(&break_minutes.get_untracked(), "break_minutes", &mut errors),
            odd_mode: odd_mode.get_untracked(),
            questions: questions
                .get_untracked()
                .lines()
                .map(str::to_owned)
                .collect(),
            program_id: program_id.get_untracked(),
            starts_at: starts_at.get_untracked(),
            place: place.get_untracked(),
        };
        let checked = crate::speed::session::validate_session(&form);
        if let Err(found) = &checked {
            for (name, message) in found.iter() {
                errors.add(name, message);
            }
        }
        let ok = errors.is_empty();
        local.set(errors);
        if ok {
            action.dispatch(CreateSpeedSession { form });
        }
    };
    view! {
        <section class="card card--wide" id="new-session" aria-labelledby="new-session-title">
            <h2 id="new-session-title">"New session"</h2>
            <form class="form" novalidate on:submit=submit>
                <TextField label="Title" name="title" value=title error=field("title") />
                <div class="form__row">
                    <TextField label="Preparation (minutes)" name="prep_minutes" kind="number" value=prep error=field("prep_minutes") />
                    <TextField label="Rounds" name="rounds" kind="number" value=rounds error=field("rounds") />
                    <TextField label="Round length (minutes)" name="round_minutes" kind="number" hint="Roles swap at half-time." value=round_minutes error=field("round_minutes") />
                    <TextField label="Break between rounds (minutes)" name="break_minutes" kind="number" value=break_minutes error=field("break_minutes") />
                </div>
                <fieldset class="field">
                    <legend>"With an odd number of people"</legend>
                    <label class="choice">
                        <input type="radio" name="odd_mode" checked=move || odd_mode.get() == OddMode::Trio on:change=move |_| odd_mode.set(OddMode::Trio) />
                        " One table of three"
                    </label>
                    <label class="choice">
                        <input type="radio" name="odd_mode" checked=move || odd_mode.get() == OddMode::SitOut on:change=move |_| odd_mode.set(OddMode::SitOut) />
                        " One person sits out each round, in turn"
                    </label>
                </fieldset>
                <Announcement programs program_id starts_at place
                    errors=[field("program_id"), field("starts_at"), field("place")] />
                <div class="field" class:field--invalid=move || questions_error.get().is_some()>
                    <label for="field-questions">"Wrap-up questions (one per line)"</label>
                    <textarea id="field-questions" name="questions" rows="5"
                        aria-describedby="field-questions-error"
                        prop:value=move || questions.get()
                        on:input=move |ev| questions.set(event_target_value(&ev))></textarea>
                    <p class="field__error" id="field-questions-error">{move || questions_error.get()}</p>
                </div>
                <FormAlert error=server_error />
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Create session"</button>
            </form>
        </section>
    }
    .into_any()
}

/// "Announce to members": the program whose members see the workshop on their start page, when and where.
#[component]
fn Announcement(
    programs: Vec<WorkshopProgram>,
    program_id: RwSignal<Option<ProgramId>>,
    starts_at: RwSignal<String>,
    place: RwSignal<String>,
    /// The program's, the start's and the place's.
    errors: [Signal<Option<String>>; 3],
) -> impl IntoView {
    let [program_error, starts_error, place_error] = errors;
    let zones: Vec<(ProgramId, String)> = programs
        .iter()
        .map(|p| (p.id, p.time_zone.clone()))
        .collect();
    let zone_hint = move || {
        let chosen = program_id.get()?;
        let zone = zones.iter().find(|(id, _)| *id == chosen)?.1.clone();
        Some(format!("In the program's time zone, {zone}."))
    };
    view! {
        <fieldset class="field announce">
            <legend>"Announce to members (optional)"</legend>
            <p class="field__hint">"Members of the program see the workshop on their start page, with the join link on the day."</p>
            <div class="form__row">
                <div class="field" class:field--invalid=move || program_error.get().is_some()>
                    <label for="field-program_id">"Program"</label>
                    <select id="field-program_id" name="program_id"
                        aria-describedby="field-program_id-error"
                        aria-invalid=move || if program_error.get().is_some() { "true" } else { "false" }
                        on:change=move |ev| program_id.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || program_id.get().is_none()>"Not announced"</option>
                        {programs.into_iter().map(|program| {
                            let id = program.id;
                            view! { <option value=id.to_string() selected=move || program_id.get() == Some(id)>{program.name}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field__error" id="field-program_id-error">{move || program_error.get()}</p>
                </div>
                <div class="field" class:field--invalid=move || starts_error.get().is_some()>
                    <label for="field-starts_at">"Starts"</label>
                    <p class="field__hint" id="field-starts_at-hint">{zone_hint}</p>
                    <input id="field-starts_at" name="starts_at" type="datetime-local"
                        aria-describedby="field-starts_at-hint field-starts_at-error"
                        aria-invalid=move || if starts_error.get().is_some() { "true" } else { "false" }
                        prop:value=move || starts_at.get()
                        on:input=move |ev| starts_at.set(event_target_value(&ev)) />
                    <p class="field__error" id="field-starts_at-error">{move || starts_error.get()}</p>
                </div>
                <TextField label="Place" name="place" value=place error=place_error />
            </div>
        </fieldset>
    }
}
