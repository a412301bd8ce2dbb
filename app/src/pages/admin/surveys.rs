//! `/admin/cycles/:id/surveys`: a cycle's surveys with their response rates, and a new survey from a template
//! (kick-off, mid-point at three months, end at six) with its title, dates and anonymity;
//! `/admin/surveys/:id`: the results, each question as an accessible bar chart with its data table, and CSV.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::surveys::{load_cycle_surveys, load_survey_results, CreateSurvey};
use crate::chart::{Chart, ChartRow};
use crate::components::{failure, ChartView, ErrorView, FormAlert, Reload, TextField};
use crate::error::AppError;
use crate::pages::id_param;
use crate::survey::{
    percent, CycleSurveys, Question, QuestionKind, QuestionResult, SurveyForm, SurveyResults,
    Template, QUESTIONS_MAX,
};
use crate::types::CycleId;

#[component]
pub fn AdminSurveysPage() -> AnyView {
    let cycle_id = id_param();
    let create = ServerAction::<CreateSurvey>::new();
    // The list reloads after a survey is saved, not after a refusal: the form and what was typed stay.
    let saved = Reload::new().after(create.value());
    let loaded = Resource::new_blocking(
        move || (cycle_id.get(), saved.get()),
        |(cycle_id, _)| load_cycle_surveys(cycle_id),
    );
    view! {
        <Title text="Surveys" />
        <Transition fallback=|| view! { <p class="loading">"Loading the surveys…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(surveys) => view! { <SurveyList surveys create /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn SurveyList(surveys: CycleSurveys, create: ServerAction<CreateSurvey>) -> AnyView {
    let cycle_id = surveys.cycle_id;
    view! {
        <section class="card card--wide">
            <p class="eyebrow"><A href="/admin/programs">{format!("{} · {}", surveys.program_name, surveys.cycle_name)}</A></p>
            <h1>{format!("Surveys: {}", surveys.cycle_name)}</h1>
            {if surveys.surveys.is_empty() {
                view! { <p>"No survey yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="cycle-list">
                        {surveys.surveys.clone().into_iter().map(|s| view! {
                            <li class="cycle-card">
                                <h2><A href=format!("/admin/surveys/{}", s.id)>{s.title}</A></h2>
                                <p>{format!("{} {} · closes {}{}", if s.sent { "Sent" } else { "Sends on" }, s.sends_on, s.closes_on, if s.anonymous { " · anonymous" } else { "" })}</p>
                                <p class="muted">{format!("{} of {} answered ({} %)", s.responded, s.invited, percent(s.responded, s.invited))}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <NewSurvey cycle_id today=surveys.today.clone() create />
    }
    .into_any()
}

/// A new survey, started from a template: the admin's title, dates and anonymity, and the questions to edit,
/// add, reorder or remove.
#[component]
fn NewSurvey(cycle_id: CycleId, today: String, create: ServerAction<CreateSurvey>) -> AnyView {
    let template = RwSignal::new(Template::KickOff);
    let questions = RwSignal::new(Template::KickOff.questions());
    let intro = RwSignal::new(String::new());
    let title = RwSignal::new(Template::KickOff.label().to_owned());
    let sends_on = RwSignal::new(today);
    let closes_on = RwSignal::new(String::new());
    let anonymous = RwSignal::new(true);
    let error = failure(create.value());
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    view! {
        <section class="card card--wide" aria-labelledby="new-survey">
            <h2 id="new-survey">"New survey"</h2>
            <form class="form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(CreateSurvey {
                    cycle_id,
                    form: SurveyForm {
                        title: title.get_untracked(),
                        intro: intro.get_untracked(),
                        anonymous: anonymous.get_untracked(),
                        sends_on: sends_on.get_untracked(),
                        closes_on: closes_on.get_untracked(),
                        questions: questions.get_untracked(),
                    },
                });
            }>
                <div class="field">
                    <label for="survey-template">"Template"</label>
                    <select id="survey-template" on:change=move |ev| {
                        let chosen = Template::ALL.into_iter().find(|t| t.label() == event_target_value(&ev)).unwrap_or(Template::KickOff);
                        template.set(chosen);
                        title.set(chosen.label().to_owned());
                        questions.set(chosen.questions());
                    }>
                        {Template::ALL.into_iter().map(|t| view! { <option value=t.label() selected=move || template.get() == t>{t.label()}</option> }).collect_view()}
                    </select>
                </div>
                <TextField label="Title" name="survey_title" value=title error=field("title") />
                <TextField label="Sent on" name="survey_sends_on" kind="date" value=sends_on error=field("sends_on") />
                <TextField label="Closes on" name="survey_closes_on" kind="date" value=closes_on error=field("closes_on") />
                <label class="choice">
                    <input type="checkbox" prop:checked=move || anonymous.get() on:change=move |ev| anonymous.set(event_target_checked(&ev)) />
                    " Anonymous: answers are stored without the member's name"
                </label>
                <div class="field">
                    <label for="survey-intro">"Introduction (optional)"</label>
                    <textarea id="survey-intro" rows="2" prop:value=move || intro.get() on:input=move |ev| intro.set(event_target_value(&ev))></textarea>
                    <p class="field__error">{move || field("intro").get()}</p>
                </div>
                <QuestionsEditor questions error />
                // Beside the button: a question's message may be far up the page.
                <FormAlert error=error />
                {move || matches!(create.value().get(), Some(Ok(_))).then(|| view! {
                    <p class="form-success" role="status">"Survey saved: the cycle's members are emailed on its date."</p>
                })}
                <button type="submit" class="button button--primary" disabled=move || create.pending().get()>"Save and schedule"</button>
            </form>
        </section>
    }
    .into_any()
}

/// The survey's questions, each editable in place.
#[component]
fn QuestionsEditor(questions: RwSignal<Vec<Question>>, error: Signal<Option<AppError>>) -> AnyView {
    // Rebuilt when a question is added, removed or moved, not on every keystroke.
    let count = Memo::new(move |_| questions.with(Vec::len));
    let full = move || count.get() >= QUESTIONS_MAX;
    view! {
        <h3>"Questions"</h3>
        <p class="field__error" role="alert">{move || error.get().and_then(|e| e.field("questions"))}</p>
        <ol class="question-editor-list">
            {move || (0..count.get()).map(|index| view! { <QuestionEditor index questions error /> }).collect_view()}
        </ol>
        <button type="button" class="button" disabled=full
            on:click=move |_| questions.update(|q| q.push(Question { kind: QuestionKind::Scale, prompt: String::new(), options: Vec::new(), required: false }))>
            "Add a question"
        </button>
    }
    .into_any()
}

/// One question: its kind, wording, choices (one per line) and whether it must be answered.
#[component]
fn QuestionEditor(
    index: usize,
    questions: RwSignal<Vec<Question>>,
    error: Signal<Option<AppError>>,
) -> AnyView {
    let number = index + 1;
    let read = move |f: fn(&Question) -> String| {
        move || questions.with(|q| q.get(index).map(f).unwrap_or_default())
    };
    let write = move |f: Box<dyn Fn(&mut Question)>| {
        questions.update(|q| {
            if let Some(question) = q.get_mut(index) {
                f(question);
            }
        });
    };
    let kind = move || questions.with(|q| q.get(index).map_or(QuestionKind::Scale, |q| q.kind));
    let message = move || {
        error
            .get()
            .and_then(|e| e.field(&format!("question-{index}")))
    };
    let id = move |part: &str| format!("question-{index}-{part}");
    let last = move || index + 1 >= questions.with(Vec::len);
    let move_down = move || {
        questions.update(|q| {
            if index + 1 < q.len() {
                q.swap(index, index + 1);
            }
        });
    };
    view! {
        <li class="question-editor" class:field--invalid=move || message().is_some()>
            <fieldset>
                <legend>{format!("Question {number}")}</legend>
                <div class="field">
                    <label for=id("prompt")>"Wording"</label>
                    // A textarea: a long question reads whole on a phone, where a one-line field cuts it.
                    <textarea id=id("prompt") rows="2" maxlength="300" aria-describedby=id("error")
                        prop:value=read(|q| q.prompt.clone())
                        on:input=move |ev| { let text = event_target_value(&ev); write(Box::new(move |q| q.prompt.clone_from(&text))); }></textarea>
                </div>
                <div class="field">
                    <label for=id("kind")>"Answered with"</label>
                    <select id=id("kind") on:change=move |ev| {
                        let chosen = QuestionKind::from_key(&event_target_value(&ev)).unwrap_or(QuestionKind::Scale);
                        write(Box::new(move |q| q.kind = chosen));
                    }>
                        {QuestionKind::ALL.into_iter().map(|k| view! { <option value=k.key() selected=move || kind() == k>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                {move || kind().has_options().then(|| view! {
                    <div class="field">
                        <label for=id("options")>"Choices, one per line"</label>
                        <textarea id=id("options") rows="4"
                            prop:value=read(|q| q.options.join("\n"))
                            on:input=move |ev| {
                                let lines: Vec<String> = event_target_value(&ev).split('\n').map(str::to_owned).collect();
                                write(Box::new(move |q| q.options.clone_from(&lines)));
                            }></textarea>
                    </div>
                })}
                <label class="choice">
                    <input type="checkbox" prop:checked=move || questions.with(|q| q.get(index).is_some_and(|q| q.required))
                        on:change=move |ev| { let on = event_target_checked(&ev); write(Box::new(move |q| q.required = on)); } />
                    " Must be answered"
                </label>
                <p class="field__error" id=id("error")>{message}</p>
                <div class="actions-row">
                    <button type="button" class="button button--small button--quiet" aria-label=format!("Move question {number} up")
                        disabled=index == 0 on:click=move |_| questions.update(|q| q.swap(index - 1, index))>"Move up"</button>
                    <button type="button" class="button button--small button--quiet" aria-label=format!("Move question {number} down")
                        disabled=last on:click=move |_| move_down()>"Move down"</button>
                    <button type="button" class="button button--small button--quiet" aria-label=format!("Remove question {number}")
                        on:click=move |_| questions.update(|q| if index < q.len() { q.remove(index); })>"Remove"</button>
                </div>
            </fieldset>
        </li>
    }
    .into_any()
}

#[component]
pub fn AdminSurveyResultsPage() -> AnyView {
    let survey_id = id_param();
    let loaded = Resource::new_blocking(move || survey_id.get(), load_survey_results);
    view! {
        <Title text="Survey results" />
        <Suspense fallback=|| view! { <p class="loading">"Loading the results…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(results) => view! { <Results results /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Results(results: SurveyResults) -> AnyView {
    let id = results.id;
    view! {
        <section class="card card--wide">
            <p class="eyebrow"><A href=format!("/admin/cycles/{}/surveys", results.cycle_id)>{format!("Surveys · {}", results.cycle_name)}</A></p>
            <h1>{results.title.clone()}</h1>
            <p class="counts" data-testid="response-rate">
                <span><strong>{format!("{} %", results.rate())}</strong>" response rate"</span>
                <span><strong>{format!("{} of {}", results.responded, results.invited)}</strong>" members answered"</span>
                {results.anonymous.then(|| view! { <span>"Anonymous"</span> })}
            </p>
            <p><a class="button button--quiet" href=format!("/admin/surveys/{id}/results.csv") rel="external" download>"Download the results (CSV)"</a></p>
        </section>
        {results.questions.into_iter().enumerate().map(|(i, q)| view! { <QuestionCard index=i question=q /> }).collect_view()}
    }
    .into_any()
}

#[component]
fn QuestionCard(index: usize, question: QuestionResult) -> AnyView {
    let heading = format!("question-{index}");
    view! {
        <section class="card card--wide" aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{question.prompt.clone()}</h2>
            <p class="muted">{format!("{} answered{}", question.answered, question.mean.map(|m| format!(" · mean {m:.1} / 5")).unwrap_or_default())}</p>
            {if question.kind == QuestionKind::Text {
                if question.texts.is_empty() {
                    view! { <p class="muted">"No answer yet."</p> }.into_any()
                } else {
                    view! { <ul class="survey-texts">{question.texts.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }.into_any()
                }
            } else {
                view! { <ChartView chart=answer_chart(index, &question) /> }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// A question's answers as a chart: a bar per choice, with each choice's share of those who answered.
fn answer_chart(index: usize, question: &QuestionResult) -> Chart {
    let mut chart = Chart::new(
        &format!("question-{index}"),
        &question.prompt,
        "Answer",
        &["Count", "Share (%)"],
    );
    chart.drawn = 1;
    chart.rows = question
        .counts
        .iter()
        .map(|(label, n)| {
            ChartRow::counts(
                label.clone(),
                &[*n, percent(*n, question.answered) as usize],
            )
        })
        .collect();
    chart
}
