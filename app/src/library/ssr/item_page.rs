//! An item's page: the item as the caller may see it, its files, reviews and feedback.

use super::{Access, cards, media_url, visible_item};
use crate::{
    clock,
    db::{library_feedback, library_review, media},
    error::AppError,
    feed::markdown::render,
    library::types::*,
    moderation::ssr::{people_by_id, person_or_former},
    policy::{self, Actor},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

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
