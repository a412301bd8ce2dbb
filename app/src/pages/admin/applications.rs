//! `/admin/cycles/:id/applications`: a cycle's applications with counts, filters, every answer (the
//! confidential preference included: this page is admin-only) and the CSV export.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::programs::list_applications;
use crate::application::ApplicationStatus;
use crate::application::{ApplicationListItem, ApplicationsOverview};
use crate::components::ErrorView;
use crate::pages::id_param;

#[component]
pub fn AdminApplicationsPage() -> impl IntoView {
    let cycle_id = id_param();
    let imports = RwSignal::new(0u32);
    let overview = Resource::new_blocking(
        move || (cycle_id.get(), imports.get()),
        |(cycle_id, _)| list_applications(cycle_id),
    );
    view! {
        <Title text="Applications" />
        <Suspense fallback=|| view! { <p class="loading">"Loading applications…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let cycle_id = overview.cycle.id;
                        view! {
                            <Overview overview />
                            <section class="card card--wide">
                                <super::import::ImportPanel cycle_id on_imported=Callback::new(move |_| imports.update(|n| *n += 1)) />
                            </section>
                            <section class="card card--wide">
                                <super::invite::InviteApplicants cycle_id />
                            </section>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The filters' current choices; empty means "any".
#[derive(Clone, Default)]
struct Filters {
    status: String,
    time_zone: String,
    institution_type: String,
    competency: String,
}

impl Filters {
    fn keeps(&self, item: &ApplicationListItem) -> bool {
        let form = &item.form;
        (self.status.is_empty() || item.status.as_str() == self.status)
            && (self.time_zone.is_empty() || form.time_zone == self.time_zone)
            && (self.institution_type.is_empty()
                || form.institution_types.contains(&self.institution_type))
            && (self.competency.is_empty()
                || form.strengths.contains(&self.competency)
                || form.growth.contains(&self.competency))
    }
}

/// The distinct values of one answer across the applications, sorted.
fn distinct(
    items: &[ApplicationListItem],
    values: impl Fn(&ApplicationListItem) -> Vec<String>,
) -> Vec<String> {
    let mut all: Vec<String> = items
        .iter()
        .flat_map(values)
        .filter(|v| !v.is_empty())
        .collect();
    all.sort();
    all.dedup();
    all
}

#[component]
fn Overview(overview: ApplicationsOverview) -> AnyView {
    let cycle = overview.cycle;
    let items = StoredValue::new(overview.items);
    let count = |status: ApplicationStatus| {
        items.with_value(|i| i.iter().filter(|a| a.status == status).count())
    };
    let filters = RwSignal::new(Filters::default());
    let shown = move || {
        let filters = filters.get();
        items.with_value(|i| {
            i.iter()
                .filter(|a| filters.keeps(a))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let zones = items.with_value(|i| distinct(i, |a| vec![a.form.time_zone.clone()]));
    let types = items.with_value(|i| distinct(i, |a| a.form.institution_types.clone()));
    let competencies = items.with_value(|i| {
        distinct(i, |a| {
            a.form
                .strengths
                .iter()
                .chain(&a.form.growth)
                .cloned()
                .collect()
        })
    });
    let statuses = vec![
        "submitted".to_owned(),
        "draft".to_owned(),
        "withdrawn".to_owned(),
    ];
    view! {
        <section class="card card--wide">
            <p class="eyebrow"><A href="/admin/programs">{cycle.program_name.clone()}</A></p>
            <h1>{format!("Applications: {}", cycle.name)}</h1>
            <p class="counts" data-testid="counts">
                <span><strong>{count(ApplicationStatus::Submitted)}</strong>" submitted"</span>
                <span><strong>{count(ApplicationStatus::Draft)}</strong>" drafts"</span>
                <span><strong>{count(ApplicationStatus::Withdrawn)}</strong>" withdrawn"</span>
            </p>
            <p>
                <a class="button button--wrap" href=format!("/admin/cycles/{}/applications.csv", cycle.id) rel="external" download>
                    "Download submitted applications (CSV)"
                </a>
                <span class="muted">" The format "<code>"shoulder match --applicants"</code>" reads."</span>
            </p>
            <div class="filters" role="group" aria-label="Filter applications">
                <Filter label="Status" options=statuses pick=|f| &mut f.status filters />
                <Filter label="Time zone" options=zones pick=|f| &mut f.time_zone filters />
                <Filter label="Institution type" options=types pick=|f| &mut f.institution_type filters />
                <Filter label="Competency" options=competencies pick=|f| &mut f.competency filters />
            </div>
            <p class="muted" role="status">{move || format!("Showing {} of {}", shown().len(), items.with_value(Vec::len))}</p>
            <ul class="application-list">
                <For each=shown key=|a| a.id let:item>
                    <ApplicationEntry item />
                </For>
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn Filter(
    label: &'static str,
    options: Vec<String>,
    pick: fn(&mut Filters) -> &mut String,
    filters: RwSignal<Filters>,
) -> impl IntoView {
    let id = format!("filter-{}", label.to_lowercase().replace(' ', "-"));
    view! {
        <div class="field field--inline">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| {
                let value = event_target_value(&ev);
                filters.update(|f| *pick(f) = value);
            }>
                <option value="">"Any"</option>
                {options.into_iter().map(|o| { let label = o.clone(); view! { <option value=o>{label}</option> } }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ApplicationEntry(item: ApplicationListItem) -> AnyView {
    let form = item.form;
    let ranked = |list: &[String]| {
        list.iter()
            .enumerate()
            .map(|(i, n)| format!("{}. {n}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    view! {
        <li class="application">
            <details>
                <summary>
                    <strong>{item.name.clone()}</strong>
                    {format!(" · {} · ", item.institution)}
                    <span class=format!("badge badge--{}", item.status.as_str())>{item.status.label()}</span>
                    <span class="muted">{format!(" · {} · updated {}", form.time_zone, item.updated)}</span>
                </summary>
                <dl class="facts">
                    <dt>"Email"</dt><dd>{item.email.clone()}</dd>
                    <dt>"Institution types"</dt><dd>{form.institution_types.join(", ")}</dd>
                    <dt>"Enrollment size"</dt><dd>{form.enrollment_size.clone()}</dd>
                    <dt>"Took part before"</dt><dd>{if form.previous_cycle == Some(true) { "Yes" } else { "No" }}</dd>
                    <dt>"Assignment preference " <span class="badge badge--confidential">"confidential"</span></dt>
                    <dd>{form.assignment_preference.clone()}</dd>
                    <dt>"Areas"</dt><dd>{form.areas.join(", ")}</dd>
                    <dt>"Resource formats"</dt><dd>{form.resource_formats.join(", ")}</dd>
                    <dt>"Strengths"</dt><dd>{ranked(&form.strengths)}</dd>
                    <dt>"Growth areas"</dt><dd>{ranked(&form.growth)}</dd>
                    <dt>"Goals"</dt><dd class="prewrap">{form.goals.clone()}</dd>
                    <dt>"Meeting frequency"</dt><dd>{form.meeting_frequency.clone()}</dd>
                    <dt>"Communication"</dt><dd>{form.communication_methods.join(", ")}</dd>
                </dl>
            </details>
        </li>
    }
    .into_any()
}
