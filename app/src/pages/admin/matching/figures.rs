//! The run shown: its quality figures (against the run before), and what changed since that run.

use leptos::prelude::*;

use crate::api::matching::load_moved;
use crate::components::{failure, on_success, FormAlert};
use crate::matching::{Comparison, QualityReport, RunView};
use crate::types::CycleId;

/// One figure: label, value, and whether a higher value is better.
struct Figure {
    label: &'static str,
    help: &'static str,
    value: fn(&QualityReport) -> f64,
    higher_is_better: bool,
    decimals: bool,
}

const FIGURES: [Figure; 8] = [
    Figure {
        label: "Pairs",
        help: "Groups formed (a trio counts once).",
        value: |r| r.pairs as f64,
        higher_is_better: true,
        decimals: false,
    },
    Figure {
        label: "Unmatched",
        help: "People without a peer.",
        value: |r| r.unmatched as f64,
        higher_is_better: false,
        decimals: false,
    },
    Figure {
        label: "Total score",
        help: "The sum of every pair's score.",
        value: |r| r.total as f64,
        higher_is_better: true,
        decimals: false,
    },
    Figure {
        label: "Weakest pair",
        help: "The lowest pair score.",
        value: |r| r.min.unwrap_or(0) as f64,
        higher_is_better: true,
        decimals: false,
    },
    Figure {
        label: "Mean score",
        help: "Average pair score.",
        value: |r| r.mean,
        higher_is_better: true,
        decimals: true,
    },
    Figure {
        label: "Mutual pairs",
        help: "Pairs where each helps the other grow.",
        value: |r| r.mutual_pairs as f64,
        higher_is_better: true,
        decimals: false,
    },
    Figure {
        label: "Growth uncovered",
        help: "People none of whose growth areas their peer covers.",
        value: |r| r.uncovered_applicants as f64,
        higher_is_better: false,
        decimals: false,
    },
    Figure {
        label: "Blocking pairs",
        help: "Two people who would both rather be together than with their peers.",
        value: |r| r.blocking_pairs as f64,
        higher_is_better: false,
        decimals: false,
    },
];

fn show(value: f64, decimals: bool) -> String {
    if decimals {
        format!("{value:.2}")
    } else {
        format!("{value:.0}")
    }
}

/// The figures of `report`, each with its change from `before` when given.
#[component]
pub fn Figures(
    report: QualityReport,
    before: Option<QualityReport>,
    label: &'static str,
) -> AnyView {
    view! {
        <dl class="figures" aria-label=label>
            {FIGURES.iter().map(|figure| {
                let value = (figure.value)(&report);
                let delta = before.as_ref().map(|b| value - (figure.value)(b));
                let change = delta.filter(|d| d.abs() > 1e-9).map(|d| {
                    let better = (d > 0.0) == figure.higher_is_better;
                    let sign = if d > 0.0 { "+" } else { "−" };
                    let class = if better { "delta delta--better" } else { "delta delta--worse" };
                    view! { <span class=class>{format!(" {sign}{}", show(d.abs(), figure.decimals))}</span> }
                });
                view! {
                    <div class="figures__item" title=figure.help>
                        <dt>{figure.label}</dt>
                        <dd><strong>{show(value, figure.decimals)}</strong>{change}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
    .into_any()
}

#[component]
pub fn RunPanel(cycle_id: CycleId, run: RunView) -> AnyView {
    let before = run.comparison.as_ref().map(|c| c.previous_report.clone());
    view! {
        <section class="card card--wide" aria-labelledby="run-title">
            <h2 id="run-title">{format!("Run #{}: {}", run.number, run.mode.label())}</h2>
            <p class="muted">{format!("{} · {} · {}", run.note, run.created_at, run.created_by)}</p>
            <Figures report=run.report.clone() before label="Quality of this run" />
            {run.compared_with_total.clone().map(|total| view! {
                <p class="muted">{format!(
                    "For comparison, the largest total would be {} with a weakest pair of {}.",
                    total.total,
                    total.min.map_or("—".to_owned(), |m| m.to_string()),
                )}</p>
            })}
            {run.comparison.clone().map(|comparison| view! { <ComparisonView cycle_id run=run.number comparison /> })}
        </section>
    }
    .into_any()
}

/// Why the figures moved since the run before, and who has a different peer (the first page of them, all on
/// request).
#[component]
fn ComparisonView(cycle_id: CycleId, run: i32, comparison: Comparison) -> AnyView {
    let moved = comparison.moved_count;
    let changes = RwSignal::new(comparison.moved);
    let all = Action::new(move |_: &()| load_moved(cycle_id, run));
    on_success(all.value(), move |everyone| {
        changes.set(everyone);
    });
    let error = failure(all.value());
    let peers = |names: &[String]| {
        if names.is_empty() {
            "nobody".to_owned()
        } else {
            names.join(" & ")
        }
    };
    let score = |s: Option<i64>| s.map_or("—".to_owned(), |s| s.to_string());
    view! {
        <details class="comparison">
            <summary>{format!(
                "Compared with run #{}: {moved} {} a different peer",
                comparison.previous_number,
                if moved == 1 { "person has" } else { "people have" },
            )}</summary>
            <h3>"What changed"</h3>
            <ul>{comparison.causes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            {(moved > 0).then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <thead><tr><th scope="col">"Person"</th><th scope="col">"Before"</th><th scope="col">"Now"</th></tr></thead>
                        <tbody>
                            {move || changes.get().into_iter().map(|change| view! {
                                <tr>
                                    <td>{change.member.name.clone()}</td>
                                    <td>{format!("{} ({})", peers(&change.before), score(change.score_before))}</td>
                                    <td>{format!("{} ({})", peers(&change.after), score(change.score_after))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <FormAlert error />
            {move || (changes.with(Vec::len) < moved).then(|| view! {
                <button type="button" class="button button--small" disabled=move || all.pending().get()
                    on:click=move |_| { all.dispatch(()); }>
                    {format!("Show all {moved}")}
                </button>
            })}
        </details>
    }
    .into_any()
}
