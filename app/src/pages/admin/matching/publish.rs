//! Publishing: the run shown becomes the cycle's pairs and the introductions are queued, once. Two steps, so
//! a stray click publishes nothing.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{IntroDraft, Page};
use crate::api::matching::PublishMatching;
use crate::components::{failure, on_success, FormAlert};
use crate::matching::Published;
use crate::types::CycleId;

#[component]
pub fn PublishPanel(intro: IntroDraft) -> AnyView {
    let page = expect_context::<Page>();
    let shown = Memo::new(move |_| {
        page.data.with(|p| {
            (
                p.published.clone(),
                p.run
                    .as_ref()
                    .map(|r| (r.number, r.report.pairs, r.report.unmatched)),
            )
        })
    });
    let panel = move || {
        match shown.get() {
        (Some(published), _) => published_notice(page.cycle_id, published),
        (None, None) => view! { <p class="muted">"No run yet: choose the settings below and run the matching."</p> }.into_any(),
        (None, Some(run)) => view! { <Publish intro run /> }.into_any(),
    }
    };
    panel.into_any()
}

fn published_notice(cycle_id: CycleId, p: Published) -> AnyView {
    view! {
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
    .into_any()
}

/// The two steps that publish run `number`, which makes `pairs` pairs and leaves `left` people without a peer.
#[component]
fn Publish(intro: IntroDraft, run: (i32, usize, usize)) -> AnyView {
    let page = expect_context::<Page>();
    let cycle_id = page.cycle_id;
    let unsaved = move || page.data.with(|p| intro.template() != p.template);
    let confirming = RwSignal::new(false);
    let publish = ServerAction::<PublishMatching>::new();
    on_success(publish.value(), move |_| {
        page.refresh();
    });
    let error = failure(publish.value());
    let (number, pairs, left) = run;
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
