//! Argon2id password hashing. Hashing takes tens of milliseconds of CPU and 19 MiB of memory, so it runs on
//! the blocking pool, never on the async workers, and at most one hash per core at once ([`HashPool`]): a crowd
//! of sign-ups or sign-ins waits in a bounded line instead of each holding a thread and its memory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;

use app::error::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::Semaphore;

use crate::error::{Failure, Result};

/// Runs hashes on the blocking pool, `slots` at a time, with at most `queue_max` more waiting; beyond that a
/// request is answered 429 ("try again in a second") at once.
pub struct HashPool {
    slots: Semaphore,
    waiting: AtomicUsize,
    queue_max: usize,
}

/// The server's pool: one slot per core, 256 waiting (about five seconds of sign-ins on two cores).
static POOL: LazyLock<HashPool> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    HashPool::new(cores, 256)
});

impl HashPool {
    pub fn new(slots: usize, queue_max: usize) -> Self {
        HashPool {
            slots: Semaphore::new(slots),
            waiting: AtomicUsize::new(0),
            queue_max,
        }
    }

    /// Runs `work` when a slot is free.
    ///
    /// # Errors
    /// `RateLimited` when the line is full; the blocking task panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let permit = {
            let _in_line = InLine::join(&self.waiting, self.queue_max).ok_or_else(|| {
                tracing::warn!("password hashing line is full");
                Failure::from(AppError::RateLimited {
                    retry_after_secs: 1,
                })
            })?;
            self.slots
                .acquire()
                .await
                .map_err(|_| Failure::internal("the hashing pool is closed"))?
        };
        let done = tokio::task::spawn_blocking(work).await?;
        drop(permit);
        Ok(done)
    }
}

/// A place in the line, given back when the wait ends or is abandoned (the client went away).
struct InLine<'a>(&'a AtomicUsize);

impl<'a> InLine<'a> {
    fn join(waiting: &'a AtomicUsize, max: usize) -> Option<Self> {
        waiting
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| InLine(waiting))
    }
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Hashes a password with a fresh salt into a PHC string.
///
/// # Errors
/// Hashing failed (out of memory) or the blocking task panicked.
pub async fn hash(password: &str) -> Result<String> {
    let password = password.to_owned();
    POOL.run(move || hash_now(&password)).await?
}

/// The stored "hash" of an account that has no password yet (imported applicants): nothing verifies
/// against it. They set a password through the reset flow.
pub const NO_PASSWORD: &str = "!none";

/// Whether `password` matches `phc`. A malformed stored hash counts as no match and is logged.
///
/// # Errors
/// The blocking task panicked.
pub async fn verify(password: &str, phc: &str) -> Result<bool> {
    let (password, phc) = (password.to_owned(), phc.to_owned());
    POOL.run(move || verify_now(&password, &phc)).await
}

/// Spends the time of one verification without a real hash, so that an unknown email takes as long to refuse
/// as a wrong password.
///
/// # Errors
/// The blocking task panicked.
pub async fn waste_verification(password: &str) -> Result<()> {
    let password = password.to_owned();
    POOL.run(move || {
        let _ = hash_now(&password);
    })
    .await
}

fn hash_now(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Failure::internal(format!("password hashing: {e}")))
}

fn verify_now(password: &str, phc: &str) -> bool {
    if phc == NO_PASSWORD {
        // Same time as a real verification, so an account without a password is not told apart.
        let _ = hash_now(password);
        return false;
    }
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(error) => {
            tracing::error!(%error, "stored password hash is malformed");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let phc = hash("correct horse battery").await.expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &phc).await.expect("verify"));
        assert!(!verify("correct horse battery!", &phc)
            .await
            .expect("verify"));
    }

    #[tokio::test]
    async fn the_same_password_gets_different_salts() {
        let a = hash("same password here").await.expect("hash");
        let b = hash("same password here").await.expect("hash");
        assert_ne!(a, b);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_line_is_refused_at_once_and_the_rest_wait_their_turn() {
        let pool = std::sync::Arc::new(HashPool::new(1, 2));
        let slow = || std::thread::sleep(std::time::Duration::from_millis(300));
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let pool = pool.clone();
            tasks.push(tokio::spawn(async move { pool.run(slow).await }));
            // In order: the first takes the slot, the next two wait, the fourth finds the line full.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.expect("task").is_ok());
        }
        assert_eq!(outcomes, [true, true, true, false]);
        assert_eq!(
            pool.waiting.load(Ordering::Acquire),
            0,
            "every place was given back"
        );
    }

    #[tokio::test]
    async fn a_malformed_hash_never_matches() {
        assert!(!verify("anything at all", "not-a-phc-string")
            .await
            .expect("verify"));
    }
}
