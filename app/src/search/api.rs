//! The search server function.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The best matches among posts, library items and people that the caller may open.
#[server(endpoint = "search")]
pub async fn search(query: SearchQuery) -> Result<Results, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::search(caller.db(), &caller.state.search, caller.actor(), &query).await
}
