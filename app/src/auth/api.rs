//! Server functions for sessions and invitations.

use crate::{
    error::AppError,
    people::types::{InviteState, Me},
};
use leptos::prelude::*;

/// The signed-in person, or nothing when the visitor is signed out.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let Some(caller) = super::ssr::signed_in().await? else {
        return Ok(None);
    };
    let live_after = crate::db::event::latest(caller.db()).await?;
    let unread = crate::notify::ssr::unread(caller.db(), caller.actor()).await?;
    Ok(Some(crate::people::ssr::me(
        &caller.user,
        live_after,
        unread,
    )))
}

/// Signs in with email and password, then goes to `next` (a path on this site) or home.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::{app_state, authenticate, start_session};
    let state = app_state()?;
    let account = authenticate(&state, &email, password).await?;
    start_session(&state, account.id).await?;
    leptos_axum::redirect(&crate::people::validate::local_path(next.as_deref()));
    Ok(())
}

/// Signs out of this browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = super::ssr::app_state()?;
    super::ssr::end_session(&state).await?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// What an invitation link leads to.
#[server(endpoint = "check_invite")]
pub async fn check_invite(token: String) -> Result<InviteState, AppError> {
    let state = super::ssr::app_state()?;
    crate::people::ssr::invite_state(&state, &token).await
}

/// Accepts an invitation: sets the password, activates the account and signs in.
#[server(endpoint = "accept_invite")]
pub async fn accept_invite(
    token: String,
    password: String,
    confirmation: String,
) -> Result<(), AppError> {
    let state = super::ssr::app_state()?;
    crate::people::validate::new_password(&password, &confirmation)?;
    let user_id = crate::people::ssr::accept_invite(&state, &token, password).await?;
    super::ssr::start_session(&state, user_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}
