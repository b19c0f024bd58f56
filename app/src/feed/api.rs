//! Server functions for feeds, posts, comments and reactions.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// One page of a feed, newest first, after the post `after`.
#[server(endpoint = "list_feed")]
pub async fn list_feed(scope: FeedScope, after: Option<i64>) -> Result<FeedPage, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::feed(caller.db(), caller.actor(), scope, after).await
}

/// One post.
#[server(endpoint = "get_post")]
pub async fn get_post(id: i64) -> Result<PostView, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::one(caller.db(), caller.actor(), id).await
}

/// One page of a feed, as the cards the server draws (see `Card`).
#[server(endpoint = "feed_cards")]
pub async fn feed_cards(scope: FeedScope, after: Option<i64>) -> Result<CardPage, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let page = super::ssr::feed(caller.db(), caller.actor(), scope, after).await?;
    let cards = |posts: Vec<PostView>| posts.into_iter().map(super::components::card).collect();
    Ok(CardPage {
        pinned: cards(page.pinned),
        posts: cards(page.posts),
        next: page.next,
        company: page.company,
        groups: page.groups,
        authors: page.authors,
    })
}

/// One post as its card, drawn by the server.
#[server(endpoint = "get_card")]
pub async fn get_card(id: i64) -> Result<Card, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let post = super::ssr::one(caller.db(), caller.actor(), id).await?;
    Ok(super::components::card(post))
}

/// Writes a post in the company feed or a group.
#[server(endpoint = "create_post")]
pub async fn create_post(post: PostFields) -> Result<PostView, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::create(&caller.state, caller.actor(), &post).await
}

/// Changes the words of one's own post.
#[server(endpoint = "edit_post")]
pub async fn edit_post(id: i64, body: String) -> Result<PostView, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::edit(&caller.state, caller.actor(), id, &body).await
}

/// Deletes one's own post. Deleted from the post's own page, which is now gone, the reader is sent
/// where the post was (with or without JavaScript); anywhere else the page stays.
#[server(endpoint = "delete_post")]
pub async fn delete_post(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let group = super::ssr::delete(&caller.state, caller.actor(), id).await?;
    let parts = crate::auth::ssr::request_parts()?;
    let from = parts
        .headers
        .get(http::header::REFERER)
        .and_then(|referer| referer.to_str().ok())
        .map(crate::shell::url_path);
    if from == Some(format!("/posts/{id}").as_str()) {
        leptos_axum::redirect(
            &group.map_or_else(|| "/".to_string(), |group| format!("/groups/{group}")),
        );
    }
    Ok(())
}

/// A post's comments.
#[server(endpoint = "list_comments")]
pub async fn list_comments(post: i64) -> Result<Vec<CommentView>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::comments(caller.db(), caller.actor(), post).await
}

/// Comments on a post, or replies to a comment.
#[server(endpoint = "add_comment")]
pub async fn add_comment(post: i64, parent: Option<i64>, body: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::add_comment(&caller.state, caller.actor(), post, parent, &body).await
}

/// Changes the words of one's own comment.
#[server(endpoint = "edit_comment")]
pub async fn edit_comment(id: i64, body: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::edit_comment(&caller.state, caller.actor(), id, &body).await
}

/// Deletes one's own comment.
#[server(endpoint = "delete_comment")]
pub async fn delete_comment(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::delete_comment(&caller.state, caller.actor(), id).await
}

/// Gives a reaction to a post, or takes it back.
#[server(endpoint = "toggle_reaction")]
pub async fn toggle_reaction(post: i64, reaction: Reaction) -> Result<PostView, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::toggle_reaction(&caller.state, caller.actor(), post, reaction).await
}

/// Marks the accepted answer to a question, or takes the mark back.
#[server(endpoint = "accept_answer")]
pub async fn accept_answer(post: i64, comment: Option<i64>) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::accept_answer(&caller.state, caller.actor(), post, comment).await
}

/// Marks an announcement as read.
#[server(endpoint = "mark_read")]
pub async fn mark_read(post: i64) -> Result<PostView, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::mark_read(&caller.state, caller.actor(), post).await
}
