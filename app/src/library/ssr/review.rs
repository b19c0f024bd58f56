//! The expert review step that library items and courses both go through: a draft goes to the
//! experts of its topic, and one of them who is not its owner approves it or sends it back with a
//! note. Courses follow the library's rules, so the step lives with the library and both call it,
//! and the two cannot drift apart in who counts as an expert or what the owner is told.

use crate::{db::user_tag, error::AppError, people::types::TagKind, people::validate};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Select,
};
use std::collections::HashSet;

/// The people named experts in `topic`.
fn experts(topic: &str) -> Select<user_tag::Entity> {
    user_tag::Entity::find()
        .filter(user_tag::Column::Kind.eq(TagKind::Expert))
        .filter(user_tag::Column::Tag.eq(topic))
}

/// The topics `person` is an expert in: the work they may review.
pub async fn expert_topics(
    db: &impl ConnectionTrait,
    person: i64,
) -> Result<HashSet<String>, AppError> {
    Ok(user_tag::Entity::find()
        .select_only()
        .column(user_tag::Column::Tag)
        .filter(user_tag::Column::UserId.eq(person))
        .filter(user_tag::Column::Kind.eq(TagKind::Expert))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Whether `person` is an expert in `topic`.
pub async fn is_expert(
    db: &impl ConnectionTrait,
    person: i64,
    topic: &str,
) -> Result<bool, AppError> {
    Ok(experts(topic)
        .filter(user_tag::Column::UserId.eq(person))
        .count(db)
        .await?
        > 0)
}

/// The people who review work on `topic` owned by `owner`: its experts but the owner.
pub async fn reviewers(
    db: &impl ConnectionTrait,
    topic: &str,
    owner: i64,
) -> Result<Vec<i64>, AppError> {
    Ok(experts(topic)
        .select_only()
        .column(user_tag::Column::UserId)
        .filter(user_tag::Column::UserId.ne(owner))
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

/// Refuses to send work for review while nobody but its owner is an expert in its topic: an owner
/// never reviews their own work, so it would wait for nobody.
pub async fn another_expert(
    db: &impl ConnectionTrait,
    topic: &str,
    owner: i64,
) -> Result<(), AppError> {
    let others = experts(topic)
        .filter(user_tag::Column::UserId.ne(owner))
        .count(db)
        .await?;
    if others == 0 {
        return Err(AppError::Conflict(format!(
            "Nobody else is an expert in \"{topic}\" yet. Ask an admin to name one, then send it again."
        )));
    }
    Ok(())
}

/// Why a draft cannot go for review yet: `missing` says what to do first ("Choose a topic").
pub fn not_ready(missing: &str) -> AppError {
    AppError::invalid(format!("{missing} before you send it for review."))
}

/// A reviewer's comment, checked.
pub fn comment(raw: &str) -> Result<String, AppError> {
    validate::paragraph("Comment", raw, 2_000)
}

/// Work sent back needs a note, so the owner knows what to fix.
pub fn require_note(sends_back: bool, comment: &str) -> Result<(), AppError> {
    if sends_back && comment.is_empty() {
        return Err(AppError::invalid(
            "Say what to change, so the owner knows what to fix.",
        ));
    }
    Ok(())
}
