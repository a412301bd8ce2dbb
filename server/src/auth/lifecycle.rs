//! An account's life with its owner's mailbox: confirming the address of a new account, resetting a
//! password, signing in by link, and invitations from admins. Every link goes through [`super::links`].
//!
//! The rule that keeps an account with its owner: an address nobody proved (someone signed up with it and
//! never confirmed) is a claim, not an owner. Imported data and invitations take such an account back for
//! the address's owner ([`reclaim_unconfirmed`]), and matching leaves it out.

use std::net::IpAddr;

use app::api::ports::{self, NewSession, SignedIn};
use app::error::AppError;
use app::types::{
    AccountState, CurrentUser, CycleId, InviteReport, LinkDetails, LinkPurpose, Role, UserId,
};
use app::validation::Invitee;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionTrait,
};

use super::accounts::{account_state, DbAccounts};
use super::throttle::client_key;
use super::{emails, links, password};
use crate::audit;
use crate::db::entities::{app_user, application, session, user_identity};
use crate::error::Result;
use crate::mail::outbox;

/// Takes an unconfirmed account back for the owner of its address: its password and sessions end, so only
/// someone who can read the mailbox gets in (through an invitation or a reset). Returns whether it did.
///
/// # Errors
/// Database failures.
pub async fn reclaim_unconfirmed(
    db: &impl ConnectionTrait,
    user: &app_user::Model,
) -> Result<bool> {
    if account_state(user) != AccountState::Unconfirmed {
        return Ok(false);
    }
    let mut active = user.clone().into_active_model();
    active.password_hash = Set(password::NO_PASSWORD.to_owned());
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user.id))
        .exec(db)
        .await?;
    audit::record(
        db,
        None,
        "user.reclaimed",
        &format!("user:{}", user.id),
        serde_json::json!({ "why": "unconfirmed address given to its owner" }),
    )
    .await?;
    tracing::warn!(
        user = user.id,
        "an unconfirmed account was taken back for its address's owner"
    );
    Ok(true)
}

impl DbAccounts {
    /// Queues the email that confirms `user`'s address.
    pub(super) async fn send_verification(&self, user: &app_user::Model) -> Result<()> {
        let secret = links::issue(&self.db, user.id, LinkPurpose::Verify, Utc::now()).await?;
        let link = links::url(&self.public_url, LinkPurpose::Verify, &secret);
        outbox::queue(&self.db, emails::verify(&user.name, &user.email, &link)).await
    }

    async fn find_email(&self, email: &str) -> Result<Option<app_user::Model>> {
        Ok(app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email))
            .one(&self.db)
            .await?)
    }

    pub(super) async fn send_link(
        &self,
        purpose: LinkPurpose,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<()> {
        let now = Utc::now();
        if let Some(retry_after_secs) =
            links::throttle(&self.db, self.link_limits, email, &client_key(client), now).await?
        {
            tracing::warn!(ip = %client_key(client), "link requests throttled");
            return Err(AppError::RateLimited { retry_after_secs }.into());
        }
        let Some(user) = self.find_email(email).await? else {
            return Ok(());
        };
        let secret = links::issue(&self.db, user.id, purpose, now).await?;
        let link = links::url(&self.public_url, purpose, &secret);
        let email = match purpose {
            LinkPurpose::Reset => emails::reset(&user.name, &user.email, &link),
            LinkPurpose::SignIn => emails::sign_in(&user.name, &user.email, &link),
            LinkPurpose::Verify => emails::verify(&user.name, &user.email, &link),
            LinkPurpose::Invite => return Err(AppError::Forbidden.into()),
        };
        outbox::queue(&self.db, email).await
    }

    /// Signs in the person an identity provider vouched for: the account linked to `(issuer, subject)`, else
    /// the account with the provider's verified `email` (taken back first if nobody had confirmed it), else a
    /// new member account. The address counts as confirmed.
    ///
    /// # Errors
    /// Database failures.
    pub async fn sign_in_with_identity(
        &self,
        issuer: &str,
        subject: &str,
        email: &str,
        name: Option<&str>,
    ) -> Result<NewSession> {
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let linked = user_identity::Entity::find()
            .filter(user_identity::Column::Issuer.eq(issuer))
            .filter(user_identity::Column::Subject.eq(subject))
            .one(&txn)
            .await?;
        let user = match linked {
            Some(identity) => app_user::Entity::find_by_id(identity.user_id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?,
            None => {
                let user = match app_user::Entity::find()
                    .filter(app_user::Column::Email.eq(email))
                    .one(&txn)
                    .await?
                {
                    Some(user) => {
                        reclaim_unconfirmed(&txn, &user).await?;
                        user
                    }
                    None => {
                        let name = name.map(str::trim).filter(|n| !n.is_empty()).map_or_else(
                            || email.split('@').next().unwrap_or_default().to_owned(),
                            str::to_owned,
                        );
                        app_user::ActiveModel {
                            name: Set(name),
                            email: Set(email.to_owned()),
                            password_hash: Set(password::NO_PASSWORD.to_owned()),
                            institution_name: Set(String::new()),
                            institution_type: Set(String::new()),
                            role: Set(Role::Member.as_str().to_owned()),
                            email_verified_at: Set(Some(now)),
                            created_at: Set(now),
                            updated_at: Set(now),
                            ..Default::default()
                        }
                        .insert(&txn)
                        .await?
                    }
                };
                user_identity::ActiveModel {
                    user_id: Set(user.id),
                    issuer: Set(issuer.to_owned()),
                    subject: Set(subject.to_owned()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                user
            }
        };
        if user.email_verified_at.is_none() {
            let mut active = user.clone().into_active_model();
            active.email_verified_at = Set(Some(now));
            active.updated_at = Set(now);
            active.update(&txn).await?;
        }
        audit::record(
            &txn,
            Some(UserId(user.id)),
            "user.signed_in_with_sso",
            &format!("user:{}", user.id),
            serde_json::json!({ "issuer": issuer }),
        )
        .await?;
        txn.commit().await?;
        self.open_session(user.id).await
    }

    pub(super) async fn send_invitations(
        &self,
        actor: &CurrentUser,
        people: Vec<Invitee>,
        role: Role,
        context: Option<String>,
    ) -> Result<InviteReport> {
        let mut report = InviteReport::default();
        let now = Utc::now();
        let txn = self.db.begin().await?;
        for person in people {
            let existing = app_user::Entity::find()
                .filter(app_user::Column::Email.eq(&person.email))
                .one(&txn)
                .await?;
            let user = match existing {
                Some(user) => {
                    reclaim_unconfirmed(&txn, &user).await?;
                    if user.email_verified_at.is_some()
                        && user.password_hash != password::NO_PASSWORD
                    {
                        report.already_active.push(person.email);
                        continue;
                    }
                    user
                }
                None => {
                    report.created += 1;
                    let name = person.name.clone().unwrap_or_else(|| {
                        person
                            .email
                            .split('@')
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    });
                    app_user::ActiveModel {
                        name: Set(name),
                        email: Set(person.email.clone()),
                        password_hash: Set(password::NO_PASSWORD.to_owned()),
                        institution_name: Set(String::new()),
                        institution_type: Set(String::new()),
                        role: Set(role.as_str().to_owned()),
                        email_verified_at: Set(None),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?
                }
            };
            links::retire(&txn, user.id, &[LinkPurpose::Invite], now).await?;
            let secret = links::issue(&txn, user.id, LinkPurpose::Invite, now).await?;
            let link = links::url(&self.public_url, LinkPurpose::Invite, &secret);
            outbox::queue(
                &txn,
                emails::invitation(
                    &user.name,
                    &user.email,
                    &actor.name,
                    context.as_deref(),
                    &link,
                ),
            )
            .await?;
            report.invited.push(user.email);
        }
        audit::record(
            &txn,
            Some(actor.id),
            "users.invited",
            "users",
            serde_json::json!({ "invited": report.invited.len(), "created": report.created, "role": role.as_str() }),
        )
        .await?;
        txn.commit().await?;
        Ok(report)
    }
}

#[async_trait::async_trait]
impl ports::Links for DbAccounts {
    #[tracing::instrument(skip_all)]
    async fn request_link(
        &self,
        purpose: LinkPurpose,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<()> {
        if !matches!(purpose, LinkPurpose::Reset | LinkPurpose::SignIn) {
            return Err(AppError::Forbidden.into());
        }
        self.send_link(purpose, email, client).await
    }

    #[tracing::instrument(skip_all)]
    async fn resend_verification(&self, user: &CurrentUser, client: Option<IpAddr>) -> Result<()> {
        if user.email_verified {
            return Err(AppError::Conflict("Your address is already confirmed.".to_owned()).into());
        }
        self.send_link(LinkPurpose::Verify, &user.email, client)
            .await
    }

    #[tracing::instrument(skip_all)]
    async fn link_details(&self, purpose: LinkPurpose, token: &str) -> Result<LinkDetails> {
        let user = links::check(&self.db, purpose, token, Utc::now()).await?;
        Ok(LinkDetails {
            purpose,
            email: user.email,
            name: user.name,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn use_link(
        &self,
        purpose: LinkPurpose,
        token: &str,
        name: Option<String>,
        new_password: Option<String>,
    ) -> Result<Option<SignedIn>> {
        // Hash before the transaction: it takes tens of milliseconds and holds nothing.
        let hash = match (&new_password, purpose) {
            (Some(p), LinkPurpose::Reset | LinkPurpose::Invite) => Some(password::hash(p).await?),
            (None, LinkPurpose::Reset | LinkPurpose::Invite) => {
                return Err(AppError::invalid("new_password", "Choose a password.").into())
            }
            _ => None,
        };
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let user = links::redeem(&txn, purpose, token, now).await?;
        let mut active = user.clone().into_active_model();
        active.email_verified_at = Set(Some(user.email_verified_at.unwrap_or(now)));
        active.updated_at = Set(now);
        if let Some(hash) = hash {
            active.password_hash = Set(hash);
            // A new password ends every session, wherever it was opened, and every other way in by email.
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(user.id))
                .exec(&txn)
                .await?;
            links::retire(&txn, user.id, &LinkPurpose::ALL, now).await?;
        }
        if let Some(name) = name.filter(|_| purpose == LinkPurpose::Invite) {
            active.name = Set(name);
        }
        active.update(&txn).await?;
        audit::record(
            &txn,
            Some(UserId(user.id)),
            &format!("user.link_used.{}", purpose.key()),
            &format!("user:{}", user.id),
            serde_json::json!({}),
        )
        .await?;
        txn.commit().await?;
        tracing::info!(user = user.id, purpose = purpose.key(), "link used");
        // An emailed link stands in for the password, not for the second step.
        Ok(Some(self.signed_in(&user).await?))
    }
}

#[async_trait::async_trait]
impl ports::Invitations for DbAccounts {
    #[tracing::instrument(skip_all)]
    async fn invite(
        &self,
        actor: &CurrentUser,
        people: Vec<Invitee>,
        role: Role,
    ) -> Result<InviteReport> {
        self.send_invitations(actor, people, role, None).await
    }

    #[tracing::instrument(skip_all)]
    async fn invite_applicants(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
    ) -> Result<InviteReport> {
        let (cycle, program) = crate::programs::cycle_with_program(&self.db, cycle_id).await?;
        let applicants = application::Entity::find()
            .filter(application::Column::CycleId.eq(cycle.id))
            .find_also_related(app_user::Entity)
            .all(&self.db)
            .await?;
        let people: Vec<Invitee> = applicants
            .into_iter()
            .filter_map(|(_, user)| user)
            .filter(|user| account_state(user) != AccountState::Verified)
            .map(|user| Invitee {
                name: Some(user.name),
                email: user.email,
            })
            .collect();
        let context = format!(
            "You applied to {}, {}: your application is there, and so will your peer and your shared \
             workspace be once pairs are published.",
            program.name, cycle.name
        );
        self.send_invitations(actor, people, Role::Member, Some(context))
            .await
    }
}
