//! `/admin/cycles/:id/matching`: the admin's matching page for a closed cycle. Settings with a live preview,
//! the run shown (pairs explained, who is left and why, quality figures, what changed since the run
//! before), hand adjustments, the introduction email, and publishing. `?run=N` shows an earlier run.

mod adjust;
mod figures;
mod groups;
mod intro;
mod picker;
mod publish;
mod settings;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::matching::load_matching;
use crate::components::ErrorView;
use crate::matching::{MatchingPage, RunSummary};
use crate::pages::id_param;
use crate::types::CycleId;

/// Bumped after every change so the page reloads its data.
#[derive(Clone, Copy)]
pub(super) struct Reload(RwSignal<u32>);

impl Reload {
    pub(super) fn now(self) {
        self.0.update(|n| *n += 1);
    }
}

/// An adjustment proposed from a pair or an unmatched person, for the adjustment panel to preview: with the two
/// people it names (person, then the one to join), so the panel can show who they are.
#[derive(Clone, Copy)]
pub(super) struct Proposal(
    pub(super) RwSignal<Option<(crate::matching::Adjustment, [crate::matching::Member; 2])>>,
);

/// What the admin typed and has not saved yet (weights and mode, the introduction), kept at page level so
/// a reload of the page's data (after locking a pair, say) does not lose it.
#[derive(Clone, Copy)]
pub(super) struct Drafts {
    pub(super) weights: RwSignal<Option<(Vec<String>, crate::matching::Mode)>>,
    pub(super) template: RwSignal<Option<crate::matching::IntroTemplate>>,
    /// The template as last saved from this page (the page's data may be older).
    pub(super) saved_template: RwSignal<Option<crate::matching::IntroTemplate>>,
}

/// Opens the run at `number` (the newest run when the page is reloaded without `?run=`).
pub(super) fn show_run(cycle_id: CycleId, number: i32) {
    leptos_router::hooks::use_navigate()(
        &format!("/admin/cycles/{cycle_id}/matching?run={number}"),
        Default::default(),
    );
}

#[component]
pub fn AdminMatchingPage() -> AnyView {
    let cycle_id = id_param();
    let query = leptos_router::hooks::use_query_map();
    let run = Memo::new(move |_| query.read().get("run").and_then(|r| r.parse::<i32>().ok()));
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    provide_context(Proposal(RwSignal::new(None)));
    provide_context(Drafts {
        weights: RwSignal::new(None),
        template: RwSignal::new(None),
        saved_template: RwSignal::new(None),
    });
    let page = Resource::new_blocking(
        move || (cycle_id.get(), run.get(), reload.0.get()),
        |(cycle_id, run, _)| load_matching(cycle_id, run),
    );
    view! {
        <Title text="Matching" />
        <Transition fallback=|| view! { <p class="loading">"Loading the matching…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Matching page /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Matching(page: MatchingPage) -> AnyView {
    let cycle_id = page.cycle_id;
    let shown = page.run.as_ref().map(|r| r.number);
    let published = page.published.is_some();
    let intro = (page.run.clone(), page.template.clone(), page.program_id);
    view! {
        <section class="card card--wide matching">
            <p class="eyebrow"><A href="/admin/programs">{page.program_name.clone()}</A></p>
            <h1>{format!("Matching: {}", page.cycle_name)}</h1>
            <p class="lead">
                {format!("{} submitted applications. ", page.applicants)}
                <A href=format!("/admin/cycles/{cycle_id}/applications")>"See the applications"</A>
            </p>
            {(page.unconfirmed_count > 0).then(|| {
                let more = page.unconfirmed_count - page.unconfirmed.len();
                let others = if more > 0 { format!(" and {more} more") } else { String::new() };
                view! {
                    <p class="notice" role="status" data-testid="unconfirmed">
                        {format!(
                            "Not matched until they confirm their email address ({}): {}{others}. They were sent a link when they signed up; an invitation from the applications page sends a new one.",
                            page.unconfirmed_count,
                            page.unconfirmed.join(", "),
                        )}
                    </p>
                }
            })}
            {page.window_open.then(|| view! {
                <p class="notice" role="status">"Applications are still open: you can try settings now, and run the matching once the window has closed."</p>
            })}
            <publish::PublishPanel cycle_id run=page.run.clone() published=page.published.clone() saved_template=page.template.clone() />
        </section>
        {(!published).then(|| view! {
            <settings::SettingsPanel cycle_id weights=page.weights.clone() mode=page.mode against=shown locked=page.locked.clone() forbidden=page.forbidden.clone() open=page.runs.is_empty() />
        })}
        {page.run.clone().map(|run| view! { <figures::RunPanel cycle_id run=run.clone() /> })}
        {(!page.runs.is_empty()).then(|| view! { <RunList cycle_id runs=page.runs.clone() shown /> })}
        {page.run.clone().map(|run| view! {
            <groups::UnmatchedPanel run=run.clone() editable=!published />
            {(!published).then(|| view! { <adjust::AdjustPanel cycle_id run=run.clone() /> })}
            <groups::GroupsPanel cycle_id run editable=!published />
        })}
        {
            let (run, template, program_id) = intro;
            view! { <intro::IntroPanel cycle_id program_id run template editable=!published /> }
        }
    }
    .into_any()
}

/// Every saved run, newest first, with its figures and a link to show it.
#[component]
fn RunList(cycle_id: CycleId, runs: Vec<RunSummary>, shown: Option<i32>) -> AnyView {
    view! {
        <section class="card card--wide" aria-labelledby="runs-title">
            <h2 id="runs-title">"Runs"</h2>
            <div class="table-scroll">
                <table class="table">
                    <thead>
                        <tr><th scope="col">"Run"</th><th scope="col">"How"</th><th scope="col">"Pairs"</th><th scope="col">"Unmatched"</th><th scope="col">"Total"</th><th scope="col">"Weakest"</th><th scope="col">"When"</th></tr>
                    </thead>
                    <tbody>
                        {runs.into_iter().map(|run| {
                            let current = Some(run.number) == shown;
                            view! {
                                <tr class:current=current>
                                    <td>
                                        {if current {
                                            view! { <strong aria-current="true">{format!("#{}", run.number)}</strong> }.into_any()
                                        } else {
                                            view! { <A href=format!("/admin/cycles/{cycle_id}/matching?run={}", run.number)>{format!("#{}", run.number)}</A> }.into_any()
                                        }}
                                    </td>
                                    <td>{run.note}</td>
                                    <td>{run.report.pairs}</td>
                                    <td>{run.report.unmatched}</td>
                                    <td>{run.report.total}</td>
                                    <td>{run.report.min.map_or("—".to_owned(), |m| m.to_string())}</td>
                                    <td class="muted">{run.created_at}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
