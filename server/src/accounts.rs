//! Accounts made from the command line rather than by invitation.

use app::{
    auth::ssr::hash_password,
    db::user,
    error::AppError,
    people::{
        ssr::new_account,
        types::{AccountStatus, Role},
        validate,
    },
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
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
    let hash = hash_password(password).await?;
    Ok(
        new_account(email, name, Role::Admin, AccountStatus::Active, Some(hash))
            .insert(db)
            .await?,
    )
}
