//! Sessions, passwords and the rate limit on guessing, on the server.

mod devices;
mod limits;
mod passwords;

pub use devices::*;
pub use limits::*;
pub use passwords::*;

use crate::{
    clock,
    db::{session, user},
    error::AppError,
    people::types::AccountStatus,
    policy::Actor,
    shell::TIME_ZONE_COOKIE,
    state::AppState,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{Duration, Utc};
use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::use_context;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, prelude::*,
};
use sha2::{Digest, Sha256};

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "wellspring_session";
const SESSION_LIFETIME: Duration = Duration::days(30);
/// The signed-in person calling a server function, with the shared state.
pub struct Caller {
    pub state: AppState,
    pub user: user::Model,
}

impl Caller {
    pub fn actor(&self) -> Actor {
        Actor::of(&self.user)
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }
}

/// The shared state, provided by the server to every render and server function. A resource that
/// outlives its request (the page already redirected, say) finds none and gets an error, not a panic.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::warn!("no application state: the request has already ended");
        AppError::Internal
    })
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
    let state = app_state()?;
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
    cookie(headers, SESSION_COOKIE)
}

/// The active person whose unexpired session the request carries.
pub async fn user_from_headers(
    db: &impl ConnectionTrait,
    headers: &HeaderMap,
) -> Result<Option<user::Model>, AppError> {
    match cookie_token(headers) {
        Some(token) => user_from_token(db, &token).await,
        None => Ok(None),
    }
}

/// The active person whose unexpired session this token is.
pub async fn user_from_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<user::Model>, AppError> {
    let Some(session) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
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
/// The browser becomes one of the person's known browsers.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let parts = request_parts()?;
    remember_device(state, &parts.headers, user_id).await?;
    remember_zone(&state.db, &parts.headers, user_id).await?;
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

/// Keeps the time zone the person's browser names, so what is sent on a day of theirs goes when
/// that day begins where they are; a browser that names none, or an unknown one, changes nothing.
async fn remember_zone(
    db: &impl ConnectionTrait,
    headers: &HeaderMap,
    person: i64,
) -> Result<(), AppError> {
    let Some(zone) = cookie(headers, TIME_ZONE_COOKIE).filter(|name| clock::zone(name).is_some())
    else {
        return Ok(());
    };
    user::Entity::update_many()
        .col_expr(user::Column::TimeZone, Expr::value(zone.clone()))
        .filter(user::Column::Id.eq(person))
        .filter(user::Column::TimeZone.ne(zone))
        .exec(db)
        .await?;
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
}
