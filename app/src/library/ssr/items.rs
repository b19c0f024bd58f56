//! Library items: writing them, the review that vets them, their versions and learners' feedback.

use super::{Access, cards};
use crate::{
    clock,
    db::{library_feedback, library_item, library_item_version, library_review, media, user_tag},
    error::AppError,
    feed::markdown::render,
    library::types::*,
    moderation::ssr::{people_by_id, person_or_former},
    people::{types::TagKind, validate},
    policy::{self, Actor, InItem},
};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, TransactionTrait, sea_query::Expr,
};
use std::collections::HashMap;

/// The longest article, in characters.
pub const MAX_ARTICLE: usize = 100_000;
/// How long an approval or confirmation holds before the item is due for review again.
pub const REVIEW_INTERVAL_DAYS: u64 = 182;

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
async fn changeable(
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
async fn next_version(
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

/// Whether people with `topic` as their expertise exist besides `owner`.
async fn has_other_expert(
    db: &impl ConnectionTrait,
    topic: &str,
    owner: i64,
) -> Result<bool, AppError> {
    Ok(user_tag::Entity::find()
        .filter(user_tag::Column::Kind.eq(TagKind::Expert))
        .filter(user_tag::Column::Tag.eq(topic))
        .filter(user_tag::Column::UserId.ne(owner))
        .count(db)
        .await?
        > 0)
}

/// Sends a complete draft to the experts of its topic.
pub async fn submit_item(db: &DatabaseConnection, actor: Actor, id: i64) -> Result<(), AppError> {
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let (item, place) = visible_item(&txn, &access, id).await?;
    policy::keep_item(actor, place)?;
    if item.status != ItemStatus::Draft {
        return Err(AppError::Conflict(format!(
            "Only drafts go to review; this one is {}.",
            item.status.label().to_lowercase()
        )));
    }
    let missing = match item.kind {
        ItemKind::Article if item.body.is_empty() => Some("Write the article"),
        ItemKind::Link if item.url.is_empty() => Some("Add the link"),
        ItemKind::Video if item.media_id.is_none() => Some("Upload the video"),
        ItemKind::File if item.media_id.is_none() => Some("Upload the file"),
        _ if item.topic.is_empty() => Some("Choose a topic"),
        _ => None,
    };
    if let Some(missing) = missing {
        return Err(AppError::invalid(format!(
            "{missing} before you send it for review."
        )));
    }
    if !has_other_expert(&txn, &item.topic, item.owner_id).await? {
        return Err(AppError::Conflict(format!(
            "Nobody else is an expert in \"{}\" yet. Ask an admin to name one, then send it again.",
            item.topic
        )));
    }
    let mut active: library_item::ActiveModel = item.into();
    active.status = Set(ItemStatus::InReview);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// An expert's decision on an item in review (approve or send back) or on a published item due
/// for review (confirm it is still right).
pub async fn review_item(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    decision: ReviewDecision,
    comment: &str,
    seen: i32,
) -> Result<(), AppError> {
    let comment = validate::paragraph("Comment", comment, 2_000)?;
    let access = Access::load(db, actor).await?;
    let txn = db.begin().await?;
    let (item, place) = visible_item(&txn, &access, id).await?;
    policy::review_item(actor, place)?;
    if item.version != seen {
        return Err(AppError::Conflict(
            "It changed since you opened it. Look at the new version, then decide.".into(),
        ));
    }
    // Whoever changed it since its last review is an author of what is reviewed, not a reviewer.
    let edited = library_item_version::Entity::find()
        .filter(library_item_version::Column::ItemId.eq(item.id))
        .filter(library_item_version::Column::Number.gt(item.reviewed_version.unwrap_or(0)))
        .filter(library_item_version::Column::EditedBy.eq(actor.id))
        .count(&txn)
        .await?;
    if edited > 0 {
        return Err(AppError::Conflict(
            "You changed this item, so another expert reviews it.".into(),
        ));
    }
    let expected = match decision {
        ReviewDecision::Approved | ReviewDecision::SentBack => ItemStatus::InReview,
        ReviewDecision::Confirmed => ItemStatus::Published,
    };
    if item.status != expected {
        return Err(AppError::Conflict(format!(
            "This item is {} now, so it can't be {}.",
            item.status.label().to_lowercase(),
            decision.label().to_lowercase()
        )));
    }
    if decision == ReviewDecision::SentBack && comment.is_empty() {
        return Err(AppError::invalid(
            "Say what to change, so the owner knows what to fix.",
        ));
    }
    let now = Utc::now();
    let today = now.date_naive();
    library_review::ActiveModel {
        item_id: Set(item.id),
        version: Set(item.version),
        reviewer_id: Set(actor.id),
        decision: Set(decision),
        comment: Set(comment),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let next_review = today
        .checked_add_days(Days::new(REVIEW_INTERVAL_DAYS))
        .unwrap_or(today);
    let mut update = library_item::Entity::update_many()
        .col_expr(library_item::Column::ReviewerId, Expr::value(actor.id))
        .col_expr(library_item::Column::UpdatedAt, Expr::value(now));
    if decision == ReviewDecision::SentBack {
        update = update.col_expr(library_item::Column::Status, Expr::value(ItemStatus::Draft));
    } else {
        // An owner's own later date stands; otherwise the next review is due in six months.
        let chosen = item.review_by.filter(|date| *date > today);
        update = update
            .col_expr(
                library_item::Column::Status,
                Expr::value(ItemStatus::Published),
            )
            .col_expr(
                library_item::Column::ReviewedVersion,
                Expr::value(item.version),
            )
            .col_expr(
                library_item::Column::ReviewBy,
                Expr::value(chosen.unwrap_or(next_review)),
            )
            .col_expr(
                library_item::Column::PublishedAt,
                Expr::value(item.published_at.unwrap_or(now)),
            );
    }
    // Only if nobody decided or changed it meanwhile: two experts at once get one decision.
    let done = update
        .filter(library_item::Column::Id.eq(item.id))
        .filter(library_item::Column::Status.eq(item.status))
        .filter(library_item::Column::Version.eq(item.version))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Someone decided on or changed this item just now. Reload to see it.".into(),
        ));
    }
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
    let (_, place) = visible_item(&txn, &access, id).await?;
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

/// An item's page.
pub async fn item_page(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<Item, AppError> {
    let access = Access::load(db, actor).await?;
    let (item, place) = visible_item(db, &access, id).await?;
    let keeps = policy::keep_item(actor, place).is_ok();
    let feedback = library_feedback::Entity::find()
        .filter(library_feedback::Column::ItemId.eq(id))
        .order_by_desc(library_feedback::Column::CreatedAt)
        .all(db)
        .await?;
    let reviews = library_review::Entity::find()
        .filter(library_review::Column::ItemId.eq(id))
        .order_by_desc(library_review::Column::Id)
        .all(db)
        .await?;
    let mut named: Vec<i64> = reviews.iter().map(|review| review.reviewer_id).collect();
    named.extend(feedback.iter().map(|row| row.user_id));
    named.extend(item.reviewer_id);
    let people = people_by_id(db, named).await?;
    let media_ids: Vec<i64> = item.media_id.into_iter().chain(item.poster_id).collect();
    let files: HashMap<i64, media::Model> = media::Entity::find()
        .filter(media::Column::Id.is_in(media_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|file| (file.id, file))
        .collect();
    let count = |kind: FeedbackKind| feedback.iter().filter(|row| row.kind == kind).count() as u64;
    let review_ready = policy::review_item(actor, place).is_ok();
    let body_html = render(&item.body, &HashMap::new());
    let card = cards(db, &access, vec![item.clone()]).await?.remove(0);
    Ok(Item {
        body_html,
        body: if keeps {
            item.body.clone()
        } else {
            String::new()
        },
        url: item.url.clone(),
        media: item
            .media_id
            .and_then(|id| files.get(&id))
            .map(|file| MediaRef {
                url: media_url(file.id),
                content_type: file.content_type.clone(),
                name: file.name.clone(),
                size: file.size.max(0) as u64,
            }),
        poster_url: item
            .poster_id
            .filter(|id| files.contains_key(id))
            .map(media_url),
        version: item.version,
        reviewer: item.reviewer_id.map(|id| person_or_former(&people, id)),
        helpful: count(FeedbackKind::Helpful),
        outdated: count(FeedbackKind::Outdated),
        mine: feedback
            .iter()
            .filter(|row| row.user_id == actor.id)
            .map(|row| row.kind)
            .collect(),
        flags: if keeps {
            feedback
                .iter()
                .filter(|row| row.kind == FeedbackKind::Outdated)
                .map(|row| Flag {
                    id: row.id,
                    person: person_or_former(&people, row.user_id),
                    note: row.note.clone(),
                    at_label: clock::label(row.created_at),
                    resolved: row.resolved_at.is_some(),
                })
                .collect()
        } else {
            Vec::new()
        },
        reviews: reviews
            .into_iter()
            .map(|review| Review {
                reviewer: person_or_former(&people, review.reviewer_id),
                decision: review.decision,
                version: review.version,
                comment: review.comment,
                at_label: clock::label(review.created_at),
            })
            .collect(),
        can: ItemAbilities {
            edit: keeps && item.status != ItemStatus::Archived,
            submit: keeps && item.status == ItemStatus::Draft,
            review: review_ready && item.status == ItemStatus::InReview,
            confirm: review_ready && card.needs_review,
            archive: keeps,
            give_feedback: policy::give_feedback(actor, place).is_ok(),
        },
        card,
    })
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

/// Items shown in each part of the review desk at a time.
pub const DESK_PAGE: u64 = 50;

/// Reads one part of the desk: the items of `query` after `after`, oldest first, that the caller
/// may see, and the cursor of the next page.
async fn desk_page(
    db: &impl ConnectionTrait,
    access: &Access,
    query: sea_orm::Select<library_item::Entity>,
    after: Option<i64>,
) -> Result<DeskPart, AppError> {
    let mut rows = query
        .filter(library_item::Column::Id.gt(after.unwrap_or(0)))
        .order_by_asc(library_item::Column::Id)
        .limit(DESK_PAGE + 1)
        .all(db)
        .await?;
    let next = (rows.len() as u64 > DESK_PAGE).then(|| rows[DESK_PAGE as usize - 1].id);
    rows.truncate(DESK_PAGE as usize);
    let seen = rows
        .into_iter()
        .filter(|item| {
            item.owner_id == access.actor.id
                || policy::see_item(access.actor, access.item(item)).is_ok()
        })
        .collect();
    Ok(DeskPart {
        items: cards(db, access, seen).await?,
        next,
    })
}

/// What waits for the caller: reviews on their topics, items due for review, their own work, each a
/// page at a time (`after` holds each part's cursor).
pub async fn desk(
    db: &impl ConnectionTrait,
    actor: Actor,
    after: DeskCursors,
) -> Result<Desk, AppError> {
    let access = Access::load(db, actor).await?;
    let today = Utc::now().date_naive();
    let topics: Vec<String> = access.topics.iter().cloned().collect();
    let others_in_topics = Condition::all()
        .add(library_item::Column::Topic.is_in(topics))
        .add(library_item::Column::OwnerId.ne(actor.id));
    let to_review = library_item::Entity::find()
        .filter(others_in_topics.clone())
        .filter(library_item::Column::Status.eq(ItemStatus::InReview));
    // Published items past their date, or changed since an expert last approved them (as
    // `needs_review` says), that the caller owns or could review.
    let due = library_item::Entity::find()
        .filter(library_item::Column::Status.eq(ItemStatus::Published))
        .filter(
            Condition::any()
                .add(others_in_topics)
                .add(library_item::Column::OwnerId.eq(actor.id)),
        )
        .filter(
            Condition::any()
                .add(library_item::Column::ReviewBy.lte(today))
                .add(library_item::Column::ReviewedVersion.is_null())
                .add(sea_orm::ExprTrait::binary(
                    Expr::col(library_item::Column::ReviewedVersion),
                    sea_orm::sea_query::BinOper::NotEqual,
                    Expr::col(library_item::Column::Version),
                )),
        );
    let flagged_items = library_feedback::Entity::find()
        .select_only()
        .column(library_feedback::Column::ItemId)
        .filter(library_feedback::Column::Kind.eq(FeedbackKind::Outdated))
        .filter(library_feedback::Column::ResolvedAt.is_null())
        .into_query();
    let flagged = library_item::Entity::find()
        .filter(library_item::Column::OwnerId.eq(actor.id))
        .filter(library_item::Column::Status.ne(ItemStatus::Archived))
        .filter(library_item::Column::Id.in_subquery(flagged_items));
    let drafts = library_item::Entity::find()
        .filter(library_item::Column::OwnerId.eq(actor.id))
        .filter(
            library_item::Column::Status.is_not_in([ItemStatus::Published, ItemStatus::Archived]),
        );
    Ok(Desk {
        to_review: desk_page(db, &access, to_review, after.to_review).await?,
        needs_review: desk_page(db, &access, due, after.needs_review).await?,
        mine: desk_page(db, &access, drafts, after.mine).await?,
        flagged: desk_page(db, &access, flagged, after.flagged).await?,
    })
}
