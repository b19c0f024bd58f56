//! Password hashing, and checking an email and password.

use super::{
    Attempts, PER_CLIENT, PER_DEVICE, PER_EMAIL, client_address, known_device, request_parts,
};
use crate::{db::user, error::AppError, people::types::AccountStatus, state::AppState};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::sync::{
    LazyLock,
    atomic::{AtomicU64, Ordering},
};
use tokio::sync::Semaphore;

fn new_salt() -> SaltString {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system has no random source");
    SaltString::encode_b64(&bytes).expect("16 bytes make a valid salt")
}

/// Password hashes computed at once. Each takes about 19 MiB and most of a core, so a burst of
/// sign-ins waits its turn instead of exhausting memory.
static HASHING: Semaphore = Semaphore::const_new(4);

/// Runs password hashing work off the async threads, a few at a time.
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Internal)
}

/// An argon2id hash of the password.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    hashing(move || {
        Argon2::default()
            .hash_password(password.as_bytes(), &new_salt())
            .map(|hash| hash.to_string())
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Passwords checked since the process started: one for every answer to a sign-in, whatever the
/// email, which is how the tests see that no answer is cheaper than another.
static PASSWORD_CHECKS: AtomicU64 = AtomicU64::new(0);

/// How many passwords this process has checked.
pub fn password_checks() -> u64 {
    PASSWORD_CHECKS.load(Ordering::Relaxed)
}

/// Checks a password against a stored hash. Without a hash it still does the work of one, so that
/// an unknown email takes as long to refuse as a wrong password.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
    PASSWORD_CHECKS.fetch_add(1, Ordering::Relaxed);
    static DECOY: LazyLock<String> = LazyLock::new(|| {
        Argon2::default()
            .hash_password(b"decoy password", &new_salt())
            .expect("hashing a constant succeeds")
            .to_string()
    });
    hashing(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DECOY.clone());
        let matches = PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        });
        known && matches
    })
    .await
}

/// Checks an email and password. Every answer but a refusal to try costs one password hash, so
/// how long it takes never tells whether an email has an account.
///
/// A browser the person has signed in from before, and that has not failed lately, is only
/// counted against itself: whoever guesses at the email elsewhere cannot lock its owner out. Any
/// other browser is counted against its client address and the email, and waits once they have
/// failed too often.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: String,
) -> Result<user::Model, AppError> {
    let db = &state.db;
    let parts = request_parts()?;
    let email = crate::people::validate::email(email).ok();
    let account = match &email {
        Some(email) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .filter(user::Column::Status.eq(AccountStatus::Active))
                .one(db)
                .await?
        }
        None => None,
    };
    let device = match &account {
        Some(account) => known_device(db, &parts.headers, account.id).await?,
        None => None,
    };
    let mut attempts = Attempts::default();
    match &device {
        Some(device) => attempts.try_one(db, &PER_DEVICE, device).await?,
        None => {
            let client = client_address(&parts, &state.settings);
            attempts.try_one(db, &PER_CLIENT, &client).await?;
            if let Some(email) = &email {
                attempts.try_one(db, &PER_EMAIL, email).await?;
            }
        }
    }
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let matches = verify_password(password, hash).await?;
    match account {
        Some(account) if matches => {
            attempts.strike_off(db).await?;
            Ok(account)
        }
        _ => Err(AppError::BadCredentials),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("decoy password".into(), None)
                .await
                .unwrap()
        );
    }
}
