//! The site header: the name, where you can go, who you are.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::use_session;
use crate::types::Role;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand__mark" aria-hidden="true">"⇄"</span>
                "Shoulder"
            </A>
            <Transition fallback=|| ()>
                {move || {
                    session
                        .user
                        .get()
                        .map(|user| match user.ok().flatten() {
                            Some(user) => {
                                let admin = user.role.includes(Role::Admin);
                                let facilitator = user.role.includes(Role::Facilitator);
                                view! {
                                    <nav class="site-nav" aria-label="Main">
                                        <A href="/cycles">"Programs"</A>
                                        <A href="/pairs">"My peers"</A>
                                        {facilitator.then(|| view! { <A href="/facilitate">"Workshops"</A> })}
                                        {admin.then(|| view! {
                                            <A href="/admin/programs">"Manage"</A>
                                            <A href="/admin/users">"Users"</A>
                                        })}
                                        <A href="/account">
                                            <span class="site-nav__who" data-testid="who">{user.name.clone()}</span>
                                        </A>
                                        <ActionForm action=session.sign_out attr:class="inline-form">
                                            <button type="submit" class="button button--quiet">"Sign out"</button>
                                        </ActionForm>
                                    </nav>
                                }
                                    .into_any()
                            }
                            None => view! {
                                <nav class="site-nav" aria-label="Main">
                                    <A href="/sign-in">"Sign in"</A>
                                    <A href="/sign-up" attr:class="button">"Create account"</A>
                                </nav>
                            }
                                .into_any(),
                        })
                }}
            </Transition>
        </header>
    }
}
