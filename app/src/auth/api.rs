//! Server functions for sessions and invitations.

use crate::{
    error::AppError,
    people::types::{InviteState, Me},
};
use leptos::prelude::*;

/// The signed-in person, or nothing when the visitor is signed out.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use crate::people::ssr::me;
    Ok(super::ssr::signed_in()
        .await?
        .map(|caller| me(&caller.user)))
}

/// Signs in with email and password, then goes to `next` (a path on this site) or home.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::*;
    use crate::{
        db::user,
        people::{types::AccountStatus, validate},
    };
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let state = app_state();
    let client = client_address(&request_parts()?);
    let email = email.trim().to_lowercase();
    check_rate(&state.db, "sign_in", &email, SIGN_IN_LIMIT_PER_EMAIL).await?;
    check_rate(&state.db, "client", &client, LIMIT_PER_CLIENT).await?;

    let account = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .one(&state.db)
        .await?;
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let account = match account {
        Some(account) if verify_password(password, hash).await => account,
        _ => {
            record_sign_in_failure(&state.db, &email, &client).await?;
            return Err(AppError::BadCredentials);
        }
    };
    forget_failures(&state.db, "sign_in", &email, None).await?;
    start_session(&state, account.id).await?;
    leptos_axum::redirect(&validate::local_path(next.as_deref()));
    Ok(())
}

/// Signs out of this browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = super::ssr::app_state();
    super::ssr::end_session(&state).await?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// What an invitation link leads to.
#[server(endpoint = "check_invite")]
pub async fn check_invite(token: String) -> Result<InviteState, AppError> {
    let state = super::ssr::app_state();
    crate::people::ssr::invite_state(&state, &token).await
}

/// Accepts an invitation: sets the password, activates the account and signs in.
#[server(endpoint = "accept_invite")]
pub async fn accept_invite(
    token: String,
    password: String,
    confirmation: String,
) -> Result<(), AppError> {
    let state = super::ssr::app_state();
    crate::people::validate::new_password(&password, &confirmation)?;
    let user_id = crate::people::ssr::accept_invite(&state, &token, password).await?;
    super::ssr::start_session(&state, user_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}
