//! Moderating posts and comments: approve, hide, restore, remove, pin, lock.

use super::{action, reason_checked};
use crate::{
    db::{comment, group_member, post},
    error::AppError,
    feed::{
        ssr::{announce, comment_event, count_comments, rendered},
        types::PostStatus,
    },
    live::{
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    moderation::types::{Decision, ModerationKind},
    notify,
    policy::Actor,
    standing::Standing,
    state::AppState,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};

/// A post the actor moderates: NotFound when they cannot see it, Forbidden when they only read it.
pub async fn moderated_post(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<post::Model, AppError> {
    let reader = Standing::load(db, actor).await?;
    let post = post::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|post| post.status != PostStatus::Removed)
        .ok_or(AppError::NotFound)?;
    if !reader.moderates(post.group_id) {
        return Err(if reader.sees(&post) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    Ok(post)
}

/// The status a decision moves a post or comment to, from the one it has.
fn next_status(current: PostStatus, decision: Decision) -> Result<PostStatus, AppError> {
    use {Decision::*, PostStatus::*};
    match (current, decision) {
        (Pending, Approve) => Ok(Published),
        (Pending, Reject) => Ok(Removed),
        (Published, Hide) => Ok(Hidden),
        (Hidden, Restore) => Ok(Published),
        (Published | Hidden | Pending, Remove) => Ok(Removed),
        _ => Err(already_decided()),
    }
}

fn already_decided() -> AppError {
    AppError::Conflict(
        "Someone else has already dealt with it. The page now shows where it stands.".into(),
    )
}

/// Whether a post or comment is already where a decision would take it, as when a second report
/// about something already hidden is resolved as hidden.
pub fn already(current: PostStatus, decision: Decision) -> bool {
    matches!(
        (current, decision),
        (PostStatus::Hidden, Decision::Hide) | (PostStatus::Removed, Decision::Remove)
    )
}

/// Applies a decision to a post, logs it and tells every page that may see it.
pub async fn decide_post(
    state: &AppState,
    actor: Actor,
    id: i64,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    let post = moderated_post(&state.db, actor, id).await?;
    let reason = reason_checked(reason, decision == Decision::Remove)?;
    let author = post.author_id;
    let txn = state.db.begin().await?;
    apply_to_post(&txn, actor, post, decision, reason).await?;
    publish(&state.hub, txn).await?;
    if matches!(decision, Decision::Approve | Decision::Restore) {
        crate::badges::ssr::earned_after(&state.db, author, crate::badges::ssr::Fact::Post).await;
    }
    Ok(())
}

/// The change, its log row and its events, inside the caller's transaction.
pub async fn apply_to_post(
    db: &impl ConnectionTrait,
    actor: Actor,
    post: post::Model,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    let was = post.status;
    let status = next_status(was, decision)?;
    // Only from the status read: of two facilitators deciding at once, the second is told.
    let changed = post::Entity::update_many()
        .col_expr(post::Column::Status, Expr::value(status.as_str()))
        .filter(post::Column::Id.eq(post.id))
        .filter(post::Column::Status.eq(was))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(already_decided());
    }
    let post = post::Model { status, ..post };
    let kind = match decision {
        Decision::Approve => ModerationKind::ApprovePost,
        Decision::Reject => ModerationKind::RejectPost,
        Decision::Hide => ModerationKind::HidePost,
        Decision::Restore => ModerationKind::RestorePost,
        Decision::Remove => ModerationKind::RemovePost,
    };
    action(kind, actor, post.group_id)
        .target(post.author_id)
        .post(post.id)
        .reason(reason)
        .write(db)
        .await?;
    if decision == Decision::Approve
        && let Some(group) = post.group_id
    {
        group_member::Entity::update_many()
            .col_expr(
                group_member::Column::PublishedPosts,
                Expr::col(group_member::Column::PublishedPosts).add(1),
            )
            .filter(group_member::Column::GroupId.eq(group))
            .filter(group_member::Column::UserId.eq(post.author_id))
            .exec(db)
            .await?;
    }
    match (was, status) {
        // Readers never saw it, or their pages dropped it: to them it is new.
        (PostStatus::Pending | PostStatus::Hidden, PostStatus::Published) => {
            announce(db, LiveKind::PostCreated, &post).await?
        }
        (PostStatus::Published, _) => {
            record(
                db,
                NewEvent::new(LiveKind::PostGone, Audience::Readers, post.group_id)
                    .person(post.author_id)
                    .post(post.id),
            )
            .await?;
        }
        _ => announce(db, LiveKind::PostGone, &post).await?,
    }
    if was == PostStatus::Pending {
        record(
            db,
            NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, post.group_id),
        )
        .await?;
    }
    notify::ssr::post_decided(db, actor, &post, decision, reason).await?;
    if decision == Decision::Approve {
        let mentioned = rendered(db, &post.body, "post").await?.mentioned;
        notify::ssr::post_published(db, &post, &mentioned).await?;
    }
    Ok(())
}

/// Applies a decision to a comment.
pub async fn decide_comment(
    state: &AppState,
    actor: Actor,
    id: i64,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    let comment = comment::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let post = moderated_post(&state.db, actor, comment.post_id).await?;
    let reason = reason_checked(reason, decision == Decision::Remove)?;
    let author = comment.author_id;
    let txn = state.db.begin().await?;
    apply_to_comment(&txn, actor, &post, comment, decision, reason).await?;
    publish(&state.hub, txn).await?;
    if decision == Decision::Restore {
        crate::badges::ssr::earned_after(&state.db, author, crate::badges::ssr::Fact::Comment)
            .await;
    }
    Ok(())
}

pub async fn apply_to_comment(
    db: &impl ConnectionTrait,
    actor: Actor,
    post: &post::Model,
    comment: comment::Model,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    if matches!(decision, Decision::Approve | Decision::Reject) {
        return Err(AppError::invalid("Comments don't wait for approval."));
    }
    let was = comment.status;
    let status = next_status(was, decision)?;
    let (id, author) = (comment.id, comment.author_id);
    let changed = comment::Entity::update_many()
        .col_expr(comment::Column::Status, Expr::value(status.as_str()))
        .filter(comment::Column::Id.eq(id))
        .filter(comment::Column::Status.eq(was))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(already_decided());
    }
    let change =
        i32::from(status == PostStatus::Published) - i32::from(was == PostStatus::Published);
    if change != 0 {
        count_comments(db, post.id, change).await?;
    }
    let kind = match decision {
        Decision::Hide => ModerationKind::HideComment,
        Decision::Restore => ModerationKind::RestoreComment,
        _ => ModerationKind::RemoveComment,
    };
    action(kind, actor, post.group_id)
        .target(author)
        .post(post.id)
        .comment(id)
        .reason(reason)
        .write(db)
        .await?;
    record(db, comment_event(post, id)).await?;
    announce(db, LiveKind::PostChanged, post).await
}

/// Pins a post to the top of its feed for `days` days; 0 unpins it.
pub async fn pin(state: &AppState, actor: Actor, id: i64, days: i64) -> Result<(), AppError> {
    let post = moderated_post(&state.db, actor, id).await?;
    if !(0..=90).contains(&days) {
        return Err(AppError::invalid("Pin a post for 1 to 90 days."));
    }
    let until = (days > 0).then(|| Utc::now() + Duration::days(days));
    let txn = state.db.begin().await?;
    let mut row: post::ActiveModel = post.into();
    row.pinned_until = Set(until);
    let post = row.update(&txn).await?;
    let mut entry = action(
        if until.is_some() {
            ModerationKind::PinPost
        } else {
            ModerationKind::UnpinPost
        },
        actor,
        post.group_id,
    )
    .target(post.author_id)
    .post(post.id);
    if let Some(until) = until {
        entry = entry.expires(until);
    }
    entry.write(&txn).await?;
    announce(&txn, LiveKind::PostChanged, &post).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Locks or unlocks a post's comments.
pub async fn lock(state: &AppState, actor: Actor, id: i64, locked: bool) -> Result<(), AppError> {
    let post = moderated_post(&state.db, actor, id).await?;
    let txn = state.db.begin().await?;
    let mut row: post::ActiveModel = post.into();
    row.comments_locked = Set(locked);
    let post = row.update(&txn).await?;
    action(
        if locked {
            ModerationKind::LockComments
        } else {
            ModerationKind::UnlockComments
        },
        actor,
        post.group_id,
    )
    .target(post.author_id)
    .post(post.id)
    .write(&txn)
    .await?;
    announce(&txn, LiveKind::PostChanged, &post).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}
