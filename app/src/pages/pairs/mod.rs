//! The member's pages after matching: `/pairs` lists their pairs, `/pairs/:id` is a pair's workspace.

mod check_ins;
mod closing;
mod goals;
mod live;
mod profile;
mod workspace;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::workspace::my_pairs;
use crate::components::ErrorView;
use crate::workspace::{PairStatus, PairSummary};

pub use workspace::WorkspacePage;

#[component]
pub fn MyPairsPage() -> AnyView {
    let pairs = Resource::new_blocking(|| (), |()| my_pairs());
    view! {
        <Title text="Your peers" />
        <Suspense fallback=|| view! { <p class="loading">"Loading your peers…"</p> }>
            {move || Suspend::new(async move {
                match pairs.await {
                    Ok(pairs) => view! { <PairList pairs /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn PairList(pairs: Vec<PairSummary>) -> AnyView {
    let empty = pairs.is_empty();
    view! {
        <section class="card">
            <h1>"Your peers"</h1>
            {empty.then(|| view! {
                <p>"You have no peer yet. Once a program you applied to has matched its applicants, your peer appears here and you both receive an introduction email."</p>
                <p><A href="/cycles">"See the programs"</A></p>
            })}
            <ul class="cycle-list">
                {pairs.into_iter().map(|pair| {
                    let badge = if pair.status == PairStatus::Active { "badge badge--open" } else { "badge badge--closed" };
                    view! {
                        <li class="cycle-card">
                            <p class="eyebrow">{format!("{} · {}", pair.program_name, pair.cycle_name)}</p>
                            <h2><A href=format!("/pairs/{}", pair.pair_id)>{pair.peers.join(" and ")}</A></h2>
                            <span class=badge>{pair.status.label()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
