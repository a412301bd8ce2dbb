//! Sign-up, sign-in, sign-out, the current user and password changes.

use leptos::prelude::*;

use crate::error::AppError;
use crate::types::CurrentUser;
#[cfg(feature = "ssr")]
use crate::types::SignUpForm;

/// The signed-in user, or `None`.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::api::guard::viewer())
}

/// Starts a member account: the server emails a link that confirms the address and signs in (or, when the
/// address has an account, tells its owner), and the browser goes to a page that says to check the inbox.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    institution_name: String,
    institution_type: String,
) -> Result<(), AppError> {
    use crate::api::guard::{redirect, request_auth, serve_public};
    let form = SignUpForm {
        name,
        email,
        password,
        institution_name,
        institution_type,
    };
    serve_public(|services| async move {
        let valid = crate::validation::validate_sign_up(&form)?;
        let sent_to = valid.email.clone();
        services
            .accounts
            .sign_up(valid, request_auth().client_ip)
            .await?;
        redirect(&crate::pages::sign_up::sent_path(&sent_to));
        Ok(())
    })
    .await
}

/// Opens a session for valid credentials. A wrong email and a wrong password get the same answer, so the
/// form does not reveal who has an account.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    /// The page to return to (the one that asked the visitor to sign in).
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::api::guard::{finish_sign_in, request_auth, serve_public};
    serve_public(|services| async move {
        let email = crate::validation::normalize_email(&email)
            .map_err(|e| AppError::invalid("email", e))?;
        if password.is_empty() {
            return Err(AppError::invalid("password", "Enter your password.").into());
        }
        let signed_in = services
            .accounts
            .sign_in(&email, &password, request_auth().client_ip)
            .await?;
        finish_sign_in(&signed_in, &services, next.as_deref());
        Ok(())
    })
    .await
}

/// Ends the current session (the row is deleted, so the cookie is worthless even if kept).
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::api::guard::{clear_session_cookie, request_auth, serve_public};
    serve_public(|services| async move {
        if let Some(token) = request_auth().session_token {
            services.accounts.sign_out(&token).await?;
        }
        clear_session_cookie(services.secure_cookies);
        super::guard::redirect("/");
        Ok(())
    })
    .await
}

/// Replaces the signed-in user's password; their other sessions are signed out.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::api::guard::{request_auth, serve};
    use crate::types::Role;
    serve(Role::Member, |user, services| async move {
        crate::validation::validate_password_change(
            &current_password,
            &new_password,
            &confirm_password,
        )?;
        let auth = request_auth();
        let token = auth.session_token.unwrap_or_default();
        services
            .accounts
            .change_password(
                user.id,
                &current_password,
                &new_password,
                &token,
                auth.client_ip,
            )
            .await
    })
    .await
}

/// Where the signed-in person is signed in: each live session, this browser's marked.
#[server(prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<crate::types::AccountSession>, AppError> {
    use crate::api::guard::{request_auth, serve};
    use crate::types::Role;
    serve(Role::Member, |user, services| async move {
        let token = request_auth().session_token.unwrap_or_default();
        services
            .account_sessions
            .list_account_sessions(user.id, &token)
            .await
    })
    .await
}

/// Signs out one of the signed-in person's sessions (another browser, or this one).
#[server(prefix = "/api", endpoint = "end_my_session")]
pub async fn end_my_session(session_id: crate::types::AccountSessionId) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |user, services| async move {
        services
            .account_sessions
            .end_account_session(user.id, session_id)
            .await
    })
    .await
}

/// The second step of a sign-in: a code from the authenticator app (or a recovery code) for the ticket the
/// password left in this browser's cookie.
#[server(prefix = "/api", endpoint = "sign_in_code")]
pub async fn sign_in_code(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::api::guard::{
        clear_second_step_cookie, cookie, request_auth, serve_public, start_session,
        SECOND_STEP_COOKIE,
    };
    serve_public(|services| async move {
        if code.trim().is_empty() {
            return Err(AppError::invalid("code", "Enter the code from your app.").into());
        }
        let ticket = cookie(SECOND_STEP_COOKIE).unwrap_or_default();
        let session = services
            .two_step
            .finish_second_step(&ticket, &code, request_auth().client_ip)
            .await?;
        clear_second_step_cookie(services.secure_cookies);
        start_session(&session, &services, next.as_deref());
        Ok(())
    })
    .await
}

/// Starts turning on two-step sign-in: the secret and its QR code for the authenticator app.
#[server(prefix = "/api", endpoint = "start_two_step")]
pub async fn start_two_step() -> Result<crate::types::TwoStepSetup, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |user, services| async move {
        services.two_step.start_two_step(user.id).await
    })
    .await
}

/// Turns two-step sign-in on with a first code; answers the recovery codes, shown this once.
#[server(prefix = "/api", endpoint = "confirm_two_step")]
pub async fn confirm_two_step(code: String) -> Result<Vec<String>, AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |user, services| async move {
        services.two_step.confirm_two_step(user.id, &code).await
    })
    .await
}

/// Turns two-step sign-in off, given a current code or a recovery code.
#[server(prefix = "/api", endpoint = "disable_two_step")]
pub async fn disable_two_step(code: String) -> Result<(), AppError> {
    use crate::api::guard::serve;
    use crate::types::Role;
    serve(Role::Member, |user, services| async move {
        services.two_step.disable_two_step(user.id, &code).await
    })
    .await
}
