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

/// How the caller wants each kind of notification by email.
#[server(endpoint = "email_settings")]
pub async fn email_settings() -> Result<Vec<EmailChoice>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::mail::email_choices(caller.db(), caller.actor()).await
}

/// Sets how the caller wants one kind of notification by email.
#[server(endpoint = "set_email_choice")]
pub async fn set_email_choice(kind: String, cadence: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let kind = NoticeKind::parse(&kind)
        .ok_or_else(|| AppError::invalid("Choose one of the kinds of notification listed."))?;
    let cadence = Cadence::parse(&cadence)
        .filter(|cadence| Cadence::offered(kind).contains(cadence))
        .ok_or_else(|| AppError::invalid("Choose one of the ways offered for these emails."))?;
    super::mail::set_cadence(caller.db(), caller.actor().id, kind, cadence).await
}

/// Stops one kind of email for whoever an unsubscribe link names; no sign-in needed, the signed
/// token is the authority. The page then says which emails stopped.
#[server(endpoint = "unsubscribe_email")]
pub async fn unsubscribe_email(token: String) -> Result<(), AppError> {
    let state = crate::auth::ssr::app_state()?;
    let kind = super::mail::unsubscribe(&state.db, &token).await?;
    leptos_axum::redirect(&format!("/unsubscribe?done={}", kind.as_str()));
    Ok(())
}

/// The newest emails in the outbox, for admins.
#[server(endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Outbox, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::mail::outbox(caller.db(), caller.actor()).await
}

/// Sets how much of a group reaches the caller: all posts, highlights or off.
#[server(endpoint = "set_group_level")]
pub async fn set_group_level(group: i64, level: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let level = GroupLevel::parse(&level)
        .ok_or_else(|| AppError::invalid("Choose all posts, highlights or off."))?;
    super::ssr::set_group_level(caller.db(), caller.actor(), group, level).await
}
