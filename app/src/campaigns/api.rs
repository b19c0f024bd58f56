//! Server functions for onboarding campaigns; admins only.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Every campaign, newest first.
#[server(endpoint = "list_campaigns")]
pub async fn list_campaigns() -> Result<Vec<CampaignCard>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::list(caller.db(), caller.actor()).await
}

/// Starts a campaign, then opens it to add its emails.
#[server(endpoint = "create_campaign")]
pub async fn create_campaign(campaign: CampaignFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let id = super::ssr::create(caller.db(), caller.actor(), &campaign).await?;
    leptos_axum::redirect(&format!("/admin/campaigns/{id}"));
    Ok(id)
}

/// A campaign with its emails and their report.
#[server(endpoint = "get_campaign")]
pub async fn get_campaign(id: i64) -> Result<CampaignView, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::view(caller.db(), caller.actor(), id).await
}

/// Adds an email to a campaign.
#[server(endpoint = "add_campaign_step")]
pub async fn add_campaign_step(campaign: i64, step: StepFields) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::add_step(caller.db(), caller.actor(), campaign, &step).await
}

/// Removes an email from a campaign.
#[server(endpoint = "remove_campaign_step")]
pub async fn remove_campaign_step(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::remove_step(caller.db(), caller.actor(), id).await
}

/// Pauses or resumes a campaign.
#[server(endpoint = "pause_campaign")]
pub async fn pause_campaign(id: i64, paused: bool) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::set_paused(caller.db(), caller.actor(), id, paused).await
}

/// An email of a campaign as a given person would get it.
#[server(endpoint = "preview_campaign_step")]
pub async fn preview_campaign_step(step: i64, email: String) -> Result<Preview, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::preview(caller.db(), caller.actor(), step, &email).await
}

/// Sends an email of a campaign to the caller, filled in for them.
#[server(endpoint = "test_campaign_step")]
pub async fn test_campaign_step(step: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::test_send(caller.db(), caller.actor(), step).await
}
