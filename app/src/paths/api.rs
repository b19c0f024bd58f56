//! Server functions for learning paths.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The paths assigned to the caller, with progress, next step and due date.
#[server(endpoint = "my_learning")]
pub async fn my_learning() -> Result<Vec<Assigned>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::my_learning(caller.db(), caller.actor()).await
}

/// The paths the caller looks after: all of them for admins, their groups' for facilitators.
#[server(endpoint = "list_paths")]
pub async fn list_paths() -> Result<Vec<PathCard>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::list_paths(caller.db(), caller.actor()).await
}

/// A path with its steps as the caller stands on them.
#[server(endpoint = "get_path")]
pub async fn get_path(id: i64) -> Result<PathPage, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::path_page(caller.db(), caller.actor(), id).await
}

/// Starts a path, then opens it.
#[server(endpoint = "create_path")]
pub async fn create_path(path: PathFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let id = super::ssr::create_path(caller.db(), caller.actor(), &path).await?;
    leptos_axum::redirect(&format!("/paths/{id}"));
    Ok(id)
}

/// Adds a step at the end of a path.
#[server(endpoint = "add_step")]
pub async fn add_step(path: i64, step: StepFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::add_step(caller.db(), caller.actor(), path, &step).await
}

/// Removes a step from its path.
#[server(endpoint = "remove_step")]
pub async fn remove_step(step: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::remove_step(caller.db(), caller.actor(), step).await
}

/// Moves a step one place earlier (or later) in its path.
#[server(endpoint = "move_step")]
pub async fn move_step(step: i64, earlier: bool) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::move_step(caller.db(), caller.actor(), step, earlier).await
}

/// Assigns a path to a person, a group's members, or everyone a rule matches.
#[server(endpoint = "assign_path")]
pub async fn assign_path(path: i64, assignment: AssignmentFields) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::assign(caller.db(), caller.actor(), path, &assignment).await
}

/// Withdraws an assignment.
#[server(endpoint = "unassign_path")]
pub async fn unassign_path(assignment: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::unassign(caller.db(), caller.actor(), assignment).await
}

/// Marks a "read and acknowledge" or link step done.
#[server(endpoint = "mark_step")]
pub async fn mark_step(step: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::mark_step(caller.db(), caller.actor(), step).await
}

/// A path's progress across its assignees: the rows most behind first, and the totals.
#[server(endpoint = "path_progress")]
pub async fn path_progress(path: i64, filter: ProgressFilter) -> Result<ProgressReport, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::progress(caller.db(), caller.actor(), path, &filter, Some(ROWS_SHOWN)).await
}

/// Names the badge completing a path earns (none: `badge` empty); answers how many who had
/// completed it already were awarded it now.
#[server(endpoint = "set_path_badge")]
pub async fn set_path_badge(id: i64, badge: String) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let badge = match badge.trim() {
        "" => None,
        chosen => Some(
            chosen
                .parse()
                .map_err(|_| AppError::invalid("Choose a badge from the list."))?,
        ),
    };
    let awarded = super::ssr::set_badge(caller.db(), caller.actor(), id, badge).await?;
    Ok(awarded as i64)
}

/// Awards a path's badge to everyone who has completed it and does not hold it; answers how many.
#[server(endpoint = "award_path_badge")]
pub async fn award_path_badge(id: i64) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let awarded = super::ssr::award_qualified(caller.db(), caller.actor(), id).await?;
    Ok(awarded as i64)
}
