//! Sessions, passwords and the rate limit on guessing, on the server.

use crate::{
    db::{auth_failure, session, user},
    error::AppError,
    people::types::AccountStatus,
    policy::Actor,
    state::{AppState, Settings},
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
use tokio::sync::Semaphore;

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

/// `bytes` random bytes written as hex, for names the server makes up.
pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the operating system has no random source");
    hex(&buffer)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What is stored instead of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
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
    let now = Utc::now();
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(&state.db)
        .await?;
    let token = new_token();
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

/// The address the request came from: the last entry a trusted proxy added to
/// `X-Forwarded-For`, or else the connecting address.
pub fn client_address(parts: &http::request::Parts, settings: &Settings) -> String {
    let forwarded = settings
        .trust_forwarded_for
        .then(|| parts.headers.get_all("x-forwarded-for").iter().next_back())
        .flatten()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty());
    forwarded.unwrap_or_else(|| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_string(), |info| info.0.ip().to_string())
    })
}

/// Refuses with `RateLimited` once `subject` has more than `limit` recent failures in `scope`
/// (the attempt being checked was already counted).
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
    if recent > limit {
        Err(AppError::RateLimited)
    } else {
        Ok(())
    }
}

/// Counts a failed attempt and returns its id; attempts too old to count are forgotten.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
) -> Result<i64, AppError> {
    let now = Utc::now();
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::CreatedAt.lt(now - FAILURE_WINDOW))
        .exec(db)
        .await?;
    let subject: String = subject.chars().take(254).collect();
    let attempt = auth_failure::ActiveModel {
        scope: Set(scope.to_string()),
        subject: Set(subject),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(attempt.id)
}

/// Forgets the failed attempts of a subject.
async fn forget_failures(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
) -> Result<(), AppError> {
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::Scope.eq(scope))
        .filter(auth_failure::Column::Subject.eq(subject))
        .exec(db)
        .await?;
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

    fn parts(forwarded: Option<&str>) -> http::request::Parts {
        let mut request = http::Request::builder();
        if let Some(forwarded) = forwarded {
            request = request.header("x-forwarded-for", forwarded);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(axum::extract::ConnectInfo(SocketAddr::from((
                [10, 0, 0, 1],
                4000,
            ))));
        parts
    }

    fn settings(trust_forwarded_for: bool) -> Settings {
        Settings {
            public_url: None,
            data_dir: "data".into(),
            trust_forwarded_for,
        }
    }

    #[test]
    fn the_client_is_the_proxy_unless_the_proxy_is_trusted() {
        let request = parts(Some("203.0.113.9, 198.51.100.7"));
        assert_eq!(client_address(&request, &settings(false)), "10.0.0.1");
        assert_eq!(client_address(&request, &settings(true)), "198.51.100.7");
        assert_eq!(client_address(&parts(None), &settings(true)), "10.0.0.1");
    }

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
