//! `/cycles/:id/apply`: the application wizard. Six steps, a progress bar, drafts saved as the member goes,
//! then a confirmation with edit and withdraw.

mod autosave;
mod ranking;
mod review;
mod state;
mod steps;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::applications::{load_application, submit_application, withdraw_application};
use crate::application::{ApplicationStatus, Step};
use crate::components::ErrorView;
use crate::error::AppError;
use crate::pages::id_param;
use crate::program::WindowState;
use state::{focus_field, focus_step_heading, SaveState, Wizard};

#[component]
pub fn ApplyPage() -> impl IntoView {
    let cycle_id = id_param();
    let data = Resource::new(move || cycle_id.get(), load_application);
    view! {
        <Title text="Apply" />
        <Suspense fallback=|| view! { <p class="loading">"Loading your application…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <WizardView wizard=Wizard::new(data) /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The wizard's four faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Showing {
    Closed,
    Submitted,
    Withdrawn,
    Steps,
}

#[component]
fn WizardView(wizard: Wizard) -> AnyView {
    autosave::save_when_leaving(wizard);
    let cycle = wizard.cycle.get_value();
    let heading = format!("{}: {}", cycle.program_name, cycle.name);
    let open = cycle.dates.state == WindowState::Open;
    // Which view shows, as a memo: every autosave answer sets the status again (usually to the same value),
    // and rebuilding the steps then would recreate the focused control under the member's keyboard (a key
    // pressed just after a save landed on the page, not on the checkbox: the wizard's consent-step flake).
    let showing = Memo::new(move |_| {
        let editing = wizard.editing.get();
        match wizard.status.get() {
            _ if !open => Showing::Closed,
            Some(ApplicationStatus::Submitted) if !editing && !wizard.unsubmitted_changes.get() => {
                Showing::Submitted
            }
            Some(ApplicationStatus::Withdrawn) if !editing => Showing::Withdrawn,
            _ => Showing::Steps,
        }
    });
    let body = move || match showing.get() {
        Showing::Closed => view! { <ClosedView wizard /> }.into_any(),
        Showing::Submitted => view! { <SubmittedView wizard /> }.into_any(),
        Showing::Withdrawn => view! { <WithdrawnView wizard /> }.into_any(),
        Showing::Steps => view! { <Steps wizard /> }.into_any(),
    };
    view! {
        <section class="card card--wide wizard">
            <p class="eyebrow">
                <A href=format!("/cycles/{}", wizard.cycle_id)>{heading}</A>
            </p>
            {move || wizard.notice.get().map(|notice| view! {
                <p class="form-alert" role="alert">{notice}</p>
            })}
            {body}
        </section>
    }
    .into_any()
}

#[component]
fn Steps(wizard: Wizard) -> AnyView {
    let next = move |_| {
        let step = wizard.step.get_untracked();
        let errors = wizard.step_errors(step);
        wizard.reveal(step);
        if let Some((field, _)) = errors.iter().next() {
            focus_field(field);
            return;
        }
        if let Some(following) = Step::ALL.get(step.index() + 1) {
            wizard.go(*following);
        }
    };
    let back = move |_| {
        let step = wizard.step.get_untracked();
        if let Some(index) = step.index().checked_sub(1) {
            wizard.go(Step::ALL[index]);
        }
    };
    view! {
        <Progress wizard />
        <SaveIndicator wizard />
        <form
            class="form wizard__step"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                next(());
            }
        >
            <h2 id="step-title" tabindex="-1">
                {move || {
                    let step = wizard.step.get();
                    format!("Step {} of {}: {}", step.index() + 1, Step::ALL.len(), step.title())
                }}
            </h2>
            {move || match wizard.step.get() {
                Step::You => view! { <steps::YouStep wizard /> }.into_any(),
                Step::Preferences => view! { <steps::PreferencesStep wizard /> }.into_any(),
                Step::StrengthsAndGrowth => view! { <ranking::RankingStep wizard /> }.into_any(),
                Step::Goals => view! { <steps::GoalsStep wizard /> }.into_any(),
                Step::Agreements => view! { <steps::AgreementsStep wizard /> }.into_any(),
                Step::Review => view! { <ReviewStep wizard /> }.into_any(),
            }}
            <div class="wizard__nav">
                {move || (wizard.step.get() != Step::You).then(|| view! {
                    <button type="button" class="button button--quiet" on:click=move |_| back(())>"Back"</button>
                })}
                {move || (wizard.step.get() != Step::Review).then(|| view! {
                    <button type="submit" class="button button--primary">"Next"</button>
                })}
            </div>
        </form>
    }
    .into_any()
}

/// The steps as a list: done, current, and the ones ahead. Steps up to the first incomplete one can be
/// jumped to.
#[component]
fn Progress(wizard: Wizard) -> AnyView {
    view! {
        <nav aria-label="Application steps">
            <ol class="progress">
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let current = move || wizard.step.get() == step;
                        let reachable = move || step.index() <= wizard.first_incomplete().index();
                        let done = move || step != Step::Review && wizard.is_step_complete(step);
                        view! {
                            <li
                                class="progress__step"
                                class:progress__step--current=current
                                class:progress__step--done=done
                            >
                                <button
                                    type="button"
                                    class="progress__button"
                                    aria-current=move || current().then_some("step")
                                    disabled=move || !reachable() || current()
                                    on:click=move |_| wizard.go(step)
                                >
                                    <span class="progress__number" aria-hidden="true">{step.index() + 1}</span>
                                    <span class="progress__title">{step.title()}</span>
                                    <span class="visually-hidden">{move || if done() { " (complete)" } else { "" }}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
    .into_any()
}

#[component]
fn SaveIndicator(wizard: Wizard) -> impl IntoView {
    let text = move || match wizard.save.get() {
        SaveState::Saved => {
            if wizard.version.get() == 0 {
                "Your answers are saved as you go.".to_owned()
            } else {
                "Saved".to_owned()
            }
        }
        SaveState::Pending | SaveState::Saving => "Saving…".to_owned(),
        SaveState::Offline => "Offline — will retry".to_owned(),
        SaveState::Refused(message) => format!("Not saved: {message}"),
    };
    let offline = move || {
        matches!(
            wizard.save.get(),
            SaveState::Offline | SaveState::Refused(_)
        )
    };
    view! {
        <p class="save-state" class:save-state--problem=offline role="status" data-testid="save-state">
            {text}
        </p>
    }
}

#[component]
fn ReviewStep(wizard: Wizard) -> AnyView {
    let error = RwSignal::new(None::<AppError>);
    let submit = move |_| {
        for step in Step::ALL {
            wizard.reveal(step);
        }
        let first = wizard.first_incomplete();
        if first != Step::Review {
            error.set(Some(AppError::Conflict(format!(
                "Something is missing in \u{201c}{}\u{201d}. Please complete it first.",
                first.title()
            ))));
            return;
        }
        error.set(None);
        wizard.busy.set(true);
        leptos::task::spawn_local(async move {
            autosave::settled(wizard).await;
            let result = submit_application(
                wizard.cycle_id,
                wizard.form.get_untracked(),
                wizard.version.get_untracked(),
            )
            .await;
            wizard.busy.set(false);
            match result {
                Ok(saved) => {
                    wizard.autosave.settle();
                    wizard.version.set(saved.version);
                    wizard.status.set(saved.status);
                    wizard.unsubmitted_changes.set(false);
                    wizard.editing.set(false);
                    wizard.notice.set(None);
                    wizard.save.set(SaveState::Saved);
                    focus_step_heading();
                }
                Err(AppError::Conflict(message)) => {
                    wizard.notice.set(Some(message));
                    autosave::reload(wizard);
                }
                Err(other) => error.set(Some(other)),
            }
        });
    };
    let (name, institution) = wizard.applicant.get_value();
    let resubmit = move || wizard.status.get() == Some(ApplicationStatus::Submitted);
    view! {
        <p class="step-intro">
            {format!("Applying as {name}, {institution}. ")}
            "Check your answers; use Edit to change any of them."
        </p>
        <review::Answers wizard editable=true />
        {move || error.get().map(|e| view! { <p class="form-alert" role="alert">{e.to_string()}</p> })}
        <div class="wizard__submit">
            <button
                type="button"
                class="button button--primary"
                disabled=move || wizard.busy.get()
                on:click=submit
            >
                {move || if resubmit() { "Submit changes" } else { "Submit application" }}
            </button>
        </div>
    }
    .into_any()
}

#[component]
fn SubmittedView(wizard: Wizard) -> AnyView {
    let cycle = wizard.cycle.get_value();
    let contact = wizard.contact_email.get_value();
    let confirm = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let withdraw = move |_| {
        wizard.busy.set(true);
        leptos::task::spawn_local(async move {
            autosave::settled(wizard).await;
            let result =
                withdraw_application(wizard.cycle_id, wizard.version.get_untracked()).await;
            wizard.busy.set(false);
            match result {
                Ok(saved) => {
                    wizard.version.set(saved.version);
                    wizard.status.set(saved.status);
                    confirm.set(false);
                    focus_step_heading();
                }
                Err(e) => {
                    error.set(Some(e.to_string()));
                    autosave::reload(wizard);
                }
            }
        });
    };
    view! {
        <h2 id="step-title" tabindex="-1">"Your application is submitted"</h2>
        <p class="form-success" role="status">
            "Thank you. We have emailed you a confirmation with a copy of your answers."
        </p>
        <h3>"What happens next"</h3>
        <ul class="ticks">
            <li>{format!("You can change or withdraw your application until {}.", cycle.dates.closes)}</li>
            <li>{format!("Matching takes place on {}.", cycle.dates.matching_on)}</li>
            <li>{format!(
                "Then we introduce you to your peer by email; relationships start on {} and last {} months.",
                cycle.dates.relationship_starts_on, cycle.dates.length_months
            )}</li>
            <li>{format!("Questions? Write to {contact}.")}</li>
        </ul>
        <div class="wizard__nav">
            <button
                type="button"
                class="button"
                on:click=move |_| start_editing(wizard)
            >
                "Edit application"
            </button>
            <button type="button" class="button button--quiet" on:click=move |_| confirm.set(true)>
                "Withdraw…"
            </button>
        </div>
        {move || confirm.get().then(|| view! {
            <div class="notice" role="alertdialog" aria-labelledby="withdraw-title">
                <h3 id="withdraw-title">"Withdraw your application?"</h3>
                <p>"You will not be matched in this cycle. You can submit again while the window is open."</p>
                <div class="notice__actions">
                    <button type="button" class="button button--danger" disabled=move || wizard.busy.get() on:click=withdraw>
                        "Yes, withdraw"
                    </button>
                    <button type="button" class="button button--quiet" on:click=move |_| confirm.set(false)>
                        "Keep my application"
                    </button>
                </div>
            </div>
        })}
        {move || error.get().map(|e| view! { <p class="form-alert" role="alert">{e}</p> })}
        <h3>"Your answers"</h3>
        <review::Answers wizard />
    }
    .into_any()
}

/// Opens a submitted or withdrawn application in the wizard, at the review step.
fn start_editing(wizard: Wizard) {
    wizard.editing.set(true);
    wizard.step.set(Step::Review);
    focus_step_heading();
}

#[component]
fn WithdrawnView(wizard: Wizard) -> impl IntoView {
    let closes = wizard.cycle.with_value(|c| c.dates.closes.clone());
    view! {
        <h2 id="step-title" tabindex="-1">"You withdrew your application"</h2>
        <p>{format!("You will not be matched in this cycle. Changed your mind? You can submit again until {closes}.")}</p>
        <div class="wizard__nav">
            <button
                type="button"
                class="button button--primary"
                on:click=move |_| start_editing(wizard)
            >
                "Review and submit again"
            </button>
        </div>
    }
}

#[component]
fn ClosedView(wizard: Wizard) -> impl IntoView {
    let cycle = wizard.cycle.get_value();
    let message = match cycle.dates.state {
        WindowState::Upcoming => format!(
            "Applications open on {} and close on {} (times in {}).",
            cycle.dates.opens, cycle.dates.closes, cycle.dates.shown_in
        ),
        _ => format!(
            "Applications closed on {}. Write to {} if you need a change.",
            cycle.dates.closes,
            wizard.contact_email.get_value()
        ),
    };
    let has_answers = wizard.version.get_untracked() > 0;
    view! {
        <h2 id="step-title" tabindex="-1">"The application window is not open"</h2>
        <p class="notice">{message}</p>
        {has_answers.then(|| view! {
            <h3>{format!("Your application ({})", wizard.status.get_untracked().map_or("draft", |s| s.label()))}</h3>
            <review::Answers wizard />
        })}
    }
}
