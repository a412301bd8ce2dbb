//! Users and roles. Rendered with `SsrMode::Async` so a refusal is sent with a 403 status.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::{list_users, SetUserRole};
use crate::components::{failure, ErrorView, FormAlert};
use crate::session::use_session;
use crate::types::{AccountState, Role, UserSummary};

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let session = use_session();
    let set_role = ServerAction::<SetUserRole>::new();
    let invited = RwSignal::new(0);
    let users = Resource::new_blocking(
        move || (set_role.version().get(), invited.get()),
        |_| list_users(),
    );
    view! {
        <Title text="Users" />
        // Outside the list's Suspense, so the report stays when the list reloads after inviting.
        <Transition fallback=|| ()>
            {move || session.current().filter(|user| user.acting_role().includes(Role::Admin)).map(|_| view! {
                <section class="card card--wide">
                    <super::invite::InvitePanel on_invited=Callback::new(move |()| invited.update(|n| *n += 1)) />
                </section>
            })}
        </Transition>
        <Suspense fallback=|| view! { <p class="loading">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(users) => view! { <UserTable users set_role /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserTable(users: Vec<UserSummary>, set_role: ServerAction<SetUserRole>) -> AnyView {
    let session = use_session();
    let me = move || session.current().map(|user| user.id);
    let error = failure(set_role.value());
    let changed = move || {
        set_role.value().get().and_then(Result::ok).map(|user| {
            view! { <p class="form-success" role="status">{format!("{} is now {}.", user.name, user.role.label().to_lowercase())}</p> }
        })
    };
    let count = users.len();
    view! {
        <section class="card card--wide">
            <h1>"Users and roles"</h1>
            <p class="lead">
                {format!("{count} account{}. ", if count == 1 { "" } else { "s" })}
                "Facilitators run workshops; admins run programs, matching and this page."
            </p>
            <FormAlert error />
            {changed}
            <table class="users">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Institution"</th>
                        <th scope="col">"Account"</th>
                        <th scope="col">"Role"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || users.clone() key=|user| (user.id, user.role) let:user>
                        <tr>
                            <td data-label="Name">{user.name.clone()}</td>
                            <td data-label="Email">{user.email.clone()}</td>
                            <td data-label="Institution">{user.institution_name.clone()}</td>
                            <td data-label="Account"><AccountStateBadge user=user.clone() /></td>
                            <td data-label="Role">
                                {move || {
                                    if me() == Some(user.id) {
                                        view! { <span class="role-self">{user.role.label()} " (you)"</span> }.into_any()
                                    } else {
                                        view! { <RoleForm user=user.clone() set_role /> }.into_any()
                                    }
                                }}
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

#[component]
fn RoleForm(user: UserSummary, set_role: ServerAction<SetUserRole>) -> impl IntoView {
    let label = format!("Role of {}", user.name);
    view! {
        <ActionForm action=set_role attr:class="role-form">
            <input type="hidden" name="user_id" value=user.id.0 />
            <select name="role" aria-label=label>
                {Role::ALL
                    .into_iter()
                    .map(|role| view! { <option value=role.as_str() selected=role == user.role>{role.label()}</option> })
                    .collect_view()}
            </select>
            <button type="submit" class="button button--small">"Save"</button>
        </ActionForm>
    }
}

/// Where the account stands with its owner, and when they were last invited.
#[component]
fn AccountStateBadge(user: UserSummary) -> impl IntoView {
    let class = match user.state {
        AccountState::Verified => "state state--verified",
        AccountState::Unconfirmed => "state state--unconfirmed",
        AccountState::NotSignedInYet => "state",
    };
    view! {
        <span class=class>{user.state.label()}</span>
        {user.invited_at.filter(|_| user.state != AccountState::Verified).map(|at| view! {
            <span class="muted">{format!(" invited {at}")}</span>
        })}
    }
}
