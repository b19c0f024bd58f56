//! Taking part in a post: comments and replies, reactions, accepted answers and announcement reads.

use super::{
    one,
    posts::{RESENT_WITHIN_SECONDS, announce, rendered},
    visible_post,
};
use crate::{
    db::{comment, group, post, post_read, reaction},
    error::AppError,
    feed::types::*,
    groups::ssr::{member_row, mute_of, muted_message},
    live::{
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    notify::{self, ssr::Tell, types::NoticeKind},
    policy::{self, Actor},
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

/// A post the actor may comment on or react to, with its group.
async fn takeable(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<(Standing, post::Model, Option<group::Model>), AppError> {
    let reader = Standing::load(db, actor).await?;
    let (post, group) = visible_post(db, &reader, id).await?;
    if post.status != PostStatus::Published {
        return Err(AppError::Conflict("This post isn't published.".into()));
    }
    if let Some(group) = &group {
        policy::take_part(actor, Some(reader.in_group(group)))
            .map_err(|_| AppError::invalid("Join the group to take part in its conversations."))?;
        // The standing knows only until when; the reason shown is read for the rare muted member.
        if reader.muted(group.id)
            && let Some(mute) = member_row(db, group.id, actor.id)
                .await?
                .as_ref()
                .and_then(mute_of)
        {
            return Err(AppError::invalid(muted_message(&mute)));
        }
    }
    Ok((reader, post, group))
}

/// Adds a comment, or a reply to one (replies are one level deep).
pub async fn add_comment(
    state: &AppState,
    actor: Actor,
    post_id: i64,
    parent: Option<i64>,
    body: &str,
) -> Result<(), AppError> {
    let (reader, post, _) = takeable(&state.db, actor, post_id).await?;
    if post.comments_locked && !reader.moderates(post.group_id) {
        return Err(AppError::invalid("Comments on this post are locked."));
    }
    let parent = match parent {
        None => None,
        Some(parent) => Some(
            comment::Entity::find_by_id(parent)
                .one(&state.db)
                .await?
                .filter(|parent| {
                    parent.post_id == post_id && parent.status == PostStatus::Published
                })
                .ok_or_else(|| AppError::invalid("That comment is no longer there."))?,
        ),
    };
    // Replies are one level deep: a reply to a reply joins its thread.
    let thread = parent
        .as_ref()
        .map(|parent| parent.parent_id.unwrap_or(parent.id));
    let now = Utc::now();
    let sent_again = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(actor.id))
        .filter(comment::Column::PostId.eq(post_id))
        .filter(match thread {
            Some(thread) => comment::Column::ParentId.eq(thread),
            None => comment::Column::ParentId.is_null(),
        })
        .filter(comment::Column::Body.eq(body.trim()))
        .filter(comment::Column::CreatedAt.gt(now - Duration::seconds(RESENT_WITHIN_SECONDS)))
        .one(&state.db)
        .await?;
    if sent_again.is_some() {
        return Ok(());
    }
    let rendered = rendered(&state.db, body, "comment").await?;
    let txn = state.db.begin().await?;
    let comment = comment::ActiveModel {
        post_id: Set(post_id),
        parent_id: Set(thread),
        author_id: Set(actor.id),
        status: Set(PostStatus::Published),
        body: Set(rendered.body),
        body_html: Set(rendered.html),
        created_at: Set(now),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    count_comments(&txn, post_id, 1).await?;
    record(&txn, comment_event(&post, comment.id)).await?;
    notify::ssr::commented(&txn, &post, parent.as_ref(), &comment, &rendered.mentioned).await?;
    publish(&state.hub, txn).await?;
    crate::badges::ssr::earned_after(&state.db, actor.id, crate::badges::ssr::Fact::Comment).await;
    Ok(())
}

/// Keeps a post's count of published comments.
pub async fn count_comments(
    db: &impl ConnectionTrait,
    post: i64,
    change: i32,
) -> Result<(), AppError> {
    post::Entity::update_many()
        .col_expr(
            post::Column::CommentCount,
            Expr::col(post::Column::CommentCount).add(change),
        )
        .filter(post::Column::Id.eq(post))
        .exec(db)
        .await?;
    Ok(())
}

/// Tells a post's readers that one of its comments changed.
pub fn comment_event(post: &post::Model, comment: i64) -> NewEvent {
    NewEvent::new(LiveKind::CommentChanged, Audience::Readers, post.group_id)
        .post(post.id)
        .comment(comment)
}

/// The author's own comment and its post.
async fn own_comment(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<(comment::Model, post::Model), AppError> {
    let comment = comment::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|comment| comment.status != PostStatus::Removed)
        .ok_or(AppError::NotFound)?;
    let reader = Standing::load(db, actor).await?;
    let (post, _) = visible_post(db, &reader, comment.post_id).await?;
    if comment.author_id != actor.id {
        return Err(AppError::Forbidden);
    }
    Ok((comment, post))
}

/// Changes the words of one's own comment, while the author may still take part.
pub async fn edit_comment(
    state: &AppState,
    actor: Actor,
    id: i64,
    body: &str,
) -> Result<(), AppError> {
    let (comment, post) = own_comment(&state.db, actor, id).await?;
    // Edits follow the rules of writing: a muted or removed member cannot rewrite old comments.
    takeable(&state.db, actor, post.id).await?;
    let rendered = rendered(&state.db, body, "save").await?;
    let txn = state.db.begin().await?;
    let mut row: comment::ActiveModel = comment.into();
    row.body = Set(rendered.body);
    row.body_html = Set(rendered.html);
    row.edited_at = Set(Some(Utc::now()));
    let comment = row.update(&txn).await?;
    record(&txn, comment_event(&post, id)).await?;
    if comment.status == PostStatus::Published {
        notify::ssr::tell_mentioned(&txn, &post, Some(&comment), &rendered.mentioned).await?;
    }
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Deletes one's own comment. Replies to it are other people's words: they stay, as comments of
/// their own, and so does an accepted answer among them.
pub async fn delete_comment(state: &AppState, actor: Actor, id: i64) -> Result<(), AppError> {
    let (comment, post) = own_comment(&state.db, actor, id).await?;
    let txn = state.db.begin().await?;
    comment::Entity::update_many()
        .col_expr(comment::Column::ParentId, Expr::value(Option::<i64>::None))
        .filter(comment::Column::ParentId.eq(id))
        .exec(&txn)
        .await?;
    comment::Entity::delete_by_id(id).exec(&txn).await?;
    if post.accepted_comment_id == Some(id) {
        post::Entity::update_many()
            .col_expr(
                post::Column::AcceptedCommentId,
                Expr::value(Option::<i64>::None),
            )
            .filter(post::Column::Id.eq(post.id))
            .exec(&txn)
            .await?;
    }
    let own = i32::from(comment.status == PostStatus::Published);
    count_comments(&txn, post.id, -own).await?;
    record(&txn, comment_event(&post, id)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Adds the reaction, or takes it back when the actor already gave it.
pub async fn toggle_reaction(
    state: &AppState,
    actor: Actor,
    post_id: i64,
    kind: Reaction,
) -> Result<PostView, AppError> {
    let (_, post, _) = takeable(&state.db, actor, post_id).await?;
    let txn = state.db.begin().await?;
    let existing = reaction::Entity::find()
        .filter(reaction::Column::PostId.eq(post_id))
        .filter(reaction::Column::UserId.eq(actor.id))
        .filter(reaction::Column::Reaction.eq(kind))
        .one(&txn)
        .await?;
    match existing {
        Some(row) => {
            reaction::Entity::delete_by_id(row.id).exec(&txn).await?;
        }
        None => {
            reaction::ActiveModel {
                post_id: Set(post_id),
                user_id: Set(actor.id),
                reaction: Set(kind),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            notify::ssr::reacted(&txn, &post, actor.id).await?;
        }
    }
    announce(&txn, LiveKind::PostChanged, &post).await?;
    publish(&state.hub, txn).await?;
    one(&state.db, actor, post_id).await
}

/// Marks a comment as the accepted answer to a question (None takes the mark back). The asker and
/// the group's moderators may.
pub async fn accept_answer(
    state: &AppState,
    actor: Actor,
    post_id: i64,
    comment: Option<i64>,
) -> Result<(), AppError> {
    let reader = Standing::load(&state.db, actor).await?;
    let (post, _) = visible_post(&state.db, &reader, post_id).await?;
    if post.kind != PostKind::Question {
        return Err(AppError::invalid("Only questions have accepted answers."));
    }
    if post.author_id != actor.id && !reader.moderates(post.group_id) {
        return Err(AppError::Forbidden);
    }
    let answer = match comment {
        Some(comment) => Some(
            comment::Entity::find_by_id(comment)
                .one(&state.db)
                .await?
                .filter(|row| row.post_id == post_id && row.status == PostStatus::Published)
                .ok_or_else(|| AppError::invalid("That answer is no longer there."))?,
        ),
        None => None,
    };
    let txn = state.db.begin().await?;
    let mut row: post::ActiveModel = post.into();
    row.accepted_comment_id = Set(comment);
    let post = row.update(&txn).await?;
    announce(&txn, LiveKind::PostChanged, &post).await?;
    if let Some(answer) = &answer {
        notify::ssr::tell(
            &txn,
            Tell::new(NoticeKind::AnswerAccepted, answer.author_id)
                .by(actor.id)
                .group(post.group_id)
                .post(post.id)
                .comment(answer.id),
        )
        .await?;
    }
    publish(&state.hub, txn).await?;
    if let Some(answer) = answer {
        crate::badges::ssr::earned_after(
            &state.db,
            answer.author_id,
            crate::badges::ssr::Fact::Answer,
        )
        .await;
    }
    Ok(())
}

/// Marks an announcement as read; marking it twice changes nothing.
pub async fn mark_read(state: &AppState, actor: Actor, post_id: i64) -> Result<PostView, AppError> {
    let reader = Standing::load(&state.db, actor).await?;
    let (post, _) = visible_post(&state.db, &reader, post_id).await?;
    if post.kind != PostKind::Announcement {
        return Err(AppError::invalid("Only announcements are marked as read."));
    }
    let already = post_read::Entity::find()
        .filter(post_read::Column::PostId.eq(post_id))
        .filter(post_read::Column::UserId.eq(actor.id))
        .one(&state.db)
        .await?;
    if already.is_none() {
        let txn = state.db.begin().await?;
        post_read::ActiveModel {
            post_id: Set(post_id),
            user_id: Set(actor.id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        announce(&txn, LiveKind::PostChanged, &post).await?;
        publish(&state.hub, txn).await?;
    }
    one(&state.db, actor, post_id).await
}
