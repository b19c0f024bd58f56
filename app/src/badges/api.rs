//! Server functions for badges.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Every badge, with how many hold it.
#[server(endpoint = "list_badges")]
pub async fn list_badges() -> Result<Vec<BadgeSummary>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::list(caller.db()).await
}

/// A badge, its criteria and its awards.
#[server(endpoint = "get_badge")]
pub async fn get_badge(id: i64) -> Result<Badge, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::one(caller.db(), caller.actor(), id).await
}

/// Makes a badge; answers with its id and, for a form posted without JavaScript, goes to it.
#[server(endpoint = "create_badge")]
pub async fn create_badge(badge: BadgeFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::manage_badges(caller.actor())?;
    let id = super::ssr::create(caller.db(), caller.actor(), badge).await?;
    leptos_axum::redirect(&format!("/badges/{id}"));
    Ok(id)
}

/// Awards a badge to the person with this email, saying why.
#[server(endpoint = "award_badge")]
pub async fn award_badge(id: i64, email: String, note: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::manage_badges(caller.actor())?;
    super::ssr::award(caller.db(), caller.actor(), id, &email, &note).await
}

/// Takes an award back, saying why; it stays listed as revoked.
#[server(endpoint = "revoke_award")]
pub async fn revoke_award(id: i64, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::manage_badges(caller.actor())?;
    super::ssr::revoke(caller.db(), caller.actor(), id, &reason).await
}

/// The badges a person was awarded, newest first, revoked ones included.
#[server(endpoint = "person_badges")]
pub async fn person_badges(id: i64) -> Result<Vec<Award>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::of_person(caller.db(), caller.actor(), id).await
}
