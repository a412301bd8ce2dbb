//! The one authorization helper every server function goes through, plus response helpers for cookies and
//! status codes. Server-only.

use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use leptos_axum::ResponseOptions;

use super::failure::Failure;
use super::ports::{NewSession, ParticipantKey, RequestAuth, Services, SignedIn};
use crate::context::{context, holding_owners};
use crate::error::AppError;
use crate::types::{CurrentUser, Role};

/// The session cookie's name.
/// The session cookie's name: with `__Host-` on https, so that the browser only accepts it `Secure`, for this
/// exact host and the whole site (no subdomain can plant or read one).
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-shoulder_session"
    } else {
        "shoulder_session"
    }
}

/// The services the server provided for this request.
///
/// # Errors
/// [`AppError::Internal`] when the server did not provide them (a wiring bug, logged).
fn services() -> Result<Services, AppError> {
    context::<Services>().ok_or_else(|| {
        tracing::error!("Services missing from the Leptos context");
        AppError::Internal
    })
}

/// What the session middleware resolved for this request.
pub fn request_auth() -> RequestAuth {
    context::<Parts>()
        .and_then(|parts| parts.extensions.get::<RequestAuth>().cloned())
        .unwrap_or_default()
}

/// The signed-in user, if any.
pub fn viewer() -> Option<CurrentUser> {
    request_auth().user
}

/// The value of the request's cookie `name`, if sent.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&context::<Parts>()?.headers, name)
}

/// The value of cookie `name` in these request headers (plain routes and middleware use it too).
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The cookie that names a phone's participant in the session with join code `code`.
fn participant_cookie_name(code: &str) -> String {
    format!("shoulder_room_{code}")
}

/// Who is calling a room function: their phone's participant cookie and, if signed in, their account.
pub fn participant_key(code: &str) -> ParticipantKey {
    ParticipantKey {
        token: cookie(&participant_cookie_name(code)),
        user: viewer(),
        client: request_auth().client_ip,
    }
}

/// Remembers on this phone which participant it is (for 12 hours: a workshop, not a membership).
pub fn set_participant_cookie(code: &str, token: &str, secure: bool) {
    append_cookie(&cookie_value(
        &participant_cookie_name(code),
        token,
        43_200,
        secure,
    ));
}

/// A `Set-Cookie` value as Shoulder sets every cookie: whole site, script-proof, sent on top-level navigation.
fn cookie_value(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// Pure rule: does `user` hold at least `required`?
///
/// # Errors
/// [`AppError::Unauthorized`] without a user, [`AppError::Forbidden`] when the role is too low,
/// [`AppError::TwoStepRequired`] when the role is enough but must first be secured with two-step sign-in.
pub fn authorize(user: Option<CurrentUser>, required: Role) -> Result<CurrentUser, AppError> {
    match user {
        None => Err(AppError::Unauthorized),
        Some(user) if user.acting_role().includes(required) => Ok(user),
        Some(user) if user.role.includes(required) => Err(AppError::TwoStepRequired),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// A whole server function: authorize, run `body` with the caller and the services, answer with the right
/// status. Every server function goes through this, [`serve_public`] or [`serve_room`].
///
/// # Errors
/// As [`authorize`], or what `body` returns.
pub async fn serve<T, F, Fut>(required: Role, body: F) -> Result<T, AppError>
where
    F: FnOnce(CurrentUser, Services) -> Fut,
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    let user = respond(authorize(viewer(), required))?;
    respond(async { Ok(body(user, services()?).await?) }.await)
}

/// [`serve`] for the functions anyone may call (they are listed in `PUBLIC_ENDPOINTS`).
///
/// # Errors
/// What `body` returns.
pub async fn serve_public<T, F, Fut>(body: F) -> Result<T, AppError>
where
    F: FnOnce(Services) -> Fut,
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    respond(async { Ok(body(services()?).await?) }.await)
}

/// [`serve`] for a workshop phone's calls (public): `body` gets the join code as typed, normalised, and who
/// the caller is in that room.
///
/// # Errors
/// What `body` returns.
pub async fn serve_room<T, F, Fut>(code: &str, body: F) -> Result<T, AppError>
where
    F: FnOnce(String, ParticipantKey, Services) -> Fut,
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    let code = crate::speed::session::normalize_code(code);
    let key = participant_key(&code);
    respond(async { Ok(body(code, key, services()?).await?) }.await)
}

/// Sets the HTTP status of the response from the result's error, so API clients see 401/403/422/…
/// and not a generic 500. The `serve*` helpers call it on every server function's result.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(options) = context::<ResponseOptions>() {
            options.set_status(
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        if let AppError::RateLimited { retry_after_secs } = error {
            set_header_value("retry-after", &retry_after_secs.to_string());
        }
    }
    result
}

/// Hands a new session to the browser and sends it on to `next` (a checked path on this site).
pub fn start_session(session: &NewSession, services: &Services, next: Option<&str>) {
    set_session_cookie(
        &session.token,
        session.max_age_secs,
        services.secure_cookies,
    );
    redirect(&crate::validation::safe_next(next));
}

/// Completes a sign-in: the session cookie and on to `next`, or, for an account with two-step sign-in, the
/// second step's cookie and on to the code page.
pub fn finish_sign_in(signed_in: &SignedIn, services: &Services, next: Option<&str>) {
    match signed_in {
        SignedIn::Session(session) => start_session(session, services, next),
        SignedIn::SecondStep {
            ticket,
            max_age_secs,
        } => {
            append_cookie(&cookie_value(
                SECOND_STEP_COOKIE,
                ticket,
                *max_age_secs,
                services.secure_cookies,
            ));
            let next = crate::validation::safe_next(next);
            redirect(&format!(
                "/sign-in/code?next={}",
                crate::validation::percent_encode(&next, b"/")
            ));
        }
    }
}

/// The cookie that carries a sign-in's second-step ticket to the code page.
pub const SECOND_STEP_COOKIE: &str = "shoulder_second_step";

/// Forgets the second step's ticket (after it was used).
pub fn clear_second_step_cookie(secure: bool) {
    append_cookie(&cookie_value(SECOND_STEP_COOKIE, "", 0, secure));
}

/// Sends the browser to `path` after this call (a `Location` header, or a 302 for a plain form post).
pub fn redirect(path: &str) {
    holding_owners(|| leptos_axum::redirect(path));
}

/// Puts the session cookie on the response.
pub fn set_session_cookie(token: &str, max_age_secs: i64, secure: bool) {
    append_cookie(&session_cookie(token, max_age_secs, secure));
}

/// The `Set-Cookie` value of a session (also used by the single sign-on route, outside Leptos).
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    cookie_value(session_cookie_name(secure), token, max_age_secs, secure)
}

/// Tells the browser to forget the session cookie.
pub fn clear_session_cookie(secure: bool) {
    append_cookie(&session_cookie("", 0, secure));
}

fn append_cookie(cookie: &str) {
    if let (Some(options), Ok(value)) =
        (context::<ResponseOptions>(), HeaderValue::from_str(cookie))
    {
        options.append_header(SET_COOKIE, value);
    }
}

fn set_header_value(name: &'static str, value: &str) {
    if let (Some(options), Ok(value)) = (context::<ResponseOptions>(), HeaderValue::from_str(value))
    {
        options.insert_header(axum::http::HeaderName::from_static(name), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::UserId;

    fn user(role: Role) -> CurrentUser {
        CurrentUser {
            id: UserId(1),
            name: "Ana".into(),
            email: "ana@example.edu".into(),
            role,
            institution_name: "State".into(),
            institution_type: "Other".into(),
            email_verified: true,
            two_step: false,
            two_step_required: false,
        }
    }

    #[test]
    fn an_admin_who_must_use_two_step_acts_as_a_member_until_it_is_on() {
        let mut admin = user(Role::Admin);
        admin.two_step_required = true;
        assert!(authorize(Some(admin.clone()), Role::Member).is_ok());
        for role in [Role::Facilitator, Role::Admin] {
            assert_eq!(
                authorize(Some(admin.clone()), role),
                Err(AppError::TwoStepRequired)
            );
        }
        admin.two_step = true;
        assert!(authorize(Some(admin), Role::Admin).is_ok());
    }

    #[test]
    fn anonymous_is_unauthorized_for_every_role() {
        for role in Role::ALL {
            assert_eq!(authorize(None, role), Err(AppError::Unauthorized));
        }
    }

    #[test]
    fn member_is_forbidden_admin_work() {
        assert_eq!(
            authorize(Some(user(Role::Member)), Role::Admin),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            authorize(Some(user(Role::Member)), Role::Facilitator),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn the_session_cookie_is_host_only_and_secure_on_https() {
        let cookie = session_cookie("t0ken", 3600, true);
        assert!(
            cookie.starts_with("__Host-shoulder_session=t0ken;"),
            "{cookie}"
        );
        assert!(
            cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain")
        );
        let plain = session_cookie("t0ken", 3600, false);
        assert!(plain.starts_with("shoulder_session=t0ken;") && !plain.contains("Secure"));
    }

    #[test]
    fn admin_passes_every_check() {
        for role in Role::ALL {
            assert!(authorize(Some(user(Role::Admin)), role).is_ok());
        }
    }
}
