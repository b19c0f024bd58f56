//! Server functions for the bell and the notification page.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the caller's notifications, newest first, after `after`.
#[server(endpoint = "list_notifications")]
pub async fn list_notifications(after: Option<NoticeCursor>) -> Result<NoticePage, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::page(caller.db(), caller.actor(), after).await
}

/// How many of the caller's notifications are unread (at most 99).
#[server(endpoint = "unread_notifications")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::unread(caller.db(), caller.actor()).await
}

/// Marks one of the caller's notifications read.
#[server(endpoint = "mark_notification_read")]
pub async fn mark_notification_read(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::mark_read(&caller.state, caller.actor(), Some(id)).await
}

/// Marks all of the caller's notifications read.
#[server(endpoint = "mark_all_notifications_read")]
pub async fn mark_all_notifications_read() -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::mark_read(&caller.state, caller.actor(), None).await
}
