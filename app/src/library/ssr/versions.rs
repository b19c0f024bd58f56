//! An item's saved versions: reading them and bringing an earlier one back.

use super::{Access, changeable, next_version, visible_item};
use crate::{
    clock,
    db::library_item_version,
    error::AppError,
    feed::markdown::render,
    library::types::*,
    moderation::ssr::{people_by_id, person_or_former},
    policy::{self, Actor},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

/// Every saved version of an item, newest first, for those who keep it and its experts.
pub async fn versions(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<Vec<Version>, AppError> {
    let access = Access::load(db, actor).await?;
    let (_, place) = visible_item(db, &access, id).await?;
    if policy::keep_item(actor, place).is_err() && !place.expert {
        return Err(AppError::Forbidden);
    }
    let rows = library_item_version::Entity::find()
        .filter(library_item_version::Column::ItemId.eq(id))
        .order_by_desc(library_item_version::Column::Number)
        .all(db)
        .await?;
    let people = people_by_id(db, rows.iter().filter_map(|row| row.edited_by).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|row| Version {
            number: row.number,
            editor: person_or_former(&people, row.edited_by.unwrap_or_default()),
            at_label: clock::label(row.created_at),
            body_html: render(&row.body, &HashMap::new()),
            title: row.title,
            note: row.note,
            url: row.url,
        })
        .collect())
}

/// Makes an earlier version the newest one again; history is never rewritten.
pub async fn restore_version(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    number: i32,
) -> Result<(), AppError> {
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let item = changeable(&txn, &access, id).await?;
    let old = library_item_version::Entity::find()
        .filter(library_item_version::Column::ItemId.eq(id))
        .filter(library_item_version::Column::Number.eq(number))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let note = format!("Restored version {number}");
    next_version(&txn, item, actor.id, &note, |active| {
        active.title = Set(old.title);
        active.summary = Set(old.summary);
        active.body = Set(old.body);
        active.url = Set(old.url);
        active.media_id = Set(old.media_id);
        active.poster_id = Set(old.poster_id);
    })
    .await?;
    txn.commit().await?;
    Ok(())
}
