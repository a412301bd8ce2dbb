//! `/admin/programs/:id/evaluation`: how a program is doing, across its cycles, month by month, and in one
//! chosen cycle (`?cycle=`); every chart with its data table and its CSV.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::workspace::program_evaluation;
use crate::chart::Chart;
use crate::components::{ChartView, ErrorView};
use crate::evaluation::ProgramEvaluation;
use crate::pages::id_param;
use crate::types::CycleId;

#[component]
pub fn AdminEvaluationPage() -> AnyView {
    let program_id = id_param();
    let query = leptos_router::hooks::use_query_map();
    let cycle = Memo::new(move |_| {
        query
            .read()
            .get("cycle")
            .and_then(|c| c.parse::<CycleId>().ok())
    });
    let evaluation = Resource::new_blocking(
        move || (program_id.get(), cycle.get()),
        |(program_id, cycle)| program_evaluation(program_id, cycle),
    );
    view! {
        <Title text="Evaluation" />
        <Transition fallback=|| view! { <p class="loading">"Loading the evaluation…"</p> }>
            {move || Suspend::new(async move {
                match evaluation.await {
                    Ok(evaluation) => view! { <Evaluation evaluation /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Evaluation(evaluation: ProgramEvaluation) -> AnyView {
    let id = evaluation.program_id;
    let chosen = evaluation.cycle_id;
    let csv = move |chart: &Chart| {
        let cycle = chosen.map_or_else(String::new, |c| format!("&cycle={c}"));
        format!(
            "/admin/programs/{id}/evaluation.csv?chart={}{cycle}",
            chart.key
        )
    };
    let charts = move |charts: Vec<Chart>| {
        charts
            .into_iter()
            .map(|chart| {
                let href = csv(&chart);
                view! { <ChartCard chart csv=href /> }
            })
            .collect_view()
    };
    let nothing_over_time = evaluation.over_time.iter().all(Chart::is_empty);
    view! {
        <section class="card card--wide">
            <p class="eyebrow"><A href="/admin/programs">{evaluation.program_name.clone()}</A></p>
            <h1>"Evaluation"</h1>
            <p class="muted">"How the program is doing, cycle by cycle and month by month. Every chart has its data beside it and downloads as CSV."</p>
        </section>
        <h2 class="section-title">"Across cycles"</h2>
        {charts(evaluation.across_cycles)}
        {(!evaluation.surveys.is_empty()).then(|| view! {
            <section class="card card--wide" aria-labelledby="survey-results">
                <h2 id="survey-results">"Survey results"</h2>
                <ul class="link-list">
                    {evaluation.surveys.into_iter().map(|(survey, name)| view! {
                        <li><A href=format!("/admin/surveys/{survey}")>{name}</A></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <h2 class="section-title">"Month by month"</h2>
        {if nothing_over_time {
            view! { <section class="card card--wide"><p class="muted">"Nothing yet: these charts start when a cycle's pairs are published."</p></section> }.into_any()
        } else {
            charts(evaluation.over_time).into_any()
        }}
        <h2 class="section-title">"One cycle"</h2>
        // Plain links: the router's own would mark every one current, as they share the path.
        <nav class="card card--wide chip-nav" aria-label="Choose a cycle">
            {evaluation.cycles.into_iter().map(|(cycle, name)| {
                let current = Some(cycle) == chosen;
                view! {
                    <a href=format!("/admin/programs/{id}/evaluation?cycle={cycle}") class="chip" aria-current=current.then_some("page")>{name}</a>
                }
            }).collect_view()}
        </nav>
        {charts(evaluation.cycle_charts)}
    }
    .into_any()
}

#[component]
fn ChartCard(chart: Chart, csv: String) -> AnyView {
    let heading = format!("chart-title-{}", chart.key);
    let labelled_by = heading.clone();
    view! {
        <section class="card card--wide" aria-labelledby=labelled_by>
            <h3 id=heading>{chart.title.clone()}</h3>
            <p class="muted">{chart.summary.clone()}</p>
            {if chart.is_empty() {
                view! { <p class="muted">"Nothing to show yet."</p> }.into_any()
            } else {
                view! { <ChartView chart csv /> }.into_any()
            }}
        </section>
    }
    .into_any()
}
