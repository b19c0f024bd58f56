//! Server functions for groups and their members.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// My groups, my requests, and the groups I could join.
#[server(endpoint = "list_groups")]
pub async fn list_groups() -> Result<GroupLists, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::lists(caller.db(), caller.actor()).await
}

/// A group's page.
#[server(endpoint = "get_group")]
pub async fn get_group(id: i64) -> Result<Group, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let place = super::ssr::place(caller.db(), caller.actor(), id).await?;
    super::ssr::view(caller.db(), caller.actor(), place).await
}

/// Makes a group with the caller as its owner, then opens it.
#[server(endpoint = "create_group")]
pub async fn create_group(group: GroupFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let id = super::ssr::create(&caller.state, caller.actor(), &group).await?;
    leptos_axum::redirect(&format!("/groups/{id}"));
    Ok(id)
}

/// Joins an open group or asks to join a closed one.
#[server(endpoint = "join_group")]
pub async fn join_group(id: i64) -> Result<MemberStatus, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::join(&caller.state, caller.actor(), id).await
}

/// Leaves a group, or withdraws a request to join.
#[server(endpoint = "leave_group")]
pub async fn leave_group(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::leave(&caller.state, caller.actor(), id).await
}

/// A group's members.
#[server(endpoint = "list_members")]
pub async fn list_members(id: i64) -> Result<Vec<Member>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::members(caller.db(), caller.actor(), id).await
}

/// Invites a colleague to a group by email; they join when they accept (facilitators).
#[server(endpoint = "add_member")]
pub async fn add_member(id: i64, email: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::add_member(&caller.state, caller.actor(), id, &email).await
}

/// Approves or declines a request to join (facilitators).
#[server(endpoint = "decide_join")]
pub async fn decide_join(id: i64, person: i64, approve: bool) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::decide_join(&caller.state, caller.actor(), id, person, approve).await
}

/// Changes a member's role (owners and admins).
#[server(endpoint = "set_member_role")]
pub async fn set_member_role(id: i64, person: i64, role: GroupRole) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::set_role(&caller.state, caller.actor(), id, person, role).await
}

/// Saves a group's moderation settings (facilitators).
#[server(endpoint = "update_group_settings")]
pub async fn update_group_settings(id: i64, settings: GroupSettings) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::update_settings(&caller.state, caller.actor(), id, &settings).await
}

/// Mutes a member for some minutes with a reason; 0 minutes lifts the mute (facilitators).
#[server(endpoint = "mute_member")]
pub async fn mute_member(
    id: i64,
    person: i64,
    minutes: i64,
    reason: String,
) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::mute(&caller.state, caller.actor(), id, person, minutes, &reason).await
}

/// Removes a member, and with `block` bars them from coming back (facilitators).
#[server(endpoint = "remove_member")]
pub async fn remove_member(
    id: i64,
    person: i64,
    block: bool,
    reason: String,
) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::remove_member(&caller.state, caller.actor(), id, person, block, &reason).await
}
