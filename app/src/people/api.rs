//! Server functions for the directory, profiles and account administration.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the people directory, filtered. Admins may include every account status.
#[server(endpoint = "list_people")]
pub async fn list_people(
    text: String,
    department: String,
    location: String,
    skill: String,
    every_status: bool,
    after: Option<String>,
) -> Result<PeoplePage, AppError> {
    use super::ssr::{DirectoryFilter, list};
    let caller = crate::auth::ssr::caller().await?;
    if every_status {
        crate::policy::manage_people(caller.actor())?;
    }
    let filter = DirectoryFilter {
        text,
        department,
        location,
        skill,
        every_status,
    };
    list(caller.db(), &filter, after.as_deref()).await
}

/// The values the directory can be filtered by.
#[server(endpoint = "directory_facets")]
pub async fn directory_facets() -> Result<Facets, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::facets(caller.db()).await
}

/// A person's whole profile.
#[server(endpoint = "get_person")]
pub async fn get_person(id: i64) -> Result<Person, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::profile(caller.db(), caller.actor(), id).await
}

/// Saves a profile: one's own, or anyone's for an admin.
#[server(endpoint = "update_profile")]
pub async fn update_profile(id: i64, profile: ProfileFields) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::edit_profile(caller.actor(), id)?;
    super::ssr::update_profile(caller.db(), id, profile).await?;
    leptos_axum::redirect(&format!("/people/{id}"));
    Ok(())
}

/// Invites one person and returns the link to give them.
#[server(endpoint = "invite_person")]
pub async fn invite_person(person: InviteFields) -> Result<Invitation, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::manage_people(caller.actor())?;
    super::ssr::invite_one(&caller.state, caller.actor(), person).await
}

/// Invites everyone in a CSV file and reports, row by row, what happened.
#[server(endpoint = "import_people")]
pub async fn import_people(csv: String) -> Result<ImportReport, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::manage_people(caller.actor())?;
    super::ssr::import_csv(&caller.state, caller.actor(), &csv).await
}

/// A fresh invitation link for someone who has not joined yet.
#[server(endpoint = "renew_invite")]
pub async fn renew_invite(id: i64) -> Result<Invitation, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::manage_people(caller.actor())?;
    super::ssr::renew_invite(&caller.state, caller.actor(), id).await
}

/// Makes someone an admin or a member.
#[server(endpoint = "set_role")]
pub async fn set_role(id: i64, role: Role) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::change_role(caller.actor(), id)?;
    super::ssr::set_role(caller.db(), id, role).await
}

/// Sets the topics someone is a subject-matter expert in (comma-separated).
#[server(endpoint = "set_expertise")]
pub async fn set_expertise(id: i64, topics: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::manage_people(caller.actor())?;
    super::ssr::set_expertise(caller.db(), id, &topics).await
}

/// Deactivates someone: they are signed out everywhere and can no longer sign in.
#[server(endpoint = "deactivate_person")]
pub async fn deactivate_person(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::deactivate(caller.actor(), id)?;
    super::ssr::set_active(caller.db(), id, false).await
}

/// Gives a deactivated person their account back.
#[server(endpoint = "reactivate_person")]
pub async fn reactivate_person(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    crate::policy::deactivate(caller.actor(), id)?;
    super::ssr::set_active(caller.db(), id, true).await
}

/// Starts (`follow`) or stops following someone; answers with their counts as the caller now sees them.
#[server(endpoint = "follow_person")]
pub async fn follow_person(id: i64, follow: bool) -> Result<Follows, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::set_following(&caller.state, caller.actor(), id, follow).await
}

/// One page of someone's followers, or of the people they follow.
#[server(endpoint = "list_follows")]
pub async fn list_follows(
    id: i64,
    side: FollowSide,
    after: Option<i64>,
) -> Result<FollowPage, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::follow_list(caller.db(), caller.actor(), id, side, after).await
}

/// Who can help with a topic, ranked by the evidence the caller may see, each with the reasons.
#[server(endpoint = "find_experts")]
pub async fn find_experts(topic: String) -> Result<Vec<Expert>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::experts(caller.db(), &caller.state.search, caller.actor(), &topic).await
}

/// People like the caller (a cohort, a team, a start date, what they know and learn) to follow.
#[server(endpoint = "suggest_people")]
pub async fn suggest_people() -> Result<Vec<Suggestion>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::suggestions(caller.db(), caller.actor()).await
}

/// Stops suggesting someone to the caller.
#[server(endpoint = "dismiss_suggestion")]
pub async fn dismiss_suggestion(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::dismiss(caller.db(), caller.actor(), id).await
}
