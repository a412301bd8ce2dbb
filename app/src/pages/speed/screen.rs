//! `/room/:code/screen`: the projector. Read-only and public (the join code is its key): large type, high
//! contrast, the phase and countdown, how to join while people arrive, the round's tables, and the wrap-up
//! questions at the end.

use leptos::prelude::*;
use leptos_meta::Title;

use super::shared::{code_param, Countdown, PhaseAnnouncer, RoundTables};
use crate::api::speed::speed_screen;
use crate::components::ErrorView;
use crate::speed::live::use_live;
use crate::speed::session::ScreenView;
use crate::speed::timer::PhaseKind;

#[component]
pub fn ScreenPage() -> impl IntoView {
    let code = code_param();
    let screen = Resource::new_blocking(move || code.get(), speed_screen);
    view! {
        <Title text="Projector" />
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match screen.await {
                    Ok(screen) => view! { <Projector screen /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Projector(screen: ScreenView) -> AnyView {
    let live = use_live(screen.snapshot);
    let phase = Memo::new(move |_| {
        let view = live.view();
        (view.phase, view.ended)
    });
    // People still arrive before the first round: keep the way in on screen until then.
    let joining = move || matches!(phase.get(), (None | Some(PhaseKind::Preparation), false));
    let join_url = screen.join_url;
    let qr = screen.qr_svg;
    view! {
        <div class="projector" data-testid="projector">
            <h1 class="projector__title">{move || live.snapshot.with(|s| s.title.clone())}</h1>
            <Countdown live />
            <PhaseAnnouncer live signal=false />
            {move || joining().then(|| view! {
                <div class="projector__join">
                    <div class="qr qr--large" role="img" aria-label="QR code of the join link" inner_html=qr.clone()></div>
                    <div>
                        <p>"Join on your phone"</p>
                        <p class="projector__url">{join_url.clone()}</p>
                        <p class="projector__code">{move || live.snapshot.with(|s| s.code.clone())}</p>
                        <p>{move || format!("{} joined", live.snapshot.with(|s| s.participants))}</p>
                    </div>
                </div>
            })}
            {move || matches!(phase.get(), (Some(PhaseKind::Preparation), false)).then(|| view! {
                <p class="projector__hint">"Write down your goals for the next six months and the questions you want to ask a peer. Put them in order."</p>
            })}
            {move || live.snapshot.with(|s| s.round.clone()).map(|round| view! {
                <h2 class="projector__round">{match phase.get().0 {
                    Some(PhaseKind::Break(_)) => format!("Next: round {}", round.number),
                    _ => format!("Round {}: the first name is mentor first", round.number),
                }}</h2>
                <RoundTables round />
            })}
            {move || matches!(phase.get(), (Some(PhaseKind::WrapUp), _) | (_, true)).then(|| view! {
                <ol class="projector__questions">
                    {live.snapshot.with(|s| s.questions.clone()).into_iter().map(|q| view! { <li>{q}</li> }).collect_view()}
                </ol>
            })}
        </div>
    }
    .into_any()
}
