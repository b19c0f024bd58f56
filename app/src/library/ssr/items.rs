//! Writing library items: starting a draft, editing it as numbered versions, archiving it.

use super::Access;
use crate::{
    db::{library_item, library_item_version},
    error::AppError,
    library::types::*,
    people::validate,
    policy::{self, Actor, InItem},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait,
};

/// The longest article, in characters.
pub const MAX_ARTICLE: usize = 100_000;

/// An item the caller may see, with what the policy knows about it.
pub async fn visible_item(
    db: &impl ConnectionTrait,
    access: &Access,
    id: i64,
) -> Result<(library_item::Model, InItem), AppError> {
    let item = library_item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = access.item(&item);
    policy::see_item(access.actor, place)?;
    Ok((item, place))
}

/// Checked fields of an item, ready to store.
struct Checked {
    category: i64,
    title: String,
    summary: String,
    topic: String,
    body: String,
    url: String,
    review_by: Option<NaiveDate>,
    note: String,
}

/// Checks an item's fields; `review_by` is the date stored now, which may stay as it is even once
/// it has passed.
fn check(
    fields: &ItemFields,
    kind: ItemKind,
    review_by: Option<NaiveDate>,
) -> Result<Checked, AppError> {
    let stored = review_by;
    let category = fields
        .category
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("Choose a category for it."))?;
    let title = validate::line("Title", &fields.title, 160)?;
    if title.is_empty() {
        return Err(AppError::invalid("Give it a title."));
    }
    let summary = validate::paragraph("Summary", &fields.summary, 500)?;
    let topic = validate::tags("Topic", &fields.topic)?;
    if topic.len() > 1 {
        return Err(AppError::invalid(
            "Topic: choose one, so the right experts review it.",
        ));
    }
    let body = fields.body.trim().replace("\r\n", "\n");
    if body.chars().count() > MAX_ARTICLE {
        return Err(AppError::invalid(format!(
            "The text is too long: at most {MAX_ARTICLE} characters."
        )));
    }
    let url = if kind == ItemKind::Link || !fields.url.trim().is_empty() {
        validate::web_address("Link", &fields.url)?
    } else {
        String::new()
    };
    let review_by = validate::date("Review by", &fields.review_by)?;
    if review_by != stored && review_by.is_some_and(|date| date <= Utc::now().date_naive()) {
        return Err(AppError::invalid("Review by: choose a date in the future."));
    }
    Ok(Checked {
        category,
        title,
        summary,
        topic: topic.into_iter().next().unwrap_or_default(),
        body,
        url,
        review_by,
        note: validate::line("Note", &fields.note, 200)?,
    })
}

/// Saves the item's current state as its next version.
async fn save_version(
    txn: &DatabaseTransaction,
    item: &library_item::Model,
    editor: i64,
    note: &str,
) -> Result<(), AppError> {
    library_item_version::ActiveModel {
        item_id: Set(item.id),
        number: Set(item.version),
        title: Set(item.title.clone()),
        summary: Set(item.summary.clone()),
        body: Set(item.body.clone()),
        url: Set(item.url.clone()),
        media_id: Set(item.media_id),
        poster_id: Set(item.poster_id),
        edited_by: Set(Some(editor)),
        note: Set(note.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Starts a draft in a category the caller writes in.
pub async fn create_item(
    db: &DatabaseConnection,
    actor: Actor,
    fields: &ItemFields,
) -> Result<i64, AppError> {
    let kind = ItemKind::parse(fields.kind.trim())
        .ok_or_else(|| AppError::invalid("Choose what kind of item it is."))?;
    let checked = check(fields, kind, None)?;
    let access = Access::load(db, actor).await?;
    let category = access
        .category(checked.category)
        .ok_or_else(|| AppError::invalid("That category no longer exists."))?;
    policy::author_in(actor, category)?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let item = library_item::ActiveModel {
        category_id: Set(checked.category),
        kind: Set(kind),
        status: Set(ItemStatus::Draft),
        title: Set(checked.title),
        summary: Set(checked.summary),
        topic: Set(checked.topic),
        body: Set(checked.body),
        url: Set(checked.url),
        media_id: Set(None),
        poster_id: Set(None),
        owner_id: Set(actor.id),
        reviewer_id: Set(None),
        review_by: Set(checked.review_by),
        version: Set(1),
        reviewed_version: Set(None),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    save_version(&txn, &item, actor.id, "Started").await?;
    txn.commit().await?;
    Ok(item.id)
}

/// An item the caller keeps and may change now: archived items are brought back as a draft first.
pub(super) async fn changeable(
    db: &impl ConnectionTrait,
    access: &Access,
    id: i64,
) -> Result<library_item::Model, AppError> {
    let (item, place) = visible_item(db, access, id).await?;
    policy::keep_item(access.actor, place)?;
    if item.status == ItemStatus::Archived {
        return Err(AppError::Conflict(
            "This item is archived. Bring it back as a draft to change it.".into(),
        ));
    }
    Ok(item)
}

/// The next version of an item, saved in `txn`: the caller has already checked the policy.
pub(super) async fn next_version(
    txn: &DatabaseTransaction,
    item: library_item::Model,
    editor: i64,
    note: &str,
    change: impl FnOnce(&mut library_item::ActiveModel),
) -> Result<library_item::Model, AppError> {
    let version = item.version + 1;
    let mut active: library_item::ActiveModel = item.clone().into();
    change(&mut active);
    active.version = Set(version);
    active.updated_at = Set(Utc::now());
    // Two saves of the same version: the second is told rather than numbered twice.
    let saved = library_item::Entity::update_many()
        .set(active)
        .filter(library_item::Column::Id.eq(item.id))
        .filter(library_item::Column::Version.eq(item.version))
        .exec(txn)
        .await?;
    if saved.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Someone saved a change to this item just now. Reload to see it, then try again."
                .into(),
        ));
    }
    let item = library_item::Entity::find_by_id(item.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    save_version(txn, &item, editor, note).await?;
    Ok(item)
}

/// Saves an edit as a new version. A published item stays published and is marked for its
/// experts to look at again.
pub async fn edit_item(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    fields: &ItemFields,
) -> Result<(), AppError> {
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let item = changeable(&txn, &access, id).await?;
    let checked = check(fields, item.kind, item.review_by)?;
    if checked.category != item.category_id {
        let category = access
            .category(checked.category)
            .ok_or_else(|| AppError::invalid("That category no longer exists."))?;
        policy::author_in(actor, category)?;
    }
    let note = if checked.note.is_empty() {
        "Edited".to_string()
    } else {
        checked.note.clone()
    };
    next_version(&txn, item, actor.id, &note, |active| {
        active.category_id = Set(checked.category);
        active.title = Set(checked.title);
        active.summary = Set(checked.summary);
        active.topic = Set(checked.topic);
        active.body = Set(checked.body);
        active.url = Set(checked.url);
        active.review_by = Set(checked.review_by);
    })
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Archives an item, or brings an archived one back as a draft that is reviewed again.
pub async fn archive_item(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    archived: bool,
) -> Result<(), AppError> {
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let (item, place) = visible_item(&txn, &access, id).await?;
    policy::keep_item(actor, place)?;
    let status = if archived {
        ItemStatus::Archived
    } else {
        ItemStatus::Draft
    };
    if (item.status == ItemStatus::Archived) != archived {
        let mut active: library_item::ActiveModel = item.into();
        active.status = Set(status);
        active.updated_at = Set(Utc::now());
        active.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}
