//! The review desk: what waits for the caller, a page of each part at a time.

use super::{Access, cards};
use crate::{
    db::{library_feedback, library_item},
    error::AppError,
    library::types::*,
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, sea_query::Expr,
};

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
