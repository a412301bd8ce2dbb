//! `/room/:code`: a participant's phone. The phase and countdown, where to sit and with whom ("your partner:
//! Ben — table 4 — you are mentor first"), the swap, notes that survive a reload (download them or email them
//! to yourself), the wrap-up questions, and whom you would like to continue with.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::shared::{code_param, Countdown, PhaseAnnouncer};
use crate::api::speed::{
    speed_me, speed_screen, ChooseSpeedFollowUps, EmailSpeedNotes, LeaveSpeedSession,
};
use crate::components::{failure, on_success, ErrorView, FormAlert};
use crate::error::AppError;
use crate::speed::live::{use_live, Live};
use crate::speed::session::{
    wrap_up_text, MeView, ScreenView, Seat, NOTES_MAX, WRAP_UP_ANSWER_MAX,
};
use crate::speed::timer::PhaseKind;

#[component]
pub fn RoomPage() -> impl IntoView {
    let code = code_param();
    let screen = Resource::new_blocking(move || code.get(), speed_screen);
    let me = Resource::new_blocking(move || code.get(), speed_me);
    view! {
        <Title text="Speed mentoring" />
        <Suspense fallback=|| view! { <p class="loading">"Joining the room…"</p> }>
            {move || Suspend::new(async move {
                match (screen.await, me.await) {
                    (Ok(screen), Ok(me)) => view! { <Room screen me /> }.into_any(),
                    (Ok(_), Err(AppError::Unauthorized)) => view! {
                        <section class="card card--narrow">
                            <h1>"Join first"</h1>
                            <p>"This phone has not joined the session yet."</p>
                            <p><A href=format!("/join/{}", code.get_untracked()) attr:class="button button--primary">"Join the session"</A></p>
                        </section>
                    }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Room(screen: ScreenView, me: MeView) -> AnyView {
    let live = use_live(screen.snapshot);
    let signal = RwSignal::new(false);
    let code = live.snapshot.with_untracked(|s| s.code.clone());
    let answers = RwSignal::new(me.wrap_up.clone());
    let me = RwSignal::new(me);
    let my_id = me.with_untracked(|m| m.participant_id);
    // Whom one met grows with each round: refresh it when the wrap-up begins.
    let phase = Memo::new(move |_| live.view().phase);
    let wrap_up =
        Memo::new(move |_| matches!(phase.get(), Some(PhaseKind::WrapUp)) || live.view().ended);
    // Before the first round the phone shows the seed's plan for the conversations.
    let preparing = Memo::new(move |_| {
        matches!(phase.get(), None | Some(PhaseKind::Preparation)) && !live.view().ended
    });
    let refresh_code = code.clone();
    // Someone may have chosen this person back: the counts in the snapshot move, and the view follows.
    let mutual_pairs = Memo::new(move |_| live.snapshot.with(|s| s.mutual_pairs));
    Effect::new(move |_| {
        mutual_pairs.track();
        if wrap_up.get() {
            let code = refresh_code.clone();
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = speed_me(code).await {
                    me.set(fresh);
                }
            });
        }
    });
    view! {
        <section class="card card--narrow room">
            <p class="muted room__who">{move || format!("{} · you are {}", live.snapshot.with(|s| s.title.clone()), me.with(|m| m.name.clone()))}</p>
            <Countdown live />
            <PhaseAnnouncer live signal trio=Signal::derive(move || at_a_trio(live, my_id)) />
            <YourTable live my_id />
            <label class="choice room__signal">
                <input type="checkbox" prop:checked=move || signal.get()
                    on:change=move |ev| {
                        signal.set(event_target_checked(&ev));
                        if signal.get_untracked() {
                            crate::speed::live::announce::signal();
                        }
                    } />
                " Sound and vibration at each change"
            </label>
        </section>
        {move || preparing.get().then(|| view! { <ConversationPlan /> })}
        {let code = code.clone(); move || wrap_up.get().then(|| view! { <WrapUp live code=code.clone() answers /> })}
        {let code = code.clone(); move || wrap_up.get().then(|| view! { <FollowUps code=code.clone() me /> })}
        <Notes code=code.clone() initial=me.with_untracked(|m| m.notes.clone()) email=me.with_untracked(|m| m.email.clone()) live answers />
        <Leave code />
    }
    .into_any()
}

/// "you speak first", "second", "third".
fn ordinal(n: usize) -> &'static str {
    match n {
        0 => "first",
        1 => "second",
        _ => "third",
    }
}

fn names(seats: &[&Seat]) -> String {
    match seats {
        [one] => one.name.clone(),
        [first @ .., last] => format!(
            "{} and {}",
            first
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            last.name
        ),
        [] => String::new(),
    }
}

/// Where to sit and with whom, in one sentence per line.
#[component]
fn YourTable(live: Live, my_id: i64) -> impl IntoView {
    move || {
        let view = live.view();
        let (round, people) = live.snapshot.with(|s| (s.round.clone(), s.participants));
        let place = round.as_ref().and_then(|r| {
            r.place_of(my_id).map(|(table, others)| {
                let position = table.seats.iter().position(|s| s.id == my_id).unwrap_or(0);
                let speaking = table
                    .seats
                    .get(usize::from(view.third))
                    .map(|s| s.name.clone());
                (
                    table.number,
                    names(&others),
                    others.len(),
                    position,
                    speaking,
                )
            })
        });
        let sitting_out = round
            .as_ref()
            .is_some_and(|r| r.sitting_out.iter().any(|s| s.id == my_id));
        let lines: Vec<String> = match (view.phase, view.ended) {
            (_, true) => vec!["Thank you for taking part.".to_owned()],
            (None, _) => vec![format!(
                "Waiting for the facilitator to start. {people} {} here.",
                if people == 1 { "person is" } else { "people are" }
            )],
            (Some(PhaseKind::Preparation), _) => vec![
                "Think about the next six months: write down your goals and the questions you want to ask a peer, then put them in order.".to_owned(),
            ],
            (Some(PhaseKind::Round(_)), _) => match place {
                Some((table, partner, count, position, speaking)) => {
                        let role = if count > 1 {
                        // At a table of three each speaks for a third of the round, in seat order.
                        match speaking {
                            _ if usize::from(view.third) == position => format!("you speak {}: your turn now", ordinal(position)),
                            Some(name) => format!("you speak {}; {name} speaks now", ordinal(position)),
                            None => format!("you speak {}", ordinal(position)),
                        }
                    } else {
                        let mentor_first = position == 0;
                        match (mentor_first, view.swapped) {
                            (true, false) => "you are mentor first".to_owned(),
                            (true, true) => "now you are the mentee".to_owned(),
                            (false, false) => "you are mentee first".to_owned(),
                            (false, true) => "now you are the mentor".to_owned(),
                        }
                    };
                    let who = if count > 1 { "Your partners" } else { "Your partner" };
                    vec![format!("{who}: {partner} — table {table} — {role}")]
                }
                None if sitting_out => vec!["You sit this round out. Use the time for your notes.".to_owned()],
                None => vec!["You'll be placed from the next round.".to_owned()],
            },
            (Some(PhaseKind::Break(_)), _) => match place {
                Some((table, partner, ..)) => vec![format!("Next: table {table} with {partner}.")],
                None if sitting_out => vec!["You sit the next round out.".to_owned()],
                None => vec!["Stretch, and find your next table when it shows here.".to_owned()],
            },
            (Some(PhaseKind::WrapUp), _) => vec!["Wrap-up: talk over the questions below.".to_owned()],
        };
        view! {
            <div class="your-table" data-testid="your-table">
                {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            </div>
        }
    }
}

/// Whether `my_id` sits at a table of three this round.
fn at_a_trio(live: Live, my_id: i64) -> bool {
    live.snapshot.with(|s| {
        s.round
            .as_ref()
            .and_then(|r| r.place_of(my_id))
            .is_some_and(|(_, others)| others.len() > 1)
    })
}

/// The seed's advice for the rounds, on the phone while people prepare: how to share the time, and questions
/// worth asking a peer.
#[component]
fn ConversationPlan() -> impl IntoView {
    view! {
        <section class="card card--narrow" aria-labelledby="plan-title">
            <h2 id="plan-title">"Plan your conversations"</h2>
            <ul class="plan">
                <li>"Find someone you don't know well."</li>
                <li>"Share the time: each of you is both mentor and mentee."</li>
                <li>"Start with your most important goal or question."</li>
            </ul>
            <h3>"Questions you might ask your peer"</h3>
            <ul class="plan">
                <li>"Are my goals realistic?"</li>
                <li>"What is my next career step?"</li>
                <li>"How do I raise a problem with my senior mentor?"</li>
                <li>"How do I help a struggling learner?"</li>
                <li>"How could I implement an improvement idea?"</li>
            </ul>
        </section>
    }
}

/// The wrap-up questions, each with room for the participant's own answer (kept with their notes).
#[component]
fn WrapUp(live: Live, code: String, answers: RwSignal<Vec<String>>) -> impl IntoView {
    // A memo, so that other changes to the snapshot do not rebuild the fields someone is typing in.
    let questions = Memo::new(move |_| live.snapshot.with(|s| s.questions.clone()));
    let autosave = Autosave::new();
    let save = move || {
        let code = code.clone();
        let sent = answers.get_untracked();
        leptos::task::spawn_local(async move {
            let result = crate::api::speed::save_speed_wrap_up(code, sent.clone()).await;
            // Only the latest answers count: an older reply arriving late changes nothing.
            if answers.get_untracked() == sent {
                autosave.finished(result.is_ok());
            }
        });
    };
    let too_long =
        move || answers.with(|a| a.iter().any(|a| a.chars().count() > WRAP_UP_ANSWER_MAX));
    view! {
        <section class="card card--narrow wrap-up">
            <h2>"Wrap-up questions"</h2>
            <p class="field__hint">"Write your answers if you like: they are kept with your notes, and only you see them."</p>
            <ol class="questions">
                {move || questions.get().into_iter().enumerate().map(|(i, question)| {
                    let id = format!("field-wrap-up-{i}");
                    let save = save.clone();
                    view! {
                        <li>
                            <label for=id.clone()>{question}</label>
                            <textarea id=id rows="3" aria-describedby="wrap-up-state"
                                prop:value=move || answers.with(|a| a.get(i).cloned().unwrap_or_default())
                                on:input=move |ev| {
                                    let text = event_target_value(&ev);
                                    answers.update(|a| {
                                        if a.len() <= i {
                                            a.resize(i + 1, String::new());
                                        }
                                        a[i] = text;
                                    });
                                    autosave.edited(save.clone());
                                }></textarea>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="muted" id="wrap-up-state" role="status" data-testid="wrap-up-state">{move || if too_long() {
                format!("Each answer is limited to {WRAP_UP_ANSWER_MAX} characters.")
            } else {
                autosave.message()
            }}</p>
        </section>
    }
}

/// Percent-encodes text for a `data:` URL (everything but unreserved characters).
fn percent_encode(text: &str) -> String {
    crate::validation::percent_encode(text, b"")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NotesState {
    Saved,
    Pending,
    Failed,
}

/// Saves what a participant writes once typing pauses, and says whether it is saved.
#[derive(Clone, Copy)]
struct Autosave {
    state: RwSignal<NotesState>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl Autosave {
    fn new() -> Self {
        Autosave {
            state: RwSignal::new(NotesState::Saved),
            timer: StoredValue::new(None),
        }
    }

    /// Something changed: `save` runs 800 ms after the last change.
    fn edited(self, save: impl FnOnce() + 'static) {
        self.state.set(NotesState::Pending);
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if let Ok(handle) = set_timeout_with_handle(save, std::time::Duration::from_millis(800)) {
            self.timer.set_value(Some(handle));
        }
    }

    fn finished(self, saved: bool) {
        self.state.set(if saved {
            NotesState::Saved
        } else {
            NotesState::Failed
        });
    }

    fn message(self) -> String {
        match self.state.get() {
            NotesState::Saved => "Saved".to_owned(),
            NotesState::Pending => "Saving…".to_owned(),
            NotesState::Failed => {
                "Not saved — check your connection; your text is still here.".to_owned()
            }
        }
    }
}

#[component]
fn Notes(
    code: String,
    initial: String,
    email: Option<String>,
    live: Live,
    answers: RwSignal<Vec<String>>,
) -> impl IntoView {
    let notes = RwSignal::new(initial);
    let autosave = Autosave::new();
    let save_code = code.clone();
    let save = move || {
        let code = save_code.clone();
        let text = notes.get_untracked();
        leptos::task::spawn_local(async move {
            let result = crate::api::speed::save_speed_notes(code, text.clone()).await;
            // Only the latest text counts: an older answer arriving late changes nothing.
            if notes.get_untracked() == text {
                autosave.finished(result.is_ok());
            }
        });
    };
    let on_input = move |ev| {
        notes.set(event_target_value(&ev));
        autosave.edited(save.clone());
    };
    let too_long = move || notes.with(|n| n.chars().count() > NOTES_MAX);
    let email_action = ServerAction::<EmailSpeedNotes>::new();
    let address = RwSignal::new(email.unwrap_or_default());
    let email_error = failure(email_action.value());
    // The download carries the wrap-up answers too, as the email does.
    let href = move || {
        let wrap_up = live
            .snapshot
            .with(|s| answers.with(|a| wrap_up_text(&s.questions, a)));
        format!(
            "data:text/plain;charset=utf-8,{}",
            percent_encode(&format!("{}\n\n{wrap_up}\n", notes.get()))
        )
    };
    view! {
        <section class="card card--narrow notes">
            <h2><label for="field-notes">"Your notes"</label></h2>
            <p class="field__hint" id="notes-hint">"Goals for the next six months and questions for your peers. Only you see them."</p>
            <textarea id="field-notes" rows="7" aria-describedby="notes-hint notes-state"
                prop:value=move || notes.get() on:input=on_input></textarea>
            <p class="muted" id="notes-state" role="status" data-testid="notes-state">{move || if too_long() {
                format!("Notes are limited to {NOTES_MAX} characters.")
            } else {
                autosave.message()
            }}</p>
            <p><a class="button" download="shoulder-notes.txt" href=href>"Download notes"</a></p>
            <form class="form form--inline" novalidate on:submit=move |ev| {
                ev.prevent_default();
                email_action.dispatch(EmailSpeedNotes { code: code.clone(), email: address.get_untracked() });
            }>
                <div class="field" class:field--invalid=move || email_error.get().and_then(|e| e.field("email")).is_some()>
                    <label for="field-notes-email">"Email them to"</label>
                    <input id="field-notes-email" type="email" autocomplete="email" aria-describedby="field-notes-email-error"
                        prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev)) />
                    <p class="field__error" id="field-notes-email-error">{move || email_error.get().and_then(|e| e.field("email"))}</p>
                </div>
                <button type="submit" class="button" disabled=move || email_action.pending().get()>"Send"</button>
            </form>
            {move || matches!(email_action.value().get(), Some(Ok(()))).then(|| view! { <p role="status">"On its way to your inbox."</p> })}
        </section>
    }
}

#[component]
fn FollowUps(code: String, me: RwSignal<MeView>) -> impl IntoView {
    let action = ServerAction::<ChooseSpeedFollowUps>::new();
    let chosen = RwSignal::new(me.with_untracked(|m| m.chosen.clone()));
    on_success(action.value(), move |fresh| {
        chosen.set(fresh.chosen.clone());
        me.set(fresh);
    });
    let error = failure(action.value());
    view! {
        <section class="card card--narrow">
            <h2>"Continue as peer mentors?"</h2>
            {move || if me.with(|m| m.met.is_empty()) {
                view! { <p class="muted">"You did not share a table with anyone this time."</p> }.into_any()
            } else {
                let code = code.clone();
                view! {
                    <form class="form" on:submit=move |ev| {
                        ev.prevent_default();
                        action.dispatch(ChooseSpeedFollowUps { code: code.clone(), chosen: chosen.get_untracked() });
                    }>
                        <fieldset class="choice-group">
                            <legend>"Tick the people you'd like to continue with. If they tick you too, you'll both see it."</legend>
                            {me.with(|m| m.met.clone()).into_iter().map(|person| {
                                let id = person.id;
                                view! {
                                    <label class="choice">
                                        <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                            } />
                                        {format!(" {}", person.name)}
                                        {person.institution.map(|i| view! { <span class="muted">{format!(" · {i}")}</span> })}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Save my choices"</button>
                        {move || matches!(action.value().get(), Some(Ok(_))).then(|| view! { <p role="status">"Saved."</p> })}
                        <FormAlert error />
                    </form>
                }.into_any()
            }}
            {move || {
                let mutual = me.with(|m| m.mutual.clone());
                (!mutual.is_empty()).then(|| view! {
                    <p class="form-success" data-testid="mutual">{format!(
                        "You and {} chose each other. The program coordinator can invite you to continue.",
                        mutual.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ")
                    )}</p>
                })
            }}
        </section>
    }
}

#[component]
fn Leave(code: String) -> impl IntoView {
    let action = ServerAction::<LeaveSpeedSession>::new();
    let confirming = RwSignal::new(false);
    view! {
        <section class="card card--narrow room__leave">
            {move || if matches!(action.value().get(), Some(Ok(()))) {
                view! { <p role="status">"You left the session: you won't be placed in later rounds. Join again with the same code to come back."</p> }.into_any()
            } else if confirming.get() {
                let code = code.clone();
                view! {
                    <p>"Leave the session? You won't be placed in later rounds."</p>
                    <button type="button" class="button button--danger" on:click=move |_| { action.dispatch(LeaveSpeedSession { code: code.clone() }); }>"Yes, leave"</button>
                    " "
                    <button type="button" class="button button--quiet" on:click=move |_| confirming.set(false)>"Stay"</button>
                }.into_any()
            } else {
                view! { <button type="button" class="button button--quiet" on:click=move |_| confirming.set(true)>"Leave the session"</button> }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_percent_encoded_for_the_download_link() {
        assert_eq!(percent_encode("Goal 1: é?"), "Goal%201%3A%20%C3%A9%3F");
    }

    #[test]
    fn partners_are_named_in_a_sentence() {
        let seat = |name: &str| Seat {
            id: 0,
            name: name.into(),
            institution: None,
        };
        let (a, b) = (seat("Ben"), seat("Chloé"));
        assert_eq!(names(&[&a]), "Ben");
        assert_eq!(names(&[&a, &b]), "Ben and Chloé");
    }
}
