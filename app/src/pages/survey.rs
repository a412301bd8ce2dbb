//! `/surveys/:id`: a member answers a survey once: scales, choices and text, a draft saved on request, field
//! errors per question, then a thank-you (their own answers stay readable unless the survey is anonymous).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::surveys::{load_survey, AnswerSurvey};
use crate::components::{failure, on_success, ErrorView, FormAlert};
use crate::error::AppError;
use crate::pages::id_param;
use crate::survey::{Answers, Question, QuestionKind, SurveyPage, SCALE};

#[component]
pub fn SurveyAnswerPage() -> AnyView {
    let survey_id = id_param();
    let loaded = Resource::new_blocking(move || survey_id.get(), load_survey);
    view! {
        <Title text="Survey" />
        <Suspense fallback=|| view! { <p class="loading">"Loading the survey…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(page) => view! { <SurveyForm page /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn SurveyForm(page: SurveyPage) -> AnyView {
    let survey_id = page.id;
    let answers = RwSignal::new(page.answers.clone());
    let action = ServerAction::<AnswerSurvey>::new();
    let sent = RwSignal::new(page.submitted);
    let saved = RwSignal::new(false);
    let read_only = page.submitted || page.closed;
    // Which button sent the last request: sending finishes the survey, a draft only says it is saved.
    let finishing = RwSignal::new(false);
    let error = failure(action.value());
    let submit = move |finish: bool| {
        saved.set(false);
        finishing.set(finish);
        action.dispatch(AnswerSurvey {
            survey_id,
            answers: answers.get_untracked(),
            submit: finish,
        });
    };
    on_success(action.value(), move |()| {
        if finishing.get_untracked() {
            sent.set(true);
        } else {
            saved.set(true);
        }
    });
    let questions = page.questions.clone();
    view! {
        <section class="card card--wide">
            <p class="eyebrow">{format!("{} · {}", page.program_name, page.cycle_name)}</p>
            <h1>{page.title.clone()}</h1>
            {(!page.intro.is_empty()).then(|| view! { <p class="lead">{page.intro.clone()}</p> })}
            <p class="muted">{format!("Please answer by {}.", page.closes_on)}
                {page.anonymous.then_some(" Your answers are anonymous: they are not stored with your name.")}</p>
            {move || sent.get().then(|| view! {
                <p class="form-success" role="status" data-testid="survey-sent">"Thank you: your answers are sent."</p>
            })}
            {(page.closed && !page.submitted).then(|| view! { <p class="notice notice--warning">"This survey has closed."</p> })}
            {(page.submitted && page.anonymous).then(|| view! { <p class="muted">"Anonymous answers are not kept with your name, so they cannot be shown again."</p> })}
        </section>
        <form class="card card--wide form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(true); }>
            {questions.into_iter().enumerate().map(|(i, question)| view! {
                <QuestionField index=i question answers error read_only=move || read_only || sent.get() />
            }).collect_view()}
            <FormAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_)))) />
            {move || saved.get().then(|| view! { <p class="form-success" role="status">"Draft saved: come back to it any time before the survey closes."</p> })}
            {move || (!(read_only || sent.get())).then(|| view! {
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Send my answers"</button>
                    <button type="button" class="button button--quiet" disabled=move || action.pending().get() on:click=move |_| submit(false)>"Save a draft"</button>
                </div>
            })}
        </form>
    }
    .into_any()
}

#[component]
fn QuestionField(
    index: usize,
    question: Question,
    answers: RwSignal<Answers>,
    error: Signal<Option<AppError>>,
    read_only: impl Fn() -> bool + Send + Sync + Copy + 'static,
) -> AnyView {
    let field = format!("question-{index}");
    let message = {
        let field = field.clone();
        Signal::derive(move || error.get().and_then(|e| e.field(&field)))
    };
    let message_id = format!("{field}-error");
    let chosen = move |value: &str| {
        answers.with(|a| a.get(&index).is_some_and(|v| v.iter().any(|x| x == value)))
    };
    let set_one = move |value: String| {
        answers.update(|a| {
            a.insert(index, vec![value]);
        })
    };
    let toggle = move |value: String, on: bool| {
        answers.update(|a| {
            let list = a.entry(index).or_default();
            list.retain(|v| *v != value);
            if on {
                list.push(value);
            }
        });
    };
    let prompt = format!(
        "{}{}",
        question.prompt,
        if question.required { "" } else { " (optional)" }
    );
    let body = match question.kind {
        QuestionKind::Text => {
            let id = format!("{field}-text");
            view! {
                <div class="field">
                    <label for=id.clone()>{prompt}</label>
                    <textarea id=id rows="3" maxlength=crate::survey::ANSWER_MAX aria-describedby=message_id.clone() disabled=read_only
                        prop:value=move || answers.with(|a| a.get(&index).and_then(|v| v.first().cloned()).unwrap_or_default())
                        on:input=move |ev| { let text = event_target_value(&ev); answers.update(|a| { a.insert(index, vec![text]); }); }></textarea>
                </div>
            }.into_any()
        }
        kind => {
            let options: Vec<String> = if kind == QuestionKind::Scale {
                SCALE.iter().map(u8::to_string).collect()
            } else {
                question.options.clone()
            };
            let name = field.clone();
            view! {
                <fieldset class="choice-group" aria-describedby=message_id.clone()>
                    <legend>{prompt}</legend>
                    <div class=if kind == QuestionKind::Scale { "choice-group__options usefulness" } else { "choice-group__options choice-group__options--stacked" }>
                        {options.into_iter().map(|option| {
                            let (a, b, c) = (option.clone(), option.clone(), option.clone());
                            view! {
                                <label class="choice">
                                    {if kind == QuestionKind::Multiple {
                                        view! { <input type="checkbox" disabled=read_only prop:checked=move || chosen(&a)
                                            on:change=move |ev| toggle(b.clone(), event_target_checked(&ev)) /> }.into_any()
                                    } else {
                                        view! { <input type="radio" name=name.clone() disabled=read_only prop:checked=move || chosen(&a)
                                            on:change=move |_| set_one(b.clone()) /> }.into_any()
                                    }}
                                    " "{c}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }.into_any()
        }
    };
    view! {
        <div class="survey-question" class:field--invalid=move || message.get().is_some()>
            {body}
            <p class="field__error" id=message_id>{move || message.get()}</p>
        </div>
    }
    .into_any()
}
