//! The peer's shared profile: who they are, how to reach them, what they bring and want to grow in.

use leptos::prelude::*;

use crate::workspace::PeerProfile;

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "—".to_owned()
    } else {
        items.join(", ")
    }
}

#[component]
pub fn PeerCard(peer: PeerProfile) -> AnyView {
    let mailto = format!("mailto:{}", peer.email);
    view! {
        <section class="card peer" aria-labelledby=format!("peer-{}", peer.id)>
            <p class="eyebrow">"Your peer"</p>
            <h2 id=format!("peer-{}", peer.id)>{peer.name.clone()}</h2>
            <p class="lead">{format!("{} · {}", peer.institution, peer.time_zone)}</p>
            <h3>"How to reach them"</h3>
            <dl class="facts">
                <dt>"Email"</dt><dd><a href=mailto>{peer.email.clone()}</a></dd>
                <dt>"Prefers"</dt><dd>{list(&peer.communication_methods)}</dd>
                <dt>"Would like to meet"</dt><dd>{peer.meeting_frequency.clone()}</dd>
            </dl>
            <h3>"What they bring and want to grow in"</h3>
            <dl class="facts">
                <dt>"Strengths"</dt><dd>{list(&peer.strengths)}</dd>
                <dt>"Growth areas"</dt><dd>{list(&peer.growth)}</dd>
                <dt>"Goals"</dt><dd>{peer.goals.clone()}</dd>
                <dt>"Areas of work"</dt><dd>{list(&peer.areas)}</dd>
                <dt>"Institution"</dt><dd>{format!("{} ({})", list(&peer.institution_types), peer.enrollment_size)}</dd>
                <dt>"Likes to learn through"</dt><dd>{list(&peer.resource_formats)}</dd>
            </dl>
        </section>
    }
    .into_any()
}
