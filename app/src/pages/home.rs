//! The start page: what Shoulder is and a sign-in form for visitors; a welcome and the way on for members.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::sign_in::SignInForm;
use crate::api::applications::list_cycles;
use crate::api::speed::upcoming_workshops;
use crate::api::surveys::open_surveys;
use crate::api::workspace::my_pairs;
use crate::components::FormAlert;
use crate::member_home::{self, NextStep};
use crate::session::use_session;
use crate::speed::session::UpcomingWorkshop;
use crate::types::{CurrentUser, Role};

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                session
                    .user
                    .get()
                    .map(|user| match user.ok().flatten() {
                        Some(user) => view! { <Welcome user /> }.into_any(),
                        None => view! { <Visitor /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Visitor() -> impl IntoView {
    view! {
        <div class="split">
            <section class="intro">
                <h1>"Peer mentoring, shoulder to shoulder"</h1>
                <p class="lead">
                    "Shoulder runs peer-mentoring programs: members apply twice a year, are paired with a peer whose strengths match their growth areas, "
                    "and meet monthly to work on goals they set together."
                </p>
                <ul class="ticks">
                    <li>"Pairs chosen for complementary strengths, time zones and preferences"</li>
                    <li>"Goals and check-ins shared by both peers"</li>
                    <li>"Speed peer-mentoring rounds for workshops"</li>
                </ul>
            </section>
            <section class="card" aria-labelledby="sign-in-title">
                <h2 id="sign-in-title">"Sign in"</h2>
                <SignInForm />
            </section>
        </div>
    }
}

#[component]
fn Welcome(user: CurrentUser) -> impl IntoView {
    let first_name = user
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    let is_admin = user.role.includes(Role::Admin);
    let must_secure = user.acting_role() != user.role;
    view! {
        <section class="card">
            <h1>{format!("Welcome, {first_name}")}</h1>
            <p class="lead">
                {format!("You're signed in as {} ({}), {}.", user.name, user.email, user.role.label().to_lowercase())}
            </p>
            {must_secure.then(|| view! {
                <p class="notice notice--warning">
                    "This site requires two-step sign-in for admin accounts. "
                    <A href="/account#two-step">"Turn it on from your account page"</A>
                    " to open the admin pages."
                </p>
            })}
            <ul class="link-list">
                <li><A href="/cycles">"Peer-mentoring programs: apply, or see your application"</A></li>
                <li><A href="/account">"Your account and password"</A></li>
                {is_admin.then(|| view! {
                    <li><A href="/admin/programs">"Programs, cycles and applications"</A></li>
                    <li><A href="/admin/users">"Users and roles"</A></li>
                })}
            </ul>
        </section>
        <WhatsNext />
    }
}

/// The member's applications and peers, each with the one thing to do next.
#[component]
fn WhatsNext() -> impl IntoView {
    let cycles = Resource::new(|| (), |()| list_cycles());
    let pairs = Resource::new(|| (), |()| my_pairs());
    let surveys = Resource::new(|| (), |()| open_surveys());
    let workshops = Resource::new(|| (), |()| upcoming_workshops());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (cycles, pairs) = (cycles.await, pairs.await);
                let surveys = member_home::survey_steps(&surveys.await.unwrap_or_default());
                let workshops = workshops.await.unwrap_or_default();
                match (cycles, pairs) {
                    (Ok(cycles), Ok(pairs)) => {
                        let applications = member_home::application_steps(&cycles, &pairs);
                        let peers = member_home::pair_steps(&pairs);
                        view! {
                            {(!surveys.is_empty()).then(|| view! {
                                <NextSteps heading="Your surveys" steps=surveys />
                            })}
                            {(!peers.is_empty()).then(|| view! {
                                <NextSteps heading="Your peers" steps=peers />
                            })}
                            {(!workshops.is_empty()).then(|| view! { <Workshops workshops /> })}
                            <NextSteps heading="Your applications" steps=applications />
                        }
                        .into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <FormAlert error=Some(error) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Workshops announced to the member's programs: when and where, and the way in on the day.
#[component]
fn Workshops(workshops: Vec<UpcomingWorkshop>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="upcoming-workshops">
            <h2 id="upcoming-workshops">"Upcoming workshops"</h2>
            <ul class="next-steps">
                {workshops.into_iter().map(|workshop| {
                    let place = (!workshop.place.is_empty()).then(|| format!(" · {}", workshop.place));
                    view! {
                        <li>
                            <h3>{format!("{} · {}", workshop.program_name, workshop.title)}</h3>
                            <p>{workshop.starts}{place}</p>
                            {match workshop.join_href {
                                Some(href) => view! { <A href=href attr:class="button">"Join the workshop"</A> }.into_any(),
                                None => view! { <p class="muted">"The join link appears here on the day."</p> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn NextSteps(heading: &'static str, steps: Vec<NextStep>) -> impl IntoView {
    let id = heading.to_lowercase().replace(' ', "-");
    view! {
        <section class="card" aria-labelledby=id.clone()>
            <h2 id=id.clone()>{heading}</h2>
            {if steps.is_empty() {
                view! { <p class="muted">"No program is open for applications right now. "
                    <A href="/cycles">"See every program"</A>"."</p> }.into_any()
            } else {
                view! {
                    <ul class="next-steps">
                        {steps.into_iter().map(|step| view! {
                            <li>
                                <h3>{step.title}</h3>
                                <p>{step.status}</p>
                                <A href=step.href attr:class="button">{step.action}</A>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
