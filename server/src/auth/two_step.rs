//! Two-step sign-in (ASVS 2.8): a time-based one-time code (RFC 6238: SHA-1, six digits, 30-second steps) from
//! an authenticator app, or one of ten single-use recovery codes. Turning it on takes a first code, so a
//! mistyped secret cannot lock anyone out; a code is accepted once (the last step is recorded); wrong codes
//! are throttled like wrong passwords. After a right password (or a sign-in or reset link), an account with
//! two-step sign-in gets a short-lived ticket instead of a session, and the code page trades it for one.

use app::api::ports::{self, NewSession, SignedIn};
use app::error::AppError;
use app::types::{TwoStepSetup, UserId};
use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use totp_rs::{Algorithm, Secret, TOTP};

use super::accounts::{parse_role, DbAccounts};
use super::{throttle, token};
use crate::audit;
use crate::db::entities::{account_token, app_user};
use crate::error::Result;

/// How long the code page may be used after the password.
const TICKET_LIFETIME: Duration = Duration::minutes(5);
/// The `account_token` purpose of a second-step ticket.
const TICKET: &str = "second_step";
const RECOVERY_CODES: usize = 10;
/// Recovery codes use the base32 letters and digits, lower case, in two groups of five (50 bits).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const STEP_SECS: u64 = 30;

const WRONG_CODE: &str =
    "That code is not right. Enter the six digits your app shows now, or a recovery code.";

/// The account's authenticator, from its stored secret.
fn totp(secret_base32: &str, email: &str) -> Result<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|_| AppError::Internal)?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS,
        bytes,
        Some("Shoulder".to_owned()),
        email.to_owned(),
    )
    .map_err(|error| {
        tracing::error!(%error, "authenticator secret");
        AppError::Internal.into()
    })
}

/// The code as typed: spaces and dashes dropped, lower case.
fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The time step whose code `code` is (this step, or one either side for a slow clock), if any is newer
/// than `after`.
fn matching_step(totp: &TOTP, code: &str, now_secs: u64, after: Option<i64>) -> Option<i64> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now_step = now_secs / STEP_SECS;
    [now_step.saturating_sub(1), now_step, now_step + 1]
        .into_iter()
        .filter(|step| after.is_none_or(|last| i64::try_from(*step).unwrap_or(i64::MAX) > last))
        .find(|step| {
            let expected = totp.generate(step * STEP_SECS);
            // Compared in full whatever the first difference, so timing tells nothing.
            expected
                .bytes()
                .zip(code.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
        })
        .and_then(|step| i64::try_from(step).ok())
}

fn recovery_hashes(user: &app_user::Model) -> Vec<String> {
    user.recovery_codes
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

fn new_recovery_code() -> String {
    let mut rng = rand::thread_rng();
    let mut pick = || char::from(RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())]);
    let first: String = (0..5).map(|_| pick()).collect();
    let second: String = (0..5).map(|_| pick()).collect();
    format!("{first}-{second}")
}

fn now_secs() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

impl DbAccounts {
    /// A session, or the second step when the account has two-step sign-in.
    pub(super) async fn signed_in(&self, user: &app_user::Model) -> Result<SignedIn> {
        if user.totp_enabled_at.is_none() {
            return Ok(SignedIn::Session(self.open_session(user.id).await?));
        }
        let ticket = token::generate();
        let now = Utc::now();
        account_token::ActiveModel {
            user_id: Set(user.id),
            purpose: Set(TICKET.to_owned()),
            token_hash: Set(token::digest(&ticket)),
            created_at: Set(now),
            expires_at: Set(now + TICKET_LIFETIME),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(SignedIn::SecondStep {
            ticket,
            max_age_secs: TICKET_LIFETIME.num_seconds(),
        })
    }

    /// Whether `code` is a fresh authenticator code or an unused recovery code of `user`; uses it up.
    async fn accept_code(&self, user: &app_user::Model, code: &str) -> Result<bool> {
        let (Some(secret), Some(_)) = (&user.totp_secret, user.totp_enabled_at) else {
            return Ok(false);
        };
        let code = normalize(code);
        let mut active = user.clone().into_active_model();
        if let Some(step) = matching_step(
            &totp(secret, &user.email)?,
            &code,
            now_secs(),
            user.totp_last_step,
        ) {
            active.totp_last_step = Set(Some(step));
        } else {
            let mut hashes = recovery_hashes(user);
            let digest = token::digest(&code);
            let Some(index) = hashes.iter().position(|h| *h == digest) else {
                return Ok(false);
            };
            hashes.remove(index);
            active.recovery_codes = Set(Some(serde_json::to_string(&hashes).unwrap_or_default()));
            tracing::info!(user = user.id, left = hashes.len(), "recovery code used");
        }
        active.update(&self.db).await?;
        Ok(true)
    }

    async fn user_model(&self, user_id: UserId) -> Result<app_user::Model> {
        Ok(app_user::Entity::find_by_id(user_id.0)
            .one(&self.db)
            .await?
            .ok_or(AppError::Unauthorized)?)
    }
}

#[async_trait::async_trait]
impl ports::TwoStep for DbAccounts {
    #[tracing::instrument(skip_all)]
    async fn finish_second_step(
        &self,
        ticket: &str,
        code: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<NewSession> {
        let expired = || AppError::invalid("code", "This sign-in has expired. Sign in again.");
        if !token::looks_valid(ticket) {
            return Err(expired().into());
        }
        let now = Utc::now();
        let found = account_token::Entity::find()
            .filter(account_token::Column::TokenHash.eq(token::digest(ticket)))
            .filter(account_token::Column::Purpose.eq(TICKET))
            .filter(account_token::Column::UsedAt.is_null())
            .filter(account_token::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await?
            .ok_or_else(expired)?;
        let user = app_user::Entity::find_by_id(found.user_id)
            .one(&self.db)
            .await?
            .ok_or_else(expired)?;
        let attempt = self.admit(&user.email, client).await?;
        if !self.accept_code(&user, code).await? {
            self.alert_on_burst(Some(&user), &attempt).await?;
            return Err(AppError::invalid("code", WRONG_CODE).into());
        }
        throttle::succeeded(&self.db, &attempt).await?;
        let mut used = found.into_active_model();
        used.used_at = Set(Some(now));
        used.update(&self.db).await?;
        self.open_session(user.id).await
    }

    #[tracing::instrument(skip_all)]
    async fn start_two_step(&self, user_id: UserId) -> Result<TwoStepSetup> {
        let user = self.user_model(user_id).await?;
        if user.totp_enabled_at.is_some() {
            return Err(AppError::Conflict("Two-step sign-in is already on.".to_owned()).into());
        }
        let Secret::Encoded(secret) = Secret::generate_secret().to_encoded() else {
            return Err(AppError::Internal.into());
        };
        let totp = totp(&secret, &user.email)?;
        let otpauth_url = totp.get_url();
        let mut active = user.into_active_model();
        active.totp_secret = Set(Some(secret.clone()));
        active.totp_last_step = Set(None);
        active.update(&self.db).await?;
        Ok(TwoStepSetup {
            secret: secret
                .as_bytes()
                .chunks(4)
                .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
            qr_svg: crate::speed::sessions::qr_svg(&otpauth_url)?,
            otpauth_url,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn confirm_two_step(&self, user_id: UserId, code: &str) -> Result<Vec<String>> {
        let user = self.user_model(user_id).await?;
        let Some(secret) = user
            .totp_secret
            .clone()
            .filter(|_| user.totp_enabled_at.is_none())
        else {
            return Err(
                AppError::Conflict("Start setting up two-step sign-in first.".to_owned()).into(),
            );
        };
        let Some(step) = matching_step(
            &totp(&secret, &user.email)?,
            &normalize(code),
            now_secs(),
            None,
        ) else {
            return Err(AppError::invalid(
                "code",
                "That code does not match. Check the app shows Shoulder and try the newest code.",
            )
            .into());
        };
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
        let hashes: Vec<String> = codes.iter().map(|c| token::digest(&normalize(c))).collect();
        let mut active = user.into_active_model();
        active.totp_enabled_at = Set(Some(Utc::now()));
        active.totp_last_step = Set(Some(step));
        active.recovery_codes = Set(Some(serde_json::to_string(&hashes).unwrap_or_default()));
        active.update(&self.db).await?;
        audit::record(
            &self.db,
            Some(user_id),
            "user.two_step_on",
            &format!("user:{}", user_id.0),
            serde_json::json!({}),
        )
        .await?;
        Ok(codes)
    }

    #[tracing::instrument(skip_all)]
    async fn disable_two_step(&self, user_id: UserId, code: &str) -> Result<()> {
        let user = self.user_model(user_id).await?;
        if user.totp_enabled_at.is_none() {
            return Err(AppError::Conflict("Two-step sign-in is already off.".to_owned()).into());
        }
        if self.requires_two_step(parse_role(&user.role)?) {
            return Err(AppError::Conflict(
                "This site requires two-step sign-in for admin accounts, so it stays on."
                    .to_owned(),
            )
            .into());
        }
        if !self.accept_code(&user, code).await? {
            return Err(AppError::invalid("code", WRONG_CODE).into());
        }
        let mut active = user.into_active_model();
        active.totp_secret = Set(None);
        active.totp_enabled_at = Set(None);
        active.totp_last_step = Set(None);
        active.recovery_codes = Set(None);
        active.update(&self.db).await?;
        audit::record(
            &self.db,
            Some(user_id),
            "user.two_step_off",
            &format!("user:{}", user_id.0),
            serde_json::json!({}),
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authenticator() -> TOTP {
        let Secret::Encoded(secret) = Secret::generate_secret().to_encoded() else {
            unreachable!()
        };
        totp(&secret, "ana@example.edu").expect("totp")
    }

    #[test]
    fn the_current_code_and_its_neighbours_match_once_each() {
        let totp = authenticator();
        let now = 1_800_000_000;
        let step = i64::try_from(now / STEP_SECS).unwrap();
        let code = totp.generate(now);
        assert_eq!(matching_step(&totp, &code, now, None), Some(step));
        assert_eq!(
            matching_step(&totp, &code, now, Some(step)),
            None,
            "a code works once"
        );
        let previous = totp.generate(now - STEP_SECS);
        assert_eq!(matching_step(&totp, &previous, now, None), Some(step - 1));
        let old = totp.generate(now - 5 * STEP_SECS);
        assert_eq!(matching_step(&totp, &old, now, None), None);
        assert_eq!(matching_step(&totp, "12345", now, None), None);
        assert_eq!(matching_step(&totp, "abcdef", now, None), None);
    }

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(normalize(" 123 456 "), "123456");
        assert_eq!(normalize("ABCDE-FGHIJ"), "abcde-fghij".replace('-', ""));
        let code = new_recovery_code();
        assert_eq!(code.len(), 11);
        assert!(normalize(&code)
            .bytes()
            .all(|b| RECOVERY_ALPHABET.contains(&b)));
    }
}
