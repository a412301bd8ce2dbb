//! Links sent by email: asking for a password reset or a sign-in link, confirming an address, setting a
//! password from a reset or an invitation, and the admin's invitations. Asking never says whether an
//! address has an account; every link works once and expires (see the server's `auth::links`).

use leptos::prelude::*;

use crate::error::AppError;
use crate::types::{CycleId, InviteReport, LinkDetails, LinkPurpose};

/// Emails a link to choose a new password, if the address has an account (the answer is the same).
#[server(prefix = "/api", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    request(LinkPurpose::Reset, email).await
}

/// Emails a link that signs in without a password, if the address has an account (the answer is the same).
#[server(prefix = "/api", endpoint = "request_sign_in_link")]
pub async fn request_sign_in_link(email: String) -> Result<(), AppError> {
    request(LinkPurpose::SignIn, email).await
}

#[cfg(feature = "ssr")]
async fn request(purpose: LinkPurpose, email: String) -> Result<(), AppError> {
    use crate::api::guard::{request_auth, serve_public};
    serve_public(|services| async move {
        let email = crate::validation::normalize_email(&email)
            .map_err(|e| AppError::invalid("email", e))?;
        services
            .links
            .request_link(purpose, &email, request_auth().client_ip)
            .await
    })
    .await
}

/// Sends the signed-in member a new link to confirm their address.
#[server(prefix = "/api", endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::api::guard::{request_auth, serve};
    use crate::types::Role;
    serve(Role::Member, |user, services| async move {
        services
            .links
            .resend_verification(&user, request_auth().client_ip)
            .await
    })
    .await
}

/// Whose account a link is for, while it can be used (nothing is used up).
#[server(prefix = "/api", endpoint = "check_link")]
pub async fn check_link(purpose: LinkPurpose, token: String) -> Result<LinkDetails, AppError> {
    use crate::api::guard::serve_public;
    serve_public(|services| async move { services.links.link_details(purpose, &token).await }).await
}

/// Confirms the address a verification link was sent to and signs this browser in (the link proves the
/// mailbox, as a sign-in link does): after signing up, this is how a new member first gets in.
#[server(prefix = "/api", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::api::guard::{serve_public, set_session_cookie};
    use crate::api::ports::SignedIn;
    serve_public(|services| async move {
        let signed_in = services
            .links
            .use_link(LinkPurpose::Verify, &token, None, None)
            .await?;
        // With two-step sign-in on, confirming does not sign in: that takes the code.
        if let Some(SignedIn::Session(session)) = signed_in {
            set_session_cookie(
                &session.token,
                session.max_age_secs,
                services.secure_cookies,
            );
        }
        Ok(())
    })
    .await
}

/// Sets a new password from a reset link, signs out every other session and signs this browser in.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use_password_link(
        LinkPurpose::Reset,
        token,
        None,
        new_password,
        confirm_password,
    )
    .await
}

/// Sets the first password (and the name) from an invitation and signs in.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    name: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use_password_link(
        LinkPurpose::Invite,
        token,
        Some(name),
        new_password,
        confirm_password,
    )
    .await
}

#[cfg(feature = "ssr")]
async fn use_password_link(
    purpose: LinkPurpose,
    token: String,
    name: Option<String>,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::api::guard::{finish_sign_in, serve_public};
    serve_public(|services| async move {
        let mut errors = crate::validation::validate_new_password(&new_password, &confirm_password)
            .err()
            .unwrap_or_default();
        let name = match name.map(|n| crate::validation::normalize_name(&n)) {
            Some(Ok(name)) => Some(name),
            Some(Err(message)) => {
                errors.add("name", message);
                None
            }
            None => None,
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let signed_in = services
            .links
            .use_link(purpose, &token, name, Some(new_password))
            .await?
            .ok_or(AppError::Internal)?;
        finish_sign_in(&signed_in, &services, None);
        Ok(())
    })
    .await
}

/// Signs in with a sign-in link.
#[server(prefix = "/api", endpoint = "sign_in_with_link")]
pub async fn sign_in_with_link(token: String) -> Result<(), AppError> {
    use crate::api::guard::{finish_sign_in, serve_public};
    serve_public(|services| async move {
        let signed_in = services
            .links
            .use_link(LinkPurpose::SignIn, &token, None, None)
            .await?
            .ok_or(AppError::Internal)?;
        finish_sign_in(&signed_in, &services, None);
        Ok(())
    })
    .await
}

/// Invites a pasted list of people (addresses, or `Name <address>`), creating accounts with `role` for
/// addresses Shoulder does not know (admin).
#[server(prefix = "/api/admin", endpoint = "invite_people")]
pub async fn invite_people(addresses: String, role: String) -> Result<InviteReport, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        let role: Role = role
            .parse()
            .map_err(|_| AppError::invalid("role", "Choose member, facilitator or admin."))?;
        let (people, problems) = crate::validation::parse_invitees(&addresses);
        if people.is_empty() {
            return Err(AppError::invalid(
                "addresses",
                problems
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "Enter at least one email address.".to_owned()),
            )
            .into());
        }
        if people.len() > crate::validation::INVITE_MAX {
            return Err(AppError::invalid(
                "addresses",
                format!(
                    "Invite at most {} people at once.",
                    crate::validation::INVITE_MAX
                ),
            )
            .into());
        }
        let mut report = services.invitations.invite(&admin, people, role).await?;
        report.problems = problems;
        Ok(report)
    })
    .await
}

/// Invites every applicant of a cycle who has not signed in yet, e.g. after an import (admin).
#[server(prefix = "/api/admin", endpoint = "invite_applicants")]
pub async fn invite_applicants(cycle_id: CycleId) -> Result<InviteReport, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Admin, |admin, services| async move {
        services
            .invitations
            .invite_applicants(&admin, cycle_id)
            .await
    })
    .await
}

/// The single sign-on provider's name, if the operator configured one (the sign-in page offers it).
#[server(prefix = "/api", endpoint = "sso_provider")]
pub async fn sso_provider() -> Result<Option<String>, AppError> {
    use crate::api::guard::serve_public;
    serve_public(|services| async move { Ok(services.sso_name.clone()) }).await
}
