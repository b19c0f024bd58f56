//! Known browsers: a long-lived cookie set when a person signs in. Guessing at a person's email from
//! elsewhere slows that email down, but never a browser its owner already uses.

use super::{PER_DEVICE, new_token, recent_failures, set_cookie, token_hash};
use crate::{db::known_device, error::AppError, state::AppState};
use chrono::{Duration, Utc};
use http::{HeaderMap, header};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, prelude::*,
};

/// The cookie that names a known browser.
pub const DEVICE_COOKIE: &str = "wellspring_device";
const DEVICE_LIFETIME: Duration = Duration::days(365);

/// The value of the cookie `name` in the request, if any.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.to_string())
}

/// The hash of this browser's device token when it is a known browser of `person` that has not
/// failed to sign in too often lately.
pub async fn known_device(
    db: &impl ConnectionTrait,
    headers: &HeaderMap,
    person: i64,
) -> Result<Option<String>, AppError> {
    let Some(token) = cookie(headers, DEVICE_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let known = is_known(db, &hash, person).await?
        && recent_failures(db, &PER_DEVICE, &hash).await? < PER_DEVICE.free;
    Ok(known.then_some(hash))
}

/// Whether the device token hashed as `hash` names an unexpired known browser of `person`.
async fn is_known(db: &impl ConnectionTrait, hash: &str, person: i64) -> Result<bool, AppError> {
    Ok(known_device::Entity::find()
        .filter(known_device::Column::TokenHash.eq(hash))
        .filter(known_device::Column::UserId.eq(person))
        .filter(known_device::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .is_some())
}

/// Makes this browser a known browser of `person`, unless it already is.
pub async fn remember_device(
    state: &AppState,
    headers: &HeaderMap,
    person: i64,
) -> Result<(), AppError> {
    let now = Utc::now();
    if let Some(token) = cookie(headers, DEVICE_COOKIE)
        && is_known(&state.db, &token_hash(&token), person).await?
    {
        return Ok(());
    }
    known_device::Entity::delete_many()
        .filter(known_device::Column::UserId.eq(person))
        .filter(known_device::Column::ExpiresAt.lte(now))
        .exec(&state.db)
        .await?;
    let token = new_token();
    known_device::ActiveModel {
        user_id: Set(person),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + DEVICE_LIFETIME),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    set_cookie(
        &format!(
            "{DEVICE_COOKIE}={token}; Max-Age={}",
            DEVICE_LIFETIME.num_seconds()
        ),
        state.settings.secure_cookies(),
    );
    Ok(())
}
