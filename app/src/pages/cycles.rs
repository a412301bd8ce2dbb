//! `/cycles`: the cycles a member can apply to (and those they applied to); `/cycles/:id`: one cycle, what
//! the program is, when the window is open and what happens next.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::applications::{get_cycle_page, list_cycles};
use crate::api::rhythm::{list_interest, SetInterest};
use crate::application::{ApplicationStatus, CompetencyOption};
use crate::competency_set::Levels;
use crate::components::{failure, ErrorView, FormAlert};
use crate::pages::id_param;
use crate::program::{CycleSummary, WindowState};

#[component]
pub fn CyclesPage() -> impl IntoView {
    let cycles = Resource::new(|| (), |_| list_cycles());
    view! {
        <Title text="Programs" />
        <section class="card card--wide">
            <h1>"Peer-mentoring programs"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading cycles…"</p> }>
                {move || Suspend::new(async move {
                    match cycles.await {
                        Ok(cycles) if cycles.is_empty() => view! {
                            <p>"No cycle is open or coming up right now. Programs open their window twice a year; check back soon."</p>
                        }.into_any(),
                        Ok(cycles) => view! {
                            <ul class="cycle-list">
                                {cycles.into_iter().map(|cycle| view! { <CycleCard cycle /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <StayInvolved />
    }
}

/// "Join the List": the programs, and whether the member hears when their windows open.
#[component]
fn StayInvolved() -> AnyView {
    let set = ServerAction::<SetInterest>::new();
    let programs = Resource::new(move || set.version().get(), |_| list_interest());
    view! {
        <section class="card card--wide" aria-labelledby="stay-involved">
            <h2 id="stay-involved">"Stay involved"</h2>
            <p>"Join a program's list to get an email when its application window opens, and a reminder a few days before it closes."</p>
            <Suspense fallback=|| view! { <p class="loading">"Loading programs…"</p> }>
                {move || Suspend::new(async move {
                    match programs.await {
                        Ok(programs) => view! {
                            <ul class="interest-list">
                                {programs.into_iter().map(|p| {
                                    let program_id = p.program_id;
                                    let on_list = p.on_list;
                                    let name = p.program_name.clone();
                                    view! {
                                        <li class="interest">
                                            <div>
                                                <strong>{p.program_name}</strong>
                                                <p class="muted">{format!("Windows open in {}.", p.window_months)}
                                                    {on_list.then_some(" You are on the list.")}</p>
                                            </div>
                                            <button type="button" class=if on_list { "button button--quiet" } else { "button" }
                                                aria-label=format!("{} the list of {name}", if on_list { "Leave" } else { "Join" })
                                                disabled=move || set.pending().get()
                                                on:click=move |_| { set.dispatch(SetInterest { program_id, on_list: !on_list }); }>
                                                {if on_list { "Leave the list" } else { "Join the list" }}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
            <FormAlert error=failure(set.value()) />
        </section>
    }
    .into_any()
}

#[component]
fn CycleCard(cycle: CycleSummary) -> impl IntoView {
    view! {
        <li class="cycle-card">
            <h2>
                <A href=format!("/cycles/{}", cycle.id)>{format!("{}: {}", cycle.program_name, cycle.name)}</A>
            </h2>
            <p>
                <WindowBadge state=cycle.dates.state />
                {format!(" {} – {}", cycle.dates.opens, cycle.dates.closes)}
            </p>
            {cycle.my_status.map(|status| view! { <p class="muted">{format!("Your application: {}", status.label().to_lowercase())}</p> })}
        </li>
    }
}

#[component]
pub fn WindowBadge(state: WindowState) -> impl IntoView {
    let class = match state {
        WindowState::Open => "badge badge--open",
        WindowState::Upcoming => "badge",
        WindowState::Closed => "badge badge--closed",
    };
    view! { <span class=class>{state.label()}</span> }
}

#[component]
pub fn CyclePage() -> impl IntoView {
    let cycle_id = id_param();
    let page = Resource::new(move || cycle_id.get(), get_cycle_page);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let cycle = page.cycle;
                        let dates = cycle.dates.clone();
                        let action = apply_action(&cycle);
                        view! {
                            <Title text=format!("{} · {}", cycle.name, cycle.program_name) />
                            <section class="card card--wide">
                                <p class="eyebrow">{cycle.program_name.clone()}</p>
                                <h1>{cycle.name.clone()}</h1>
                                <p><WindowBadge state=dates.state /></p>
                                <p class="lead">{page.program_description}</p>
                                <h2>"Dates"</h2>
                                <dl class="facts">
                                    <dt>"Applications open"</dt><dd>{dates.opens.clone()}</dd>
                                    <dt>"Applications close"</dt><dd>{dates.closes.clone()}</dd>
                                    <dt>"Matching"</dt><dd>{dates.matching_on.clone()}</dd>
                                    <dt>"Relationships start"</dt><dd>{dates.relationship_starts_on.clone()}</dd>
                                    <dt>"Recommended length"</dt><dd>{format!("{} months, meeting at least monthly", dates.length_months)}</dd>
                                </dl>
                                <p class="muted">{format!("Times are shown in {}.", dates.shown_in)}</p>
                                <BeforeYouApply competencies=page.competencies levels=page.levels length_months=dates.length_months />
                                <h2>"What happens next"</h2>
                                <ol class="steps-list">
                                    <li>"Apply in the window: about ten minutes; your answers are saved as you go."</li>
                                    <li>"After the window closes, the program pairs members whose strengths match each other's growth areas."</li>
                                    <li>"You are introduced to your peer by email, then you set goals together and check in monthly."</li>
                                </ol>
                                {action}
                                <p class="muted">{format!("Questions? Write to {}.", page.contact_email)}</p>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The seed's "Before you apply" advice, with the competencies the application asks about.
#[component]
fn BeforeYouApply(
    competencies: Vec<CompetencyOption>,
    levels: Levels,
    length_months: i32,
) -> AnyView {
    let count = competencies.len();
    view! {
        <h2>"Before you apply"</h2>
        <ul class="steps-list">
            <li>{format!(
                "Review the competencies: you will choose three at {} level, which you can help a peer develop, and three at {} level, which you want to grow in.",
                levels.expert, levels.entry
            )}</li>
            <li>"Reflect on why you want to take part: the application asks what you hope to achieve with your peer."</li>
            <li>{format!("Make room for at least {length_months} months, meeting your peer at least once a month.")}</li>
        </ul>
        <details class="competencies">
            <summary>{format!("The {count} competencies")}</summary>
            <dl>
                {competencies.into_iter().map(|c| view! {
                    <dt><a href=c.link() rel="external noopener" target="_blank">{c.name.clone()}</a></dt>
                    <dd>{c.summary}</dd>
                }).collect_view()}
            </dl>
        </details>
    }
    .into_any()
}

/// The button under the cycle: start, continue, view, or nothing while the window is shut.
fn apply_action(cycle: &CycleSummary) -> impl IntoView {
    let href = format!("/cycles/{}/apply", cycle.id);
    let label = match (cycle.dates.state, cycle.my_status) {
        (WindowState::Open, None) => Some("Start your application"),
        (WindowState::Open, Some(ApplicationStatus::Draft)) => Some("Continue your application"),
        (_, Some(_)) => Some("View your application"),
        _ => None,
    };
    label.map(|label| {
        view! { <p><A href=href attr:class="button button--primary">{label}</A></p> }
    })
}
