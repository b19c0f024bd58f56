//! Server functions for the knowledge library.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The categories the caller may open and the newest items in them, a page at a time: `after` is
/// the last item of the page before.
#[server(endpoint = "library_shelf")]
pub async fn library_shelf(
    category: Option<i64>,
    kind: Option<ItemKind>,
    after: Option<i64>,
) -> Result<Shelf, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::shelf(caller.db(), caller.actor(), category, kind, after).await
}

/// Reviews waiting for the caller, items due for review, and the caller's own drafts and flagged
/// items, a page of each at a time: each argument is the last item of that part's page before.
#[server(endpoint = "library_desk")]
pub async fn library_desk(
    to_review: Option<i64>,
    needs_review: Option<i64>,
    mine: Option<i64>,
    flagged: Option<i64>,
) -> Result<Desk, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let after = DeskCursors {
        to_review,
        needs_review,
        mine,
        flagged,
    };
    super::ssr::desk(caller.db(), caller.actor(), after).await
}

/// Makes a category, or changes one when `id` is given (admins).
#[server(endpoint = "save_category")]
pub async fn save_category(id: Option<i64>, category: CategoryFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::save_category(caller.db(), caller.actor(), id, &category).await
}

/// An item's page.
#[server(endpoint = "get_item")]
pub async fn get_item(id: i64) -> Result<Item, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::item_page(caller.db(), caller.actor(), id).await
}

/// Starts a draft, then opens it.
#[server(endpoint = "create_item")]
pub async fn create_item(item: ItemFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let id = super::ssr::create_item(caller.db(), caller.actor(), &item).await?;
    leptos_axum::redirect(&format!("/library/items/{id}"));
    Ok(id)
}

/// Saves an edit as the item's next version.
#[server(endpoint = "edit_item")]
pub async fn edit_item(id: i64, item: ItemFields) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::edit_item(caller.db(), caller.actor(), id, &item).await
}

/// Sends a draft to the experts of its topic.
#[server(endpoint = "submit_item")]
pub async fn submit_item(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::submit_item(caller.db(), caller.actor(), id).await
}

/// An expert approves, sends back, or confirms the version of an item they saw.
#[server(endpoint = "review_item")]
pub async fn review_item(
    id: i64,
    decision: ReviewDecision,
    comment: String,
    version: i32,
) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::review_item(caller.db(), caller.actor(), id, decision, &comment, version).await
}

/// Archives an item, or brings it back as a draft.
#[server(endpoint = "archive_item")]
pub async fn archive_item(id: i64, archived: bool) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::archive_item(caller.db(), caller.actor(), id, archived).await
}

/// An item's saved versions, newest first.
#[server(endpoint = "item_versions")]
pub async fn item_versions(id: i64) -> Result<Vec<Version>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::versions(caller.db(), caller.actor(), id).await
}

/// Makes an earlier version the newest again.
#[server(endpoint = "restore_version")]
pub async fn restore_version(id: i64, number: i32) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::restore_version(caller.db(), caller.actor(), id, number).await
}

/// Marks an item helpful or outdated, or takes that back.
#[server(endpoint = "item_feedback")]
pub async fn item_feedback(
    id: i64,
    kind: FeedbackKind,
    on: bool,
    note: String,
) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::give_feedback(caller.db(), caller.actor(), id, kind, on, &note).await
}

/// Marks an outdated flag as dealt with.
#[server(endpoint = "resolve_flag")]
pub async fn resolve_flag(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::resolve_flag(caller.db(), caller.actor(), id).await
}
