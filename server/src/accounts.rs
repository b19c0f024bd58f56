//! Accounts made from the command line rather than by invitation.

use app::{
    auth::ssr::hash_password,
    db::user,
    error::AppError,
    people::{
        types::{AccountStatus, Role},
        validate,
    },
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};

/// Whether anybody has an account yet.
pub async fn any_accounts(db: &DatabaseConnection) -> Result<bool, AppError> {
    Ok(user::Entity::find().count(db).await? > 0)
}

/// Creates an active admin account with a password, as an operator would for a new installation.
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: String,
) -> Result<user::Model, AppError> {
    let email = validate::email(email)?;
    let name = validate::name(name)?;
    validate::new_password(&password, &password)?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .is_some();
    if taken {
        return Err(AppError::Conflict(format!(
            "{email} already has an account."
        )));
    }
    let now = Utc::now();
    Ok(user::ActiveModel {
        email: Set(email),
        name: Set(name),
        title: Set(String::new()),
        department: Set(String::new()),
        location: Set(String::new()),
        start_date: Set(None),
        manager_id: Set(None),
        bio: Set(String::new()),
        avatar: Set(None),
        role: Set(Role::Admin),
        status: Set(AccountStatus::Active),
        password_hash: Set(Some(hash_password(password).await?)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}
