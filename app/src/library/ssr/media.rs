//! An item's files: checking an upload may go in, recording it, and who may open a stored file.

use super::{Access, changeable, next_version};
use crate::{
    db::{library_item, library_item_version, media},
    error::AppError,
    library::types::*,
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// Which of an item's files an upload replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The video or the document itself.
    Main,
    /// The image shown before a video plays.
    Poster,
}

/// A stored object, ready to be recorded.
#[derive(Debug, Clone)]
pub struct NewMedia {
    pub key: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub name: String,
}

/// Checks that the caller may put a file in `slot` of item `id`, before any byte is stored.
pub async fn may_attach(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    slot: Slot,
) -> Result<ItemKind, AppError> {
    let access = Access::load(db, actor).await?;
    let item = changeable(db, &access, id).await?;
    match (slot, item.kind) {
        (Slot::Main, ItemKind::Video | ItemKind::File) | (Slot::Poster, ItemKind::Video) => {
            Ok(item.kind)
        }
        _ => Err(AppError::invalid(format!(
            "{} items don't take this kind of file.",
            item.kind.label()
        ))),
    }
}

/// Records a stored file and points the item at it, as a new version, in one transaction.
pub async fn attach_media(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    slot: Slot,
    upload: NewMedia,
) -> Result<(), AppError> {
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let item = changeable(&txn, &access, id).await?;
    let note = format!(
        "Uploaded {}",
        upload.name.chars().take(150).collect::<String>()
    );
    let stored = media::ActiveModel {
        key: Set(upload.key),
        content_type: Set(upload.content_type),
        size: Set(upload.size),
        sha256: Set(upload.sha256),
        name: Set(upload.name),
        uploaded_by: Set(Some(actor.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    next_version(&txn, item, actor.id, &note, |active| match slot {
        Slot::Main => active.media_id = Set(Some(stored.id)),
        Slot::Poster => active.poster_id = Set(Some(stored.id)),
    })
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A stored file the caller may open: it belongs to an item they may see, or to an earlier version
/// of an item they keep or review.
pub async fn readable_media(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<media::Model, AppError> {
    let file = media::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = library_item::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(library_item::Column::MediaId.eq(id))
                .add(library_item::Column::PosterId.eq(id)),
        )
        .all(db)
        .await?;
    let access = Access::load(db, actor).await?;
    if current
        .iter()
        .any(|item| policy::see_item(actor, access.item(item)).is_ok())
    {
        return Ok(file);
    }
    let earlier: Vec<i64> = library_item_version::Entity::find()
        .select_only()
        .column(library_item_version::Column::ItemId)
        .filter(
            sea_orm::Condition::any()
                .add(library_item_version::Column::MediaId.eq(id))
                .add(library_item_version::Column::PosterId.eq(id)),
        )
        .distinct()
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let kept = library_item::Entity::find()
        .filter(library_item::Column::Id.is_in(earlier))
        .all(db)
        .await?
        .into_iter()
        .any(|item| {
            let place = access.item(&item);
            policy::keep_item(actor, place).is_ok()
                || (place.expert && policy::see_item(actor, place).is_ok())
        });
    if kept {
        Ok(file)
    } else {
        Err(AppError::NotFound)
    }
}

/// Where a stored file is served from.
pub fn media_url(id: i64) -> String {
    format!("/media/library/{id}")
}
