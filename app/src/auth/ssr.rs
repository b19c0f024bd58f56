//! Sessions, passwords and the rate limit on guessing, on the server.

use crate::{
    db::{auth_failure, session, user},
    error::AppError,
    people::types::AccountStatus,
    policy::Actor,
    state::AppState,
};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{Duration, Utc};
use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::{expect_context, use_context};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    prelude::*,
};
use sha2::{Digest, Sha256};
use std::{net::SocketAddr, sync::LazyLock};

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "wellspring_session";
const SESSION_LIFETIME: Duration = Duration::days(30);
/// How far back failed attempts count towards the rate limit.
const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// Failed attempts allowed per email address within the window.
pub const SIGN_IN_LIMIT_PER_EMAIL: u64 = 5;
/// Failed sign-ins and invitation guesses allowed per client address within the window.
pub const LIMIT_PER_CLIENT: u64 = 50;

/// The signed-in person calling a server function, with the shared state.
pub struct Caller {
    pub state: AppState,
    pub user: user::Model,
}

impl Caller {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user.id,
            role: self.user.role,
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }
}

/// The shared state, provided by the server to every render and server function.
pub fn app_state() -> AppState {
    expect_context::<AppState>()
}

/// The request being served.
pub fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("server function called without request parts");
        AppError::Internal
    })
}

/// The signed-in person, if any.
pub async fn signed_in() -> Result<Option<Caller>, AppError> {
    let state = app_state();
    let parts = request_parts()?;
    let user = user_from_headers(&state.db, &parts.headers).await?;
    Ok(user.map(|user| Caller { state, user }))
}

/// The signed-in person, or `Unauthorized`.
pub async fn caller() -> Result<Caller, AppError> {
    signed_in().await?.ok_or(AppError::Unauthorized)
}

/// A fresh random token of 256 bits, safe in URLs and cookies.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system has no random source");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored instead of a token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The session token in the request's cookies, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The active person whose unexpired session the request carries.
pub async fn user_from_headers(
    db: &impl ConnectionTrait,
    headers: &HeaderMap,
) -> Result<Option<user::Model>, AppError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let Some(session) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(&token)))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(user::Entity::find_by_id(session.user_id)
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .one(db)
        .await?)
}

/// Starts a new session for the person, ending the one the request came with, and sets the cookie.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let parts = request_parts()?;
    if let Some(old) = cookie_token(&parts.headers) {
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(token_hash(&old)))
            .exec(&state.db)
            .await?;
    }
    let token = new_token();
    let now = Utc::now();
    session::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + SESSION_LIFETIME),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    set_cookie(
        &format!(
            "{SESSION_COOKIE}={token}; Max-Age={}",
            SESSION_LIFETIME.num_seconds()
        ),
        state.settings.secure_cookies(),
    );
    Ok(())
}

/// Ends the request's session, if any, and clears the cookie.
pub async fn end_session(state: &AppState) -> Result<(), AppError> {
    let parts = request_parts()?;
    if let Some(token) = cookie_token(&parts.headers) {
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(token_hash(&token)))
            .exec(&state.db)
            .await?;
    }
    set_cookie(
        &format!("{SESSION_COOKIE}=; Max-Age=0"),
        state.settings.secure_cookies(),
    );
    Ok(())
}

fn set_cookie(value: &str, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{value}; Path=/; HttpOnly; SameSite=Lax{secure}");
    if let (Some(response), Ok(cookie)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        response.append_header(header::SET_COOKIE, cookie);
    }
}

/// Revokes every session of a person, as when they are deactivated.
pub async fn end_all_sessions(db: &impl ConnectionTrait, user_id: i64) -> Result<(), AppError> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

fn new_salt() -> SaltString {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system has no random source");
    SaltString::encode_b64(&bytes).expect("16 bytes make a valid salt")
}

/// An argon2id hash of the password, computed off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes(), &new_salt())
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash. Without a hash it still does the work of one, so that
/// an unknown email takes as long to refuse as a wrong password.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    static DECOY: LazyLock<String> = LazyLock::new(|| {
        Argon2::default()
            .hash_password(b"decoy password", &new_salt())
            .expect("hashing a constant succeeds")
            .to_string()
    });
    tokio::task::spawn_blocking(move || {
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
    .unwrap_or(false)
}

/// The address the request came from.
pub fn client_address(parts: &http::request::Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |info| info.0.ip().to_string())
}

/// Refuses with `RateLimited` once `subject` has `limit` recent failures in `scope`.
pub async fn check_rate(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
    limit: u64,
) -> Result<(), AppError> {
    let recent = auth_failure::Entity::find()
        .filter(auth_failure::Column::Scope.eq(scope))
        .filter(auth_failure::Column::Subject.eq(subject))
        .filter(auth_failure::Column::CreatedAt.gt(Utc::now() - FAILURE_WINDOW))
        .count(db)
        .await?;
    if recent >= limit {
        Err(AppError::RateLimited)
    } else {
        Ok(())
    }
}

/// Counts a failed attempt, and forgets the subject's attempts that no longer count.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
) -> Result<(), AppError> {
    let now = Utc::now();
    forget_failures(db, scope, subject, Some(now - FAILURE_WINDOW)).await?;
    auth_failure::ActiveModel {
        scope: Set(scope.to_string()),
        subject: Set(subject.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Counts a failed sign-in against both the email address and the client address.
pub async fn record_sign_in_failure(
    db: &impl ConnectionTrait,
    email: &str,
    client: &str,
) -> Result<(), AppError> {
    record_failure(db, "sign_in", email).await?;
    record_failure(db, "client", client).await
}

/// Forgets failed attempts of a subject, all of them or those before a time.
pub async fn forget_failures(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
    before: Option<chrono::DateTime<Utc>>,
) -> Result<(), AppError> {
    let mut delete = auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::Scope.eq(scope))
        .filter(auth_failure::Column::Subject.eq(subject));
    if let Some(before) = before {
        delete = delete.filter(auth_failure::Column::CreatedAt.lt(before));
    }
    delete.exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_hashes() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; wellspring_session=abc; b=2"),
        );
        assert_eq!(cookie_token(&headers).as_deref(), Some("abc"));
        assert_eq!(cookie_token(&HeaderMap::new()), None);
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse".into(), Some(hash)).await);
        assert!(!verify_password("decoy password".into(), None).await);
    }
}
