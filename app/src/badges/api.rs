//! Server functions for badges; the server checks who may do what (`ssr::may_manage`).

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Every badge the reader sees, with how many hold it.
#[server(endpoint = "list_badges")]
pub async fn list_badges() -> Result<Vec<BadgeSummary>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::list(caller.db(), caller.actor()).await
}

/// Where the reader may make badges (the company, their groups) and the courses a rule may name.
#[server(endpoint = "badge_making")]
pub async fn badge_making() -> Result<BadgeChoices, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::making(caller.db(), caller.actor()).await
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
    let id = super::ssr::create(caller.db(), caller.actor(), badge).await?;
    leptos_axum::redirect(&format!("/badges/{id}"));
    Ok(id)
}

/// Awards a badge to the person with this email, saying why.
#[server(endpoint = "award_badge")]
pub async fn award_badge(id: i64, email: String, note: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::award(caller.db(), caller.actor(), id, &email, &note).await
}

/// Takes an award back, saying why; it stays listed as revoked.
#[server(endpoint = "revoke_award")]
pub async fn revoke_award(id: i64, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::revoke(caller.db(), caller.actor(), id, &reason).await
}

/// Awards a rule's badge to everyone who already meets its rule; answers how many got it now.
#[server(endpoint = "award_qualified_badge")]
pub async fn award_qualified_badge(id: i64) -> Result<usize, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::award_qualified(caller.db(), caller.actor(), id).await
}

/// The badges a person was awarded, newest first, revoked ones included.
#[server(endpoint = "person_badges")]
pub async fn person_badges(id: i64) -> Result<Vec<Award>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::of_person(caller.db(), caller.actor(), id).await
}
