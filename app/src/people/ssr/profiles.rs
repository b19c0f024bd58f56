//! Profiles, tags, roles and account status.

use super::{find, person_ref, summary};
use crate::{
    auth::ssr::end_all_sessions,
    db::{invite, user, user_tag},
    error::AppError,
    people::{
        types::{AccountStatus, Person, ProfileFields, Role, TagKind},
        validate,
    },
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait, sea_query::Expr,
};

/// A whole profile as `viewer` may see it: members see active people only.
pub async fn profile(
    db: &impl ConnectionTrait,
    viewer: Actor,
    id: i64,
) -> Result<Person, AppError> {
    let user = find(db, id).await?;
    if user.status != AccountStatus::Active && policy::manage_people(viewer).is_err() {
        return Err(AppError::NotFound);
    }
    let manager = match user.manager_id {
        Some(manager_id) => user::Entity::find_by_id(manager_id).one(db).await?,
        None => None,
    };
    let reports = user::Entity::find()
        .filter(user::Column::ManagerId.eq(id))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let tags = user_tag::Entity::find()
        .filter(user_tag::Column::UserId.eq(id))
        .order_by_asc(user_tag::Column::Tag)
        .all(db)
        .await?;
    let of_kind = |kind: TagKind| -> Vec<String> {
        tags.iter()
            .filter(|tag| tag.kind == kind)
            .map(|tag| tag.tag.clone())
            .collect()
    };
    Ok(Person {
        summary: summary(&user),
        email: user.email.clone(),
        start_date: user.start_date.map(|date| date.to_string()),
        manager: manager.as_ref().map(person_ref),
        reports: reports.iter().map(person_ref).collect(),
        bio: user.bio.clone(),
        skills: of_kind(TagKind::Skill),
        interests: of_kind(TagKind::Interest),
        expertise: of_kind(TagKind::Expert),
        editable: policy::edit_profile(viewer, id).is_ok(),
        follows: super::counts(db, viewer, id).await?,
    })
}

/// The account a manager email names: someone invited or active. A person's current manager stays
/// acceptable after being deactivated, so the rest of their profile can still be saved.
pub async fn resolve_manager(
    db: &impl ConnectionTrait,
    email: &str,
    person: Option<&user::Model>,
) -> Result<Option<i64>, AppError> {
    if email.trim().is_empty() {
        return Ok(None);
    }
    let email = validate::email(email).map_err(|_| {
        AppError::invalid(format!(
            "Manager: “{}” is not an email address.",
            email.trim()
        ))
    })?;
    let manager = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let current = person.and_then(|person| person.manager_id);
    match manager {
        Some(manager) if person.is_some_and(|person| person.id == manager.id) => Err(
            AppError::invalid("Manager: people can't be their own manager."),
        ),
        Some(manager)
            if manager.status != AccountStatus::Deactivated || Some(manager.id) == current =>
        {
            Ok(Some(manager.id))
        }
        _ => Err(AppError::invalid(format!(
            "Manager: nobody with the email {email} works here."
        ))),
    }
}

/// Saves a profile after checking every field.
pub async fn update_profile(
    db: &(impl ConnectionTrait + TransactionTrait),
    person_id: i64,
    input: ProfileFields,
) -> Result<(), AppError> {
    let existing = find(db, person_id).await?;
    let name = validate::name(&input.name)?;
    let title = validate::line("Title", &input.title, validate::TEXT_MAX)?;
    let department = validate::line("Department", &input.department, validate::TEXT_MAX)?;
    let location = validate::line("Location", &input.location, validate::TEXT_MAX)?;
    let start_date = validate::date("Start date", &input.start_date)?;
    let bio = validate::paragraph("About you", &input.bio, validate::BIO_MAX)?;
    let skills = validate::tags("Skills", &input.skills)?;
    let interests = validate::tags("Interests", &input.interests)?;
    let manager = resolve_manager(db, &input.manager_email, Some(&existing)).await?;

    let txn = db.begin().await?;
    let mut active: user::ActiveModel = existing.into();
    active.name = Set(name);
    active.title = Set(title);
    active.department = Set(department);
    active.location = Set(location);
    active.start_date = Set(start_date);
    active.manager_id = Set(manager);
    active.bio = Set(bio);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    replace_tags(&txn, person_id, TagKind::Skill, &skills).await?;
    replace_tags(&txn, person_id, TagKind::Interest, &interests).await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces a person's tags of one kind.
pub async fn replace_tags(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: TagKind,
    tags: &[String],
) -> Result<(), AppError> {
    user_tag::Entity::delete_many()
        .filter(user_tag::Column::UserId.eq(user_id))
        .filter(user_tag::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    if !tags.is_empty() {
        user_tag::Entity::insert_many(tags.iter().map(|tag| user_tag::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind),
            tag: Set(tag.clone()),
            ..Default::default()
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Sets the topics a person is a subject-matter expert in (comma-separated).
pub async fn set_expertise(
    db: &(impl ConnectionTrait + TransactionTrait),
    person_id: i64,
    topics: &str,
) -> Result<(), AppError> {
    let topics = validate::tags("Expert topics", topics)?;
    find(db, person_id).await?;
    let txn = db.begin().await?;
    replace_tags(&txn, person_id, TagKind::Expert, &topics).await?;
    // A change time, so search and anything else that follows people sees the new expertise.
    user::Entity::update_many()
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(person_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Changes a person's workspace role.
pub async fn set_role(
    db: &impl ConnectionTrait,
    person_id: i64,
    role: Role,
) -> Result<(), AppError> {
    let updated = user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(person_id))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Deactivates a person: they can't sign in, their sessions and open invitations end at once.
/// Reactivating brings back an account as it was (invited people stay invited).
pub async fn set_active(
    db: &(impl ConnectionTrait + TransactionTrait),
    person_id: i64,
    active: bool,
) -> Result<(), AppError> {
    let user = find(db, person_id).await?;
    let status = match (active, user.password_hash.is_some()) {
        (false, _) => AccountStatus::Deactivated,
        (true, true) => AccountStatus::Active,
        (true, false) => AccountStatus::Invited,
    };
    let txn = db.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(status))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(person_id))
        .exec(&txn)
        .await?;
    if !active {
        end_all_sessions(&txn, person_id).await?;
        invite::Entity::delete_many()
            .filter(invite::Column::UserId.eq(person_id))
            .filter(invite::Column::AcceptedAt.is_null())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
