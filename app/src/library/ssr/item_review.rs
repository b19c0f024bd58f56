//! Library items through the expert review: sending a draft, and an expert's decision on it.

use super::{Access, review, visible_item};
use crate::{
    db::{library_item, library_item_version, library_review},
    error::AppError,
    library::types::*,
    notify::{self, ssr::Tell, types::NoticeKind},
    policy::{self, Actor},
};
use chrono::{Days, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, TransactionTrait, sea_query::Expr,
};

/// How long an approval or confirmation holds before the item is due for review again.
pub const REVIEW_INTERVAL_DAYS: u64 = 182;

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
        return Err(review::not_ready(missing));
    }
    review::another_expert(&txn, &item.topic, item.owner_id).await?;
    let reviewers = review::reviewers(&txn, &item.topic, item.owner_id).await?;
    let mut active: library_item::ActiveModel = item.into();
    active.status = Set(ItemStatus::InReview);
    active.updated_at = Set(Utc::now());
    let item = active.update(&txn).await?;
    notify::ssr::tell_each(
        &txn,
        reviewers,
        Tell::new(NoticeKind::ReviewRequested, item.owner_id)
            .by(actor.id)
            .item(item.id),
    )
    .await?;
    notify::ssr::commit(txn).await
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
    let comment = review::comment(comment)?;
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
    review::require_note(decision == ReviewDecision::SentBack, &comment)?;
    let now = Utc::now();
    let today = now.date_naive();
    library_review::ActiveModel {
        item_id: Set(item.id),
        version: Set(item.version),
        reviewer_id: Set(actor.id),
        decision: Set(decision),
        comment: Set(comment.clone()),
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
    let told = match decision {
        ReviewDecision::Approved => Some(NoticeKind::ReviewApproved),
        ReviewDecision::SentBack => Some(NoticeKind::ReviewSentBack),
        ReviewDecision::Confirmed => None,
    };
    if let Some(told) = told {
        notify::ssr::tell(
            &txn,
            Tell::new(told, item.owner_id)
                .by(actor.id)
                .item(item.id)
                .reason(&comment),
        )
        .await?;
    }
    notify::ssr::commit(txn).await?;
    if decision == ReviewDecision::Approved {
        crate::badges::ssr::earned_after(db, item.owner_id, crate::badges::ssr::Fact::ItemApproved)
            .await;
    }
    Ok(())
}
