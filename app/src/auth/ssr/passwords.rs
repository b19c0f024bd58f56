//! Password hashing, and checking an email and password.

use super::{
    LIMIT_PER_CLIENT, SIGN_IN_LIMIT_PER_EMAIL, check_rate, client_address, forget_failures,
    record_failure, request_parts,
};
use crate::{
    db::{auth_failure, user},
    error::AppError,
    people::types::AccountStatus,
    state::AppState,
};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::sync::LazyLock;
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

/// Checks a password against a stored hash. Without a hash it still does the work of one, so that
/// an unknown email takes as long to refuse as a wrong password.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
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

/// Checks an email and password. Every attempt is counted as a failure before the password is
/// checked, so a burst of parallel guesses cannot slip under the limit, and forgotten on success.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: String,
) -> Result<user::Model, AppError> {
    let db = &state.db;
    let client = client_address(&request_parts()?, &state.settings);
    let client_attempt = record_failure(db, "client", &client).await?;
    check_rate(db, "client", &client, LIMIT_PER_CLIENT).await?;
    let Ok(email) = crate::people::validate::email(email) else {
        return Err(AppError::BadCredentials);
    };
    record_failure(db, "sign_in", &email).await?;
    check_rate(db, "sign_in", &email, SIGN_IN_LIMIT_PER_EMAIL).await?;

    let account = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .one(db)
        .await?;
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    match account {
        Some(account) if verify_password(password, hash).await? => {
            forget_failures(db, "sign_in", &email).await?;
            auth_failure::Entity::delete_by_id(client_attempt)
                .exec(db)
                .await?;
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
