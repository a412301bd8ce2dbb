//! `/facilitate/:id`: the facilitator's console. Join code and QR code for the room, the timer and its
//! controls, the current round's tables, who joined (take out someone who left), and at the end the
//! follow-up choices (admins can invite mutual pairs into an open program cycle).

use leptos::prelude::*;
use leptos_meta::Title;

use super::shared::{Countdown, PhaseAnnouncer, RoundTables};
use crate::api::speed::{speed_console, InviteSpeedPairs, RemoveSpeedParticipant, SpeedControl};
use crate::components::{failure, on_success, ErrorView, FormAlert};
use crate::pages::id_param;
use crate::speed::live::{use_live, Live};
use crate::speed::session::{ConsoleView, Control};
use crate::types::{CycleId, SessionId};

#[component]
pub fn ConsolePage() -> impl IntoView {
    let id = id_param();
    let console = Resource::new_blocking(move || id.get(), speed_console);
    view! {
        <Title text="Session console" />
        <Suspense fallback=|| view! { <p class="loading">"Loading the console…"</p> }>
            {move || Suspend::new(async move {
                match console.await {
                    Ok(view) => view! { <Console initial=view /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Console(initial: ConsoleView) -> AnyView {
    let session_id = initial.snapshot.session_id;
    let live = use_live(initial.snapshot.clone());
    // Who joined or left changes with the room: refetch the list when the live snapshot's count moves.
    let room = Resource::new(
        move || live.snapshot.with(|s| (s.participants, s.round.clone())),
        move |_| speed_console(session_id),
    );
    let title = initial.snapshot.title.clone();
    view! {
        <section class="card card--wide console">
            <h1>{title}</h1>
            <div class="console__grid">
                <JoinPanel view=initial.clone() />
                <div class="console__timer">
                    <Countdown live />
                    <PhaseAnnouncer live signal=false />
                    <Controls live session_id />
                    <p>
                        <a class="button button--quiet button--wrap" href=format!("/facilitate/{session_id}/workshop.csv") rel="external" download>
                            "Download the workshop (CSV)"
                        </a>
                    </p>
                </div>
            </div>
        </section>
        <section class="card card--wide" aria-labelledby="round-title">
            <h2 id="round-title">{move || live.snapshot.with(|s| match &s.round {
                Some(round) => format!("Round {} tables", round.number),
                None => "Tables".to_owned(),
            })}</h2>
            {move || match live.snapshot.with(|s| s.round.clone()) {
                Some(round) => view! { <RoundTables round /> }.into_any(),
                None if live.view().ended || live.view().phase == Some(crate::speed::timer::PhaseKind::WrapUp) => {
                    view! { <p class="muted">"All rounds are done."</p> }.into_any()
                }
                None => view! { <p class="muted">"Tables appear when a round (or the break before it) begins, from the people present then."</p> }.into_any(),
            }}
        </section>
        <Transition fallback=|| ()>
            {move || {
                let fallback = initial.clone();
                Suspend::new(async move {
                    let view = room.await.unwrap_or(fallback);
                    view! { <People view session_id live /> }
                })
            }}
        </Transition>
    }
    .into_any()
}

#[component]
fn JoinPanel(view: ConsoleView) -> impl IntoView {
    view! {
        <div class="console__join">
            <p class="muted">"Join at"</p>
            <p class="console__url"><a href=view.join_url.clone() target="_blank" rel="noopener">{view.join_url.clone()}</a></p>
            <p class="console__code" data-testid="join-code">{view.snapshot.code.clone()}</p>
            <div class="qr" role="img" aria-label="QR code of the join link" inner_html=view.qr_svg.clone()></div>
            <p>
                <a class="button" href=view.screen_url.clone() target="_blank" rel="noopener">"Open the projector view"</a>
            </p>
        </div>
    }
}

#[component]
fn Controls(live: Live, session_id: SessionId) -> impl IntoView {
    let action = ServerAction::<SpeedControl>::new();
    let confirming_end = RwSignal::new(false);
    // The answer carries the new state: show it at once, without waiting for the event stream.
    on_success(action.value(), move |snapshot| {
        live.snapshot.set(snapshot);
    });
    let error = failure(action.value());
    let view = Memo::new(move |_| live.view());
    let started = move || view.get().phase.is_some() || view.get().ended;
    let running = move || view.get().phase.is_some() && !view.get().ended;
    let send = move |control: Control| {
        confirming_end.set(false);
        action.dispatch(SpeedControl {
            session_id,
            control,
        });
    };
    let busy = move || action.pending().get();
    view! {
        <div class="controls" role="group" aria-label="Timer controls">
            {move || (!started()).then(|| view! {
                <button type="button" class="button button--primary" disabled=busy on:click=move |_| send(Control::Start)>"Start"</button>
            })}
            {move || (running() && !view.get().paused && view.get().remaining_secs.is_some()).then(|| view! {
                <button type="button" class="button" disabled=busy on:click=move |_| send(Control::Pause)>"Pause"</button>
            })}
            {move || (running() && view.get().paused).then(|| view! {
                <button type="button" class="button button--primary" disabled=busy on:click=move |_| send(Control::Resume)>"Resume"</button>
            })}
            {move || (running() && view.get().remaining_secs.is_some()).then(|| view! {
                <button type="button" class="button" disabled=busy on:click=move |_| send(Control::AddMinute)>"+1 minute"</button>
            })}
            {move || running().then(|| view! {
                <button type="button" class="button" disabled=busy on:click=move |_| send(Control::Skip)>"Next phase"</button>
            })}
            {move || match (running(), confirming_end.get()) {
                (true, false) => Some(view! {
                    <button type="button" class="button button--quiet" on:click=move |_| confirming_end.set(true)>"End session"</button>
                }.into_any()),
                (true, true) => Some(view! {
                    <span class="controls__confirm">
                        "End for everyone? "
                        <button type="button" class="button button--danger" disabled=busy on:click=move |_| send(Control::End)>"Yes, end it"</button>
                        <button type="button" class="button button--quiet" on:click=move |_| confirming_end.set(false)>"No"</button>
                    </span>
                }.into_any()),
                _ => None,
            }}
        </div>
        <FormAlert error />
    }
}

#[component]
fn People(view: ConsoleView, session_id: SessionId, live: Live) -> AnyView {
    let remove = ServerAction::<RemoveSpeedParticipant>::new();
    let present = view.participants.iter().filter(|p| !p.left).count();
    let counts = move || live.snapshot.with(|s| (s.choosers, s.mutual_pairs));
    let remove_error = failure(remove.value());
    view! {
        <section class="card card--wide" aria-labelledby="people-title">
            <h2 id="people-title">{format!("People ({present} here)")}</h2>
            {if view.participants.is_empty() {
                view! { <p class="muted">"Nobody has joined yet. Show the code or the QR code on the projector."</p> }.into_any()
            } else {
                view! {
                    <ul class="people" data-testid="people">
                        {view.participants.into_iter().map(|p| {
                            let pid = p.id;
                            let detail = [p.institution.clone(), p.signed_in.then(|| "member".to_owned())]
                                .into_iter().flatten().collect::<Vec<_>>().join(" · ");
                            view! {
                                <li class="people__person" class:people__person--left=p.left>
                                    <span>{p.name.clone()}</span>
                                    <span class="muted">{detail}</span>
                                    {if p.left {
                                        view! { <span class="badge">"Left"</span> }.into_any()
                                    } else {
                                        view! {
                                            <button type="button" class="button button--quiet"
                                                aria-label=format!("Mark {} as left", p.name)
                                                on:click=move |_| { remove.dispatch(RemoveSpeedParticipant { session_id, participant_id: pid }); }>
                                                "Mark as left"
                                            </button>
                                        }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <FormAlert error=remove_error />
            <h3>"Follow-up choices"</h3>
            <p data-testid="follow-ups">{move || {
                let (choosers, mutual_pairs) = counts();
                format!(
                    "{} {} ticked people to continue with; {} {} chose each other.",
                    choosers, if choosers == 1 { "person" } else { "people" },
                    mutual_pairs, if mutual_pairs == 1 { "pair" } else { "pairs" },
                )
            }}</p>
            {move || {
                let cycles = view.invite_cycles.clone();
                (!cycles.is_empty() && counts().1 > 0).then(|| view! { <InviteForm session_id cycles /> })
            }}
        </section>
    }
    .into_any()
}

#[component]
fn InviteForm(session_id: SessionId, cycles: Vec<(CycleId, String)>) -> impl IntoView {
    let action = ServerAction::<InviteSpeedPairs>::new();
    let cycle = RwSignal::new(cycles.first().map(|(id, _)| *id));
    let error = failure(action.value());
    view! {
        <form class="form form--inline" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(cycle_id) = cycle.get_untracked() {
                action.dispatch(InviteSpeedPairs { session_id, cycle_id });
            }
        }>
            <div class="field">
                <label for="invite-cycle">"Invite mutual pairs to apply to"</label>
                <select id="invite-cycle" on:change=move |ev| if let Ok(id) = event_target_value(&ev).parse() { cycle.set(Some(id)) }>
                    {cycles.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Send invitations"</button>
            {move || action.value().get().and_then(Result::ok).map(|n| view! {
                <p role="status">{format!("{n} invitations queued in the outbox.")}</p>
            })}
            <FormAlert error />
        </form>
    }
}
