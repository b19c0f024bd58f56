//! Server functions for reports, the queue, moderation decisions and the log.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Approves, rejects, hides, restores or removes a post.
#[server(endpoint = "moderate_post")]
pub async fn moderate_post(id: i64, decision: Decision, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::decide_post(&caller.state, caller.actor(), id, decision, &reason).await
}

/// Hides, restores or removes a comment.
#[server(endpoint = "moderate_comment")]
pub async fn moderate_comment(id: i64, decision: Decision, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::decide_comment(&caller.state, caller.actor(), id, decision, &reason).await
}

/// Pins a post for some days; 0 unpins it.
#[server(endpoint = "pin_post")]
pub async fn pin_post(id: i64, days: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::pin(&caller.state, caller.actor(), id, days).await
}

/// Locks or unlocks a post's comments.
#[server(endpoint = "lock_comments")]
pub async fn lock_comments(id: i64, locked: bool) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::lock(&caller.state, caller.actor(), id, locked).await
}

/// Reports a post or a comment to its moderators.
#[server(endpoint = "report_content")]
pub async fn report_content(
    post: i64,
    comment: Option<i64>,
    reason: String,
) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::report(&caller.state, caller.actor(), post, comment, &reason).await
}

/// What waits for a group's moderators (None: the company feed's, for admins), a page of each kind
/// at a time: `posts_after` and `reports_after` are the last of the pages before.
#[server(endpoint = "moderation_queue")]
pub async fn moderation_queue(
    group: Option<i64>,
    posts_after: Option<i64>,
    reports_after: Option<i64>,
) -> Result<Queue, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let pages = super::ssr::QueuePages {
        posts_after,
        reports_after,
    };
    super::ssr::queue(caller.db(), caller.actor(), group, pages).await
}

/// Claims a report.
#[server(endpoint = "claim_report")]
pub async fn claim_report(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::claim(&caller.state, caller.actor(), id).await
}

/// Resolves a report.
#[server(endpoint = "resolve_report")]
pub async fn resolve_report(id: i64, outcome: Outcome, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::resolve(&caller.state, caller.actor(), id, outcome, &reason).await
}

/// The moderation log of a group (its moderators), or of everything (admins).
#[server(endpoint = "moderation_log")]
pub async fn moderation_log(group: Option<i64>, after: Option<i64>) -> Result<LogPage, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    match group {
        Some(id) => {
            let place = crate::groups::ssr::place(caller.db(), caller.actor(), id).await?;
            crate::policy::moderate_group(caller.actor(), place.policy())?;
        }
        None => crate::policy::moderate_company(caller.actor())?,
    }
    super::ssr::page(caller.db(), group, after).await
}

/// The reports I made and what came of them.
#[server(endpoint = "my_reports")]
pub async fn my_reports() -> Result<Vec<ReportView>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::mine(caller.db(), caller.actor()).await
}
