//! Sessions: opening one, resolving a cookie to its person, and the owner's list with sign-out per session.
//! A session ends at the first of two limits (ASVS 3.3): its absolute lifetime after sign-in, and an idle time
//! without any request. Its last use is written at most once a minute, so a busy page costs no extra writes.

use app::api::ports;
use app::types::{AccountSession, AccountSessionId, CurrentUser, UserId};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::accounts::{current_user, DbAccounts};
use super::token;
use crate::db::entities::{app_user, session};
use crate::error::Result;

/// How long sessions last (from `SHOULDER_SESSION_HOURS` and `SHOULDER_SESSION_IDLE_MINUTES`).
#[derive(Clone, Copy, Debug)]
pub struct SessionLimits {
    pub lifetime: Duration,
    pub idle: Duration,
}

/// A session's last use is rewritten only when older than this.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// What is kept of a browser's `User-Agent`.
const USER_AGENT_MAX: usize = 300;

impl DbAccounts {
    /// Opens a session for `user_id` and drops that user's ended ones.
    pub(super) async fn open_session(&self, user_id: i64) -> Result<app::api::ports::NewSession> {
        let now = Utc::now();
        let token = token::generate();
        session::ActiveModel {
            token_hash: Set(token::digest(&token)),
            user_id: Set(user_id),
            created_at: Set(now),
            expires_at: Set(now + self.sessions.lifetime),
            last_seen_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .filter(self.ended(now))
            .exec(&self.db)
            .await?;
        Ok(app::api::ports::NewSession {
            token,
            max_age_secs: self.sessions.lifetime.num_seconds(),
        })
    }

    /// The user behind a live session token, if any; ended and deleted sessions resolve to `None`. Records
    /// the use, and the browser's `user_agent` on its first request.
    ///
    /// # Errors
    /// Database failures.
    pub async fn user_for_token(
        &self,
        raw_token: &str,
        user_agent: Option<&str>,
    ) -> Result<Option<CurrentUser>> {
        if !token::looks_valid(raw_token) {
            return Ok(None);
        }
        let now = Utc::now();
        let found = session::Entity::find()
            .filter(session::Column::TokenHash.eq(token::digest(raw_token)))
            .filter(self.ended(now).not())
            .find_also_related(app_user::Entity)
            .one(&self.db)
            .await?;
        let Some((session, Some(user))) = found else {
            return Ok(None);
        };
        self.touch(session, user_agent, now).await?;
        let mut user = current_user(user)?;
        user.two_step_required = self.requires_two_step(user.role);
        Ok(Some(user))
    }

    /// Records that `session` was used now (at most once a minute), and its browser if not known yet.
    async fn touch(
        &self,
        session: session::Model,
        user_agent: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let stale = last_use(&session) < now - TOUCH_EVERY;
        let new_agent = session.user_agent.is_none() && user_agent.is_some();
        if !stale && !new_agent {
            return Ok(());
        }
        let mut active: session::ActiveModel = session.into();
        if stale {
            active.last_seen_at = Set(Some(now));
        }
        if new_agent {
            active.user_agent = Set(user_agent.map(|ua| ua.chars().take(USER_AGENT_MAX).collect()));
        }
        active.update(&self.db).await?;
        Ok(())
    }

    /// Sessions past their lifetime, or unused for longer than the idle time.
    fn ended(&self, now: DateTime<Utc>) -> Condition {
        let idle_since = now - self.sessions.idle;
        Condition::any()
            .add(session::Column::ExpiresAt.lte(now))
            .add(session::Column::LastSeenAt.lte(idle_since))
            .add(
                Condition::all()
                    .add(session::Column::LastSeenAt.is_null())
                    .add(session::Column::CreatedAt.lte(idle_since)),
            )
    }
}

#[async_trait::async_trait]
impl ports::AccountSessions for DbAccounts {
    /// The live sessions of `user`, most recently used first; `current_token`'s is marked.
    #[tracing::instrument(skip_all)]
    async fn list_account_sessions(
        &self,
        user: UserId,
        current_token: &str,
    ) -> Result<Vec<AccountSession>> {
        let now = Utc::now();
        let current = token::digest(current_token);
        let mut sessions = session::Entity::find()
            .filter(session::Column::UserId.eq(user.0))
            .filter(self.ended(now).not())
            .order_by_desc(session::Column::Id)
            .all(&self.db)
            .await?;
        sessions.sort_by_key(|s| std::cmp::Reverse(last_use(s)));
        Ok(sessions
            .into_iter()
            .map(|s| AccountSession {
                id: AccountSessionId(s.id),
                device: describe_user_agent(s.user_agent.as_deref()),
                signed_in_at: minute(s.created_at),
                last_used_at: minute(last_use(&s)),
                current: s.token_hash == current,
            })
            .collect())
    }

    /// Ends one of `user`'s sessions; another person's id is treated as unknown.
    #[tracing::instrument(skip_all)]
    async fn end_account_session(&self, user: UserId, id: AccountSessionId) -> Result<()> {
        let deleted = session::Entity::delete_many()
            .filter(session::Column::Id.eq(id.0))
            .filter(session::Column::UserId.eq(user.0))
            .exec(&self.db)
            .await?;
        if deleted.rows_affected == 0 {
            return Err(app::error::AppError::NotFound.into());
        }
        tracing::info!(user = user.0, session = id.0, "session ended by its owner");
        Ok(())
    }
}

fn last_use(session: &session::Model) -> DateTime<Utc> {
    session.last_seen_at.unwrap_or(session.created_at)
}

fn minute(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "Firefox on Android" from a `User-Agent`: the browser and the system, by the tokens browsers send.
fn describe_user_agent(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent else {
        return "Unknown browser".to_owned();
    };
    // Order matters: Edge and Opera also say Chrome, and Chrome also says Safari.
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(token, _)| ua.contains(token))
    .map_or("A browser", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(token, _)| ua.contains(token))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser} on {system}"),
        None => browser.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_are_named_by_what_they_send() {
        let cases = [
            (
                "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0",
                "Firefox on Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
                "Chrome on Linux",
            ),
            ("curl/8.5.0", "A browser"),
        ];
        for (ua, expected) in cases {
            assert_eq!(describe_user_agent(Some(ua)), expected, "{ua}");
        }
        assert_eq!(describe_user_agent(None), "Unknown browser");
    }
}
