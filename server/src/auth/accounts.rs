//! The `Accounts` port over the database: sign-up, sign-in, sessions, password changes and roles.

use std::net::IpAddr;

use app::api::ports::{Accounts, SignedIn};
use app::error::AppError;
use app::types::{AccountState, CurrentUser, LinkPurpose, Role, UserId, UserSummary, ValidSignUp};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use super::throttle::{self, Gate};
use super::{emails, links, password, token};
use crate::db::entities::{app_user, session};
use crate::error::{is_unique_violation, Failure, Result};

/// Accounts stored in the database.
#[derive(Clone)]
pub struct DbAccounts {
    pub(super) db: DatabaseConnection,
    pub(super) sessions: super::sessions::SessionLimits,
    limits: throttle::Limits,
    /// Where links in emails point, e.g. `https://mentoring.example.edu`.
    pub(super) public_url: String,
    pub(super) link_limits: links::RequestLimits,
    /// Admins must turn on two-step sign-in before acting as admins (`SHOULDER_ADMIN_TWO_STEP`).
    pub(super) admin_two_step_required: bool,
}

const WRONG_CREDENTIALS: &str =
    "That email and password don't match an account. Check both and try again.";

impl DbAccounts {
    pub fn new(
        db: DatabaseConnection,
        sessions: super::sessions::SessionLimits,
        public_url: &str,
    ) -> Self {
        DbAccounts {
            db,
            sessions,
            limits: throttle::Limits::default(),
            public_url: public_url.trim_end_matches('/').to_owned(),
            link_limits: links::RequestLimits::default(),
            admin_two_step_required: false,
        }
    }

    /// Requires two-step sign-in of every admin account (see [`CurrentUser::acting_role`]).
    #[must_use]
    pub fn with_admin_two_step_required(mut self, required: bool) -> Self {
        self.admin_two_step_required = required;
        self
    }

    /// Whether this site requires two-step sign-in of an account with `role`.
    pub(super) fn requires_two_step(&self, role: Role) -> bool {
        self.admin_two_step_required && role == Role::Admin
    }

    /// Creates an account with `role` whose address the operator vouches for (the command line, the demo).
    ///
    /// # Errors
    /// `email` field error when the address is taken; database failures.
    pub async fn create_user(&self, form: &ValidSignUp, role: Role) -> Result<app_user::Model> {
        self.insert_user(form, role, Some(Utc::now())).await
    }

    async fn insert_user(
        &self,
        form: &ValidSignUp,
        role: Role,
        verified_at: Option<chrono::DateTime<Utc>>,
    ) -> Result<app_user::Model> {
        let now = Utc::now();
        let user = app_user::ActiveModel {
            name: Set(form.name.clone()),
            email: Set(form.email.clone()),
            password_hash: Set(password::hash(&form.password).await?),
            institution_name: Set(form.institution_name.clone()),
            institution_type: Set(form.institution_type.clone()),
            role: Set(role.as_str().to_owned()),
            email_verified_at: Set(verified_at),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        user.insert(&self.db).await.map_err(|error| {
            if is_unique_violation(&error) {
                AppError::invalid("email", "An account with this email already exists. Sign in instead (\u{201c}Forgot your password?\u{201d} sends a link to set one), or use another address.").into()
            } else {
                Failure::from(error)
            }
        })
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<app_user::Model>> {
        Ok(app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email))
            .one(&self.db)
            .await?)
    }

    /// Emails the owner of `email` that someone tried to create an account with it, with a way in.
    async fn tell_owner_of_sign_up(&self, email: &str) -> Result<()> {
        let Some(owner) = self.find_by_email(email).await? else {
            return Ok(());
        };
        let now = Utc::now();
        let secret = links::issue(&self.db, owner.id, LinkPurpose::Reset, now).await?;
        let link = links::url(&self.public_url, LinkPurpose::Reset, &secret);
        crate::mail::outbox::queue(
            &self.db,
            emails::already_registered(&owner.name, &owner.email, &link, &self.public_url),
        )
        .await
    }

    /// Counts a password attempt on the account `email` (see `throttle`): the attempt, or 429 with the wait.
    pub(super) async fn admit(
        &self,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<throttle::Attempt> {
        let ip = throttle::client_key(client);
        match throttle::begin(&self.db, self.limits, email, &ip, Utc::now()).await? {
            Gate::Go(attempt) => Ok(attempt),
            Gate::Wait { retry_after_secs } => {
                tracing::warn!(%ip, retry_after_secs, "password attempt throttled");
                Err(AppError::RateLimited { retry_after_secs }.into())
            }
        }
    }

    /// Tells an admin, once per burst, that their account is being guessed at: admins hold the most.
    pub(super) async fn alert_on_burst(
        &self,
        user: Option<&app_user::Model>,
        attempt: &throttle::Attempt,
    ) -> Result<()> {
        let Some(user) = user.filter(|u| parse_role(&u.role).ok() == Some(Role::Admin)) else {
            return Ok(());
        };
        if attempt.account_failures != self.limits.alert_at {
            return Ok(());
        }
        tracing::warn!(
            user = user.id,
            "a burst of failed sign-ins on an admin account"
        );
        crate::mail::outbox::queue(
            &self.db,
            emails::sign_in_burst(
                &user.name,
                &user.email,
                attempt.account_failures,
                &self.public_url,
            ),
        )
        .await
    }
}

pub(super) fn parse_role(stored: &str) -> Result<Role> {
    stored
        .parse()
        .map_err(|e: app::types::UnknownRole| Failure::internal(e.to_string()))
}

/// Where an account stands with its owner (see [`AccountState`]).
pub fn account_state(user: &app_user::Model) -> AccountState {
    if user.email_verified_at.is_some() {
        AccountState::Verified
    } else if user.password_hash == password::NO_PASSWORD {
        AccountState::NotSignedInYet
    } else {
        AccountState::Unconfirmed
    }
}

pub(super) fn current_user(user: app_user::Model) -> Result<CurrentUser> {
    Ok(CurrentUser {
        id: UserId(user.id),
        role: parse_role(&user.role)?,
        email_verified: user.email_verified_at.is_some(),
        two_step: user.totp_enabled_at.is_some(),
        two_step_required: false,
        name: user.name,
        email: user.email,
        institution_name: user.institution_name,
        institution_type: user.institution_type,
    })
}

fn summary(
    user: app_user::Model,
    invited_at: Option<chrono::DateTime<Utc>>,
) -> Result<UserSummary> {
    Ok(UserSummary {
        id: UserId(user.id),
        role: parse_role(&user.role)?,
        created_at: user.created_at.to_rfc3339(),
        state: account_state(&user),
        invited_at: invited_at.map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string()),
        name: user.name,
        email: user.email,
        institution_name: user.institution_name,
        institution_type: user.institution_type,
    })
}

#[async_trait::async_trait]
impl Accounts for DbAccounts {
    #[tracing::instrument(skip_all)]
    async fn sign_up(&self, form: ValidSignUp, client: Option<IpAddr>) -> Result<()> {
        let ip = throttle::client_key(client);
        if let Some(retry_after_secs) =
            links::throttle(&self.db, self.link_limits, &form.email, &ip, Utc::now()).await?
        {
            tracing::warn!(%ip, "sign-ups throttled");
            return Err(AppError::RateLimited { retry_after_secs }.into());
        }
        match self.insert_user(&form, Role::Member, None).await {
            Ok(user) => {
                tracing::info!(user = user.id, "account created");
                self.send_verification(&user).await
            }
            // The one field error `insert_user` gives: the address has an account (the password was hashed all
            // the same, so this answer takes as long). Its owner hears of it; the visitor sees what a new one would.
            Err(Failure::User(AppError::Invalid(_))) => {
                self.tell_owner_of_sign_up(&form.email).await
            }
            Err(other) => Err(other),
        }
    }

    #[tracing::instrument(skip_all)]
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<SignedIn> {
        let attempt = self.admit(email, client).await?;
        let user = self.find_by_email(email).await?;
        // No password longer than the limit was ever accepted: refuse it without spending a hash on it.
        let too_long = password.chars().count() > app::validation::PASSWORD_MAX;
        let matches = match &user {
            Some(user) if !too_long => password::verify(password, &user.password_hash).await?,
            _ => {
                if !too_long {
                    password::waste_verification(password).await?;
                }
                false
            }
        };
        match user {
            Some(user) if matches => {
                throttle::succeeded(&self.db, &attempt).await?;
                self.signed_in(&user).await
            }
            user => {
                self.alert_on_burst(user.as_ref(), &attempt).await?;
                Err(AppError::invalid("form", WRONG_CREDENTIALS).into())
            }
        }
    }

    #[tracing::instrument(skip_all)]
    async fn sign_out(&self, raw_token: &str) -> Result<()> {
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(token::digest(raw_token)))
            .exec(&self.db)
            .await
            .map_err(Failure::from)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn change_password(
        &self,
        user_id: UserId,
        current: &str,
        new: &str,
        keep_session: &str,
        client: Option<IpAddr>,
    ) -> Result<()> {
        let user = app_user::Entity::find_by_id(user_id.0)
            .one(&self.db)
            .await?
            .ok_or(AppError::Unauthorized)?;
        // Guessing the current password from a signed-in session is guessing all the same.
        let attempt = self.admit(&user.email, client).await?;
        if !password::verify(current, &user.password_hash).await? {
            self.alert_on_burst(Some(&user), &attempt).await?;
            return Err(AppError::invalid(
                "current_password",
                "That is not your current password.",
            )
            .into());
        }
        throttle::succeeded(&self.db, &attempt).await?;
        let new_hash = password::hash(new).await?;
        let txn = self.db.begin().await?;
        let mut active = user.into_active_model();
        active.password_hash = Set(new_hash);
        active.updated_at = Set(Utc::now());
        active.update(&txn).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id.0))
            .filter(session::Column::TokenHash.ne(token::digest(keep_session)))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn audit_log(&self, filter: app::audit::AuditFilter) -> Result<app::audit::AuditPage> {
        crate::audit::page(&self.db, &filter).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_users(&self) -> Result<Vec<UserSummary>> {
        let users = app_user::Entity::find()
            .order_by_desc(app_user::Column::CreatedAt)
            .order_by_desc(app_user::Column::Id)
            .all(&self.db)
            .await
            .map_err(Failure::from)?;
        let invited = links::latest_invitations(&self.db).await?;
        Ok(users
            .into_iter()
            .map(|user| {
                let at = invited.get(&user.id).copied();
                summary(user, at)
            })
            .collect::<Result<_>>()?)
    }

    #[tracing::instrument(skip_all)]
    async fn set_role(
        &self,
        actor: &CurrentUser,
        user_id: UserId,
        role: Role,
    ) -> Result<UserSummary> {
        if actor.id == user_id {
            return Err(AppError::Conflict(
                "You can't change your own role. Ask another admin.".into(),
            )
            .into());
        }
        let txn = self.db.begin().await?;
        let user = app_user::Entity::find_by_id(user_id.0)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let previous = user.role.clone();
        let mut active = user.into_active_model();
        active.role = Set(role.as_str().to_owned());
        active.updated_at = Set(Utc::now());
        let user = active.update(&txn).await?;
        crate::audit::record(
            &txn,
            Some(actor.id),
            "user.role_changed",
            &format!("user:{}", user.id),
            serde_json::json!({ "from": previous, "to": role.as_str() }),
        )
        .await?;
        txn.commit().await?;
        tracing::info!(actor = %actor.id, user = user.id, role = role.as_str(), "role changed");
        summary(user, None)
    }
}
