//! Argon2id password hashing. Hashing takes tens of milliseconds of CPU, so it runs on the blocking pool,
//! never on the async workers.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{Error, Result};

/// Hashes a password with a fresh salt into a PHC string.
///
/// # Errors
/// Hashing failed (out of memory) or the blocking task panicked.
pub async fn hash(password: &str) -> Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
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
    Ok(tokio::task::spawn_blocking(move || verify_now(&password, &phc)).await?)
}

/// Spends the time of one verification without a real hash, so that an unknown email takes as long to refuse
/// as a wrong password.
///
/// # Errors
/// The blocking task panicked.
pub async fn waste_verification(password: &str) -> Result<()> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let _ = hash_now(&password);
    })
    .await?;
    Ok(())
}

fn hash_now(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Hash(e.to_string()))
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

    #[tokio::test]
    async fn a_malformed_hash_never_matches() {
        assert!(!verify("anything at all", "not-a-phc-string")
            .await
            .expect("verify"));
    }
}
