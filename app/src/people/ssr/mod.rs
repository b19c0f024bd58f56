//! Queries and changes about people, on the server.

mod directory;
mod experts;
mod follows;
mod invites;
mod profiles;
mod suggestions;

pub use directory::*;
pub use experts::*;
pub use follows::*;
pub use invites::*;
pub use profiles::*;
pub use suggestions::*;

use super::types::{AccountStatus, Me, PersonRef, PersonSummary, Role};
use crate::{db::user, error::AppError};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

/// A new account with only the essentials filled in; callers set the rest before inserting.
pub fn new_account(
    email: String,
    name: String,
    role: Role,
    status: AccountStatus,
    password_hash: Option<String>,
) -> user::ActiveModel {
    let now = Utc::now();
    user::ActiveModel {
        email: Set(email),
        name: Set(name),
        title: Set(String::new()),
        department: Set(String::new()),
        location: Set(String::new()),
        start_date: Set(None),
        manager_id: Set(None),
        bio: Set(String::new()),
        avatar: Set(None),
        role: Set(role),
        status: Set(status),
        password_hash: Set(password_hash),
        created_at: Set(now),
        updated_at: Set(now),
        time_zone: Set(String::new()),
        ..Default::default()
    }
}

/// The account with this id, whatever its status.
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub fn avatar_url(avatar: &Option<String>) -> Option<String> {
    avatar.as_ref().map(|file| format!("/media/avatars/{file}"))
}

pub fn me(user: &user::Model, live_after: i64, unread_notifications: i64) -> Me {
    Me {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role,
        avatar_url: avatar_url(&user.avatar),
        live_after,
        unread_notifications,
    }
}

pub fn summary(user: &user::Model) -> PersonSummary {
    PersonSummary {
        id: user.id,
        name: user.name.clone(),
        title: user.title.clone(),
        department: user.department.clone(),
        location: user.location.clone(),
        avatar_url: avatar_url(&user.avatar),
        role: user.role,
        status: user.status,
    }
}

fn person_ref(user: &user::Model) -> PersonRef {
    PersonRef {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
    }
}
