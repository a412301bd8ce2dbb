//! Step 6 and the summary after submitting: every answer, grouped by step, each group with its edit button.

use leptos::prelude::*;

use super::state::Wizard;
use crate::application::{ApplicationForm, Step};

/// The answers of one step as (question, answer) lines.
fn answers(step: Step, form: &ApplicationForm, previous: Option<&str>) -> Vec<(String, String)> {
    let list = |items: &[String]| {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join(", ")
        }
    };
    let ranked = |items: &[String]| {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{}. {n}", i + 1))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let or_dash = |text: &str| {
        if text.trim().is_empty() {
            "—".to_owned()
        } else {
            text.to_owned()
        }
    };
    let line = |q: &str, a: String| (q.to_owned(), a);
    match step {
        Step::You => {
            let mut lines = vec![
                line("Type of institution", list(&form.institution_types)),
                line("Enrollment size", or_dash(&form.enrollment_size)),
                line("Time zone", or_dash(&form.time_zone)),
            ];
            if let Some(previous) = previous {
                let answer = match form.previous_cycle {
                    Some(true) => "Yes",
                    Some(false) => "No",
                    None => "—",
                };
                lines.push(line(&format!("Took part in {previous}"), answer.to_owned()));
            }
            lines
        }
        Step::Preferences => vec![
            line(
                "Peer assignment preference (confidential)",
                or_dash(&form.assignment_preference),
            ),
            line("Areas of responsibility", list(&form.areas)),
            line("Helpful resource formats", list(&form.resource_formats)),
        ],
        Step::StrengthsAndGrowth => vec![
            line("Strengths", ranked(&form.strengths)),
            line("Growth areas", ranked(&form.growth)),
        ],
        Step::Goals => vec![
            line("Goals", or_dash(&form.goals)),
            line("Meeting frequency", or_dash(&form.meeting_frequency)),
            line("Keeping in touch", list(&form.communication_methods)),
        ],
        Step::Agreements => vec![
            line(
                "Commitment",
                if form.commitment {
                    "Agreed"
                } else {
                    "Not yet agreed"
                }
                .to_owned(),
            ),
            line(
                "Sharing with your peer",
                if form.consent {
                    "Agreed"
                } else {
                    "Not yet agreed"
                }
                .to_owned(),
            ),
        ],
        Step::Review => Vec::new(),
    }
}

/// Every answer; with `editable`, each group has a button back to its step.
#[component]
pub fn Answers(wizard: Wizard, #[prop(optional)] editable: bool) -> impl IntoView {
    let previous = wizard.options.with_value(|o| o.previous_cycle.clone());
    Step::ALL
        .into_iter()
        .filter(|s| *s != Step::Review)
        .map(|step| {
            let previous = previous.clone();
            let lines = move || wizard.form.with(|f| answers(step, f, previous.as_deref()));
            let incomplete = move || !wizard.is_step_complete(step);
            view! {
                <section class="answers" aria-labelledby=format!("answers-{}", step.index())>
                    <header class="answers__head">
                        <h3 id=format!("answers-{}", step.index())>{step.title()}</h3>
                        {editable.then(|| view! {
                            <button
                                type="button"
                                class="button button--small button--quiet"
                                aria-label=format!("Edit {}", step.title())
                                on:click=move |_| wizard.go(step)
                            >
                                "Edit"
                            </button>
                        })}
                    </header>
                    {move || (editable && incomplete()).then(|| view! {
                        <p class="answers__missing">"Something is missing here."</p>
                    })}
                    <dl class="facts">
                        {move || lines()
                            .into_iter()
                            .map(|(q, a)| view! { <dt>{q}</dt><dd>{a}</dd> })
                            .collect_view()}
                    </dl>
                </section>
            }
        })
        .collect_view()
}
