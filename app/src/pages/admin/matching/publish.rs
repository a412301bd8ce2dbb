//! Publishing: the run shown becomes the cycle's pairs and the introductions are queued, once. Two steps, so
//! a stray click publishes nothing.

use leptos::prelude::*;
use leptos_router::components::A;

use super::Reload;
use crate::api::matching::PublishMatching;
use crate::components::{failure, on_success, FormAlert};
use crate::matching::{IntroTemplate, Published, RunView};
use crate::types::CycleId;

#[component]
pub fn PublishPanel(
    cycle_id: CycleId,
    run: Option<RunView>,
    published: Option<Published>,
    saved_template: IntroTemplate,
) -> AnyView {
    if let Some(p) = published {
        return view! {
            <div class="notice notice--ok" role="status" data-testid="published">
                <p><strong>{format!("Published run #{} on {} by {}.", p.run_number, p.at, p.by)}</strong></p>
                <p>
                    {format!("{} pairs; {} introduction emails queued", p.pairs, p.emails)}
                    {match p.unmatched_told {
                        0 => ". ".to_owned(),
                        1 => "; the person without a peer was told why. ".to_owned(),
                        n => format!("; the {n} people without a peer were told why. "),
                    }}
                    <A href="/admin/outbox">"See them in the outbox"</A>
                    " · "
                    <A href=format!("/admin/cycles/{cycle_id}/pairs")>"Follow the pairs"</A>
                </p>
            </div>
        }
        .into_any();
    }
    let Some(run) = run else {
        return view! { <p class="muted">"No run yet: choose the settings below and run the matching."</p> }.into_any();
    };
    let reload = expect_context::<Reload>();
    let drafts = expect_context::<super::Drafts>();
    let saved_template = StoredValue::new(saved_template);
    let unsaved = move || {
        let saved = drafts
            .saved_template
            .get()
            .or_else(|| saved_template.try_get_value());
        drafts
            .template
            .with(|d| d.as_ref().is_some_and(|t| Some(t) != saved.as_ref()))
    };
    let confirming = RwSignal::new(false);
    let publish = ServerAction::<PublishMatching>::new();
    on_success(publish.value(), move |_| {
        reload.now();
    });
    let error = failure(publish.value());
    let number = run.number;
    let (pairs, left) = (run.report.pairs, run.report.unmatched);
    view! {
        <div class="publish">
            <FormAlert error />
            {move || if confirming.get() {
                view! {
                    <div class="controls__confirm" role="group" aria-label="Confirm publishing">
                        <p>{format!(
                            "Publish run #{number}? This creates {pairs} pairs, emails each an introduction, and cannot be undone{}.",
                            match left {
                                0 => String::new(),
                                1 => "; 1 person stays without a peer and is emailed why".to_owned(),
                                n => format!("; {n} people stay without a peer and are each emailed why"),
                            },
                        )}</p>
                        {move || unsaved().then(|| view! {
                            <p class="form-alert" role="alert">"Your changes to the introduction email are not saved: publishing sends the saved template. Save it first to send your changes."</p>
                        })}
                        <button type="button" class="button button--primary" disabled=move || publish.pending().get()
                            on:click=move |_| { publish.dispatch(PublishMatching { cycle_id, run: number }); }>
                            {format!("Yes, publish run #{number}")}
                        </button>
                        " "
                        <button type="button" class="button button--quiet" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="button button--primary" on:click=move |_| confirming.set(true)>
                        {format!("Publish run #{number}…")}
                    </button>
                }.into_any()
            }}
        </div>
    }
    .into_any()
}
