//! Learners' feedback on an item: helpful and outdated marks, and the owner dealing with a flag.

use super::{Access, visible_item};
use crate::{
    db::library_feedback,
    error::AppError,
    library::types::*,
    people::validate,
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait,
};

/// Marks an item helpful or outdated (`on`), or takes that back. An outdated flag needs a note.
pub async fn give_feedback(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    kind: FeedbackKind,
    on: bool,
    note: &str,
) -> Result<(), AppError> {
    let note = validate::paragraph("Note", note, 1_000)?;
    if on && kind == FeedbackKind::Outdated && note.is_empty() {
        return Err(AppError::invalid(
            "Say what is out of date, so the owner can fix it.",
        ));
    }
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let (item, place) = visible_item(&txn, &access, id).await?;
    policy::give_feedback(actor, place)?;
    let existing = library_feedback::Entity::find()
        .filter(library_feedback::Column::ItemId.eq(id))
        .filter(library_feedback::Column::UserId.eq(actor.id))
        .filter(library_feedback::Column::Kind.eq(kind))
        .one(&txn)
        .await?;
    match (existing, on) {
        (Some(row), true) => {
            let mut active: library_feedback::ActiveModel = row.into();
            active.note = Set(note);
            active.resolved_at = Set(None);
            active.created_at = Set(Utc::now());
            active.update(&txn).await?;
        }
        (Some(row), false) => {
            library_feedback::Entity::delete_by_id(row.id)
                .exec(&txn)
                .await?;
        }
        (None, true) => {
            library_feedback::ActiveModel {
                item_id: Set(id),
                user_id: Set(actor.id),
                kind: Set(kind),
                note: Set(note),
                created_at: Set(Utc::now()),
                resolved_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        (None, false) => {}
    }
    txn.commit().await?;
    if on && kind == FeedbackKind::Helpful {
        crate::badges::ssr::earned_after(db, item.owner_id, crate::badges::ssr::Fact::Helpful)
            .await;
    }
    Ok(())
}

/// Marks an outdated flag as dealt with (those who keep the item).
pub async fn resolve_flag(
    db: &DatabaseConnection,
    actor: Actor,
    flag: i64,
) -> Result<(), AppError> {
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let row = library_feedback::Entity::find_by_id(flag)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, place) = visible_item(&txn, &access, row.item_id).await?;
    policy::keep_item(actor, place)?;
    if row.resolved_at.is_none() {
        let mut active: library_feedback::ActiveModel = row.into();
        active.resolved_at = Set(Some(Utc::now()));
        active.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}
