//! Several instances on one database: this instance's name, telling the others what changed, and draining.
//!
//! A change (a workshop's timer, a pair's workspace) is first sent to the screens connected to the instance that
//! made it, then announced to the others with PostgreSQL `NOTIFY` on one channel; each instance `LISTEN`s there
//! and fans the change out to its own screens, re-reading what it sends from the database. The payload only says
//! what changed and where it came from, so what each screen may see is still decided in one place. On SQLite there
//! is one instance and nothing to announce.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use app::types::PairId;
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use tokio::sync::watch;

/// The `LISTEN/NOTIFY` channel every instance shares.
const CHANNEL: &str = "shoulder_changes";

/// After losing the listening connection, wait this long before listening again.
const RELISTEN_AFTER: Duration = Duration::from_secs(1);

/// Something screens show that changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A workshop's timer, rounds or attendance.
    Session(i64),
    /// A pair's shared workspace.
    Pair(PairId),
}

impl Change {
    /// `"session 12 from <instance>"`.
    fn payload(self, origin: &str) -> String {
        match self {
            Change::Session(id) => format!("session {id} from {origin}"),
            Change::Pair(id) => format!("pair {id} from {origin}"),
        }
    }

    /// The change and the instance that announced it; `None` for anything else.
    fn parse(payload: &str) -> Option<(Change, &str)> {
        let mut words = payload.splitn(4, ' ');
        let kind = words.next()?;
        let id = words.next()?.parse().ok()?;
        let change = match kind {
            "session" => Change::Session(id),
            "pair" => Change::Pair(PairId(id)),
            _ => return None,
        };
        match (words.next(), words.next()) {
            (Some("from"), Some(origin)) if !origin.is_empty() => Some((change, origin)),
            _ => None,
        }
    }
}

/// What each instance hears from the others.
pub trait Listener: Send + Sync + 'static {
    /// Another instance changed this: tell the screens connected here.
    fn changed(&self, change: Change) -> impl Future<Output = ()> + Send;
    /// Announcements may have been missed (the listening connection dropped): refresh every screen here.
    fn missed(&self) -> impl Future<Output = ()> + Send;
}

/// This instance among the others.
#[derive(Clone)]
pub struct Cluster {
    inner: Arc<Inner>,
}

struct Inner {
    /// Unique across processes and machines: lease holder and origin of announcements.
    name: String,
    db: DatabaseConnection,
    draining: watch::Sender<bool>,
}

impl Cluster {
    pub fn new(db: DatabaseConnection) -> Self {
        Cluster {
            inner: Arc::new(Inner {
                name: crate::lease::holder_name(),
                db,
                draining: watch::channel(false).0,
            }),
        }
    }

    /// This instance's name (a lease holder).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// Whether other instances may share the database (PostgreSQL).
    fn shared(&self) -> bool {
        self.inner.db.get_database_backend() == DatabaseBackend::Postgres
    }

    /// Tells the other instances; a failure is logged, not returned: the change itself is stored, and their
    /// screens catch up at their next event or reconnection.
    pub async fn announce(&self, change: Change) {
        if !self.shared() {
            return;
        }
        let notify = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), change.payload(self.name()).into()],
        );
        if let Err(error) = self.inner.db.execute(notify).await {
            tracing::warn!(%error, ?change, "cannot tell the other instances about a change");
        }
    }

    /// Listens to the other instances for the life of the process (PostgreSQL only).
    pub fn listen(&self, listener: impl Listener) {
        if !self.shared() {
            return;
        }
        let cluster = self.clone();
        tokio::spawn(async move {
            let listener = Arc::new(listener);
            loop {
                if let Err(error) = cluster.listen_once(&listener).await {
                    tracing::warn!(%error, "listening to the other instances failed; listening again");
                }
                listener.missed().await;
                tokio::time::sleep(RELISTEN_AFTER).await;
            }
        });
    }

    /// One listening connection, until it drops.
    async fn listen_once(&self, listener: &Arc<impl Listener>) -> Result<(), sea_orm::sqlx::Error> {
        let pool = self.inner.db.get_postgres_connection_pool();
        let mut connection = PgListener::connect_with(pool).await?;
        connection.listen(CHANNEL).await?;
        // Whatever was announced before this `LISTEN` took effect is unknown: catch every screen up once.
        listener.missed().await;
        while let Some(notification) = connection.try_recv().await? {
            match Change::parse(notification.payload()) {
                Some((_, origin)) if origin == self.name() => {}
                Some((change, _)) => listener.changed(change).await,
                None => tracing::warn!(payload = notification.payload(), "unknown announcement"),
            }
        }
        Ok(())
    }

    /// Starts draining: readiness fails and open event streams close with a hint to reconnect (elsewhere).
    pub fn drain(&self) {
        self.inner.draining.send_replace(true);
    }

    pub fn draining(&self) -> bool {
        *self.inner.draining.borrow()
    }

    /// Resolves once this instance drains (at once if it already does).
    pub fn drained(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut draining = self.inner.draining.subscribe();
        async move {
            // An error means the sender is gone with the whole instance: that is draining too.
            let _ = draining.wait_for(|draining| *draining).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_announcement_names_the_change_and_its_origin() {
        for change in [Change::Session(12), Change::Pair(PairId(7))] {
            let payload = change.payload("4242-00ff");
            assert_eq!(Change::parse(&payload), Some((change, "4242-00ff")));
        }
        assert_eq!(Change::Session(3).payload("a"), "session 3 from a");
    }

    #[test]
    fn anything_else_is_not_a_change() {
        for payload in [
            "",
            "session",
            "session x from a",
            "goal 3 from a",
            "session 3",
            "session 3 to a",
            "session 3 from ",
        ] {
            assert_eq!(Change::parse(payload), None, "{payload:?}");
        }
    }

    #[tokio::test]
    async fn drained_resolves_once_draining_starts() {
        let db = sea_orm::Database::connect("sqlite::memory:")
            .await
            .expect("db");
        let cluster = Cluster::new(db);
        let drained = tokio::spawn(cluster.drained());
        assert!(!cluster.draining());
        cluster.drain();
        tokio::time::timeout(Duration::from_secs(1), drained)
            .await
            .expect("in time")
            .expect("task");
        assert!(cluster.draining());
        // Asked again later, it is already drained.
        tokio::time::timeout(Duration::from_secs(1), cluster.drained())
            .await
            .expect("at once");
    }
}
