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
use crate::components::{ErrorView, FormAlert};
use crate::error::AppError;
use crate::matching::{IntroTemplate, MatchingPage, Member, RunSummary};
use crate::pages::id_param;
use crate::types::{CycleId, UserId};

/// The page's data, loaded with the page and then refreshed in place after every change (a lock, a save, a run
/// shown). Panels read what they show from it and are not rebuilt by a refresh, so what the admin typed in
/// one stays where it is; a panel that shows one run is rebuilt only when another run is shown.
#[derive(Clone, Copy)]
pub(super) struct Page {
    pub(super) cycle_id: CycleId,
    pub(super) data: RwSignal<MatchingPage>,
    /// The run the URL asks for (`?run=N`; the newest without it).
    run: Memo<Option<i32>>,
    /// The refresh last asked for: an older answer arriving later is dropped.
    asked: StoredValue<u64>,
    /// Why the last refresh failed.
    failure: RwSignal<Option<AppError>>,
}

impl Page {
    /// Loads the page's data again, for the run the URL asks for.
    pub(super) fn refresh(self) {
        let asked = self.asked.get_value() + 1;
        self.asked.set_value(asked);
        let (cycle_id, run) = (self.cycle_id, self.run.get_untracked());
        leptos::task::spawn_local(async move {
            let answer = load_matching(cycle_id, run).await;
            if self.asked.try_get_value() != Some(asked) {
                return;
            }
            match answer {
                Ok(page) => {
                    self.data.try_set(page);
                    self.failure.try_set(None);
                }
                Err(error) => {
                    self.failure.try_set(Some(error));
                }
            }
        });
    }

    /// The number of the run shown, if any.
    pub(super) fn number(self) -> Memo<Option<i32>> {
        Memo::new(move |_| self.data.with(|p| p.run.as_ref().map(|r| r.number)))
    }

    /// Whether the cycle is published (nothing can be changed then).
    pub(super) fn published(self) -> Memo<bool> {
        Memo::new(move |_| self.data.with(|p| p.published.is_some()))
    }

    /// Whether the next run keeps `pair` together, and whether it keeps them apart.
    pub(super) fn rule(self, pair: [UserId; 2]) -> (bool, bool) {
        self.data
            .with(|p| (names(&p.locked, pair), names(&p.forbidden, pair)))
    }
}

/// Whether `list` holds the pair of `pair`'s two people, in either order.
fn names(list: &[[Member; 2]], [a, b]: [UserId; 2]) -> bool {
    list.iter()
        .any(|[x, y]| (x.id, y.id) == (a, b) || (x.id, y.id) == (b, a))
}

/// An adjustment proposed from a pair or an unmatched person, for the adjustment panel to preview: with the two
/// people it names (person, then the one to join), so the panel can show who they are.
#[derive(Clone, Copy)]
pub(super) struct Proposal(pub(super) RwSignal<Option<(crate::matching::Adjustment, [Member; 2])>>);

/// The introduction email as the admin is editing it: the introduction panel edits it, and publishing warns
/// when it differs from the saved template (which publishing sends).
#[derive(Clone, Copy)]
pub(super) struct IntroDraft {
    pub(super) subject: RwSignal<String>,
    pub(super) body: RwSignal<String>,
}

impl IntroDraft {
    fn new(template: IntroTemplate) -> Self {
        IntroDraft {
            subject: RwSignal::new(template.subject),
            body: RwSignal::new(template.body),
        }
    }

    pub(super) fn template(self) -> IntroTemplate {
        IntroTemplate {
            subject: self.subject.get(),
            body: self.body.get(),
        }
    }
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
    // Loaded once per cycle; another run of the same cycle refreshes the page's data in place.
    let page = Resource::new_blocking(
        move || cycle_id.get(),
        move |cycle_id| load_matching(cycle_id, run.get_untracked()),
    );
    view! {
        <Title text="Matching" />
        <Transition fallback=|| view! { <p class="loading">"Loading the matching…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Matching page run /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Matching(page: MatchingPage, run: Memo<Option<i32>>) -> AnyView {
    let cycle_id = page.cycle_id;
    let program_id = page.program_id;
    let intro = IntroDraft::new(page.template.clone());
    let page = Page {
        cycle_id,
        data: RwSignal::new(page),
        run,
        asked: StoredValue::new(0),
        failure: RwSignal::new(None),
    };
    provide_context(page);
    provide_context(Proposal(RwSignal::new(None)));
    // Another run asked for (a new run opened, a run of the list, the browser's back button): its data.
    Effect::new(move |shown: Option<Option<i32>>| {
        let now = run.get();
        if shown.is_some_and(|shown| shown != now) {
            page.refresh();
        }
        now
    });
    let number = page.number();
    let published = page.published();
    let editable = Signal::derive(move || !published.get());
    // What a panel of one run starts from; it is rebuilt when another run is shown.
    let shown_run = move || {
        number
            .get()
            .and_then(|_| page.data.with_untracked(|p| p.run.clone()))
    };
    let error = page.failure;
    view! {
        <section class="card card--wide matching">
            {move || page.data.with(summary)}
            <FormAlert error />
            <publish::PublishPanel intro />
        </section>
        {move || editable.get().then(|| view! { <settings::SettingsPanel /> })}
        {move || shown_run().map(|run| view! { <figures::RunPanel cycle_id run /> })}
        <RunList />
        {move || shown_run().map(|run| view! {
            <groups::UnmatchedPanel run=run.clone() editable />
            {move || editable.get().then(|| view! { <adjust::AdjustPanel cycle_id number=run.number /> })}
            <groups::GroupsPanel run editable />
        })}
        <intro::IntroPanel program_id intro editable />
    }
    .into_any()
}

/// The page's heading: the cycle, how many applied, and who is waiting before they can be matched.
fn summary(page: &MatchingPage) -> AnyView {
    let cycle_id = page.cycle_id;
    let program = page.program_name.clone();
    let title = format!("Matching: {}", page.cycle_name);
    let applicants = format!("{} submitted applications. ", page.applicants);
    let unconfirmed = (page.unconfirmed_count > 0).then(|| {
        let more = page.unconfirmed_count - page.unconfirmed.len();
        let others = if more > 0 { format!(" and {more} more") } else { String::new() };
        format!(
            "Not matched until they confirm their email address ({}): {}{others}. They were sent a link when they signed up; an invitation from the applications page sends a new one.",
            page.unconfirmed_count,
            page.unconfirmed.join(", "),
        )
    });
    let window_open = page.window_open;
    view! {
        <p class="eyebrow"><A href="/admin/programs">{program}</A></p>
        <h1>{title}</h1>
        <p class="lead">
            {applicants}
            <A href=format!("/admin/cycles/{cycle_id}/applications")>"See the applications"</A>
        </p>
        {unconfirmed.map(|text| view! { <p class="notice" role="status" data-testid="unconfirmed">{text}</p> })}
        {window_open.then(|| view! {
            <p class="notice" role="status">"Applications are still open: you can try settings now, and run the matching once the window has closed."</p>
        })}
    }
    .into_any()
}

/// Every saved run, newest first, with its figures and a link to show it.
#[component]
fn RunList() -> AnyView {
    let page = expect_context::<Page>();
    let cycle_id = page.cycle_id;
    let list = move || {
        let (runs, shown) = page
            .data
            .with(|p| (p.runs.clone(), p.run.as_ref().map(|r| r.number)));
        (!runs.is_empty()).then(|| run_list(cycle_id, runs, shown))
    };
    list.into_any()
}

fn run_list(cycle_id: CycleId, runs: Vec<RunSummary>, shown: Option<i32>) -> AnyView {
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
