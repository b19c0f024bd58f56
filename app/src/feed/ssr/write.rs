//! Writing in feeds: posts, comments, reactions, accepted answers and announcement reads.

use super::{Reader, one, visible_post};
use crate::{
    db::{comment, group, group_member, post, post_read, reaction, user},
    error::AppError,
    feed::{
        markdown::{Mentioned, mention_handles, render},
        types::*,
    },
    groups::{
        ssr::{Place, may_post, place},
        types::Approval,
    },
    live::{
        ssr::{NewEvent, record},
        types::{Audience, LiveKind},
    },
    people::types::AccountStatus,
    policy::{self, Actor},
    state::AppState,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use std::collections::HashMap;

/// The longest post or comment, in characters.
pub const MAX_BODY: usize = 10_000;

/// Checks a body and renders it, resolving @mentions to active people.
pub async fn rendered(
    db: &impl ConnectionTrait,
    body: &str,
    what: &str,
) -> Result<(String, String), AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid(format!(
            "Write something before you {what}."
        )));
    }
    if body.chars().count() > MAX_BODY {
        return Err(AppError::invalid(format!(
            "That's too long: keep it under {MAX_BODY} characters."
        )));
    }
    let mut people = HashMap::new();
    for handle in mention_handles(body).into_iter().take(50) {
        let matches = user::Entity::find()
            .filter(user::Column::Email.starts_with(format!("{handle}@")))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .all(db)
            .await?;
        if let [person] = matches.as_slice() {
            people.insert(
                handle,
                Mentioned {
                    id: person.id,
                    name: person.name.clone(),
                },
            );
        }
    }
    Ok((body.to_string(), render(body, &people)))
}

/// Who receives a post's events: its readers once published; otherwise its author and moderators.
fn post_event(kind: LiveKind, post: &post::Model) -> NewEvent {
    let audience = if post.status == PostStatus::Published {
        Audience::Readers
    } else {
        Audience::Moderators
    };
    NewEvent::new(kind, audience, post.group_id)
        .person(post.author_id)
        .post(post.id)
}

/// Records a post event and publishes it after commit.
pub async fn announce(
    db: &impl ConnectionTrait,
    kind: LiveKind,
    post: &post::Model,
) -> Result<(), AppError> {
    record(db, post_event(kind, post)).await
}

/// Writes a new post; in a group with approval or slow mode, those apply.
pub async fn create(
    state: &AppState,
    actor: Actor,
    fields: &PostFields,
) -> Result<PostView, AppError> {
    let kind = PostKind::parse(&fields.kind).unwrap_or(PostKind::Post);
    let place = match fields.group.trim() {
        "" => None,
        id => {
            let id = id
                .parse::<i64>()
                .map_err(|_| AppError::invalid("That group doesn't exist."))?;
            Some(
                place(&state.db, actor, id)
                    .await
                    .map_err(|error| match error {
                        AppError::NotFound => AppError::invalid("That group doesn't exist."),
                        other => other,
                    })?,
            )
        }
    };
    let now = Utc::now();
    let mut status = PostStatus::Published;
    match &place {
        None => policy::post_in_company(actor, kind)?,
        Some(place) => {
            may_post(actor, place, kind)?;
            status = gate(actor, place, now)?;
        }
    }
    let pinned_until = if kind == PostKind::Announcement {
        let days = fields.pin_days.trim();
        let days = if days.is_empty() {
            7
        } else {
            days.parse::<i64>()
                .ok()
                .filter(|days| (1..=90).contains(days))
                .ok_or_else(|| AppError::invalid("Pin an announcement for 1 to 90 days."))?
        };
        Some(now + Duration::days(days))
    } else {
        None
    };
    let (body, body_html) = rendered(&state.db, &fields.body, "post").await?;
    let txn = state.db.begin().await?;
    let post = post::ActiveModel {
        author_id: Set(actor.id),
        group_id: Set(place.as_ref().map(|place| place.group.id)),
        kind: Set(kind),
        status: Set(status),
        body: Set(body),
        body_html: Set(body_html),
        pinned_until: Set(pinned_until),
        comments_locked: Set(false),
        accepted_comment_id: Set(None),
        comment_count: Set(0),
        created_at: Set(now),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(member) = place.and_then(|place| place.member) {
        let published = i32::from(status == PostStatus::Published);
        group_member::Entity::update_many()
            .col_expr(group_member::Column::LastPostedAt, Expr::value(Some(now)))
            .col_expr(
                group_member::Column::PublishedPosts,
                Expr::col(group_member::Column::PublishedPosts).add(published),
            )
            .filter(group_member::Column::Id.eq(member.id))
            .exec(&txn)
            .await?;
    }
    announce(&txn, LiveKind::PostCreated, &post).await?;
    if status == PostStatus::Pending {
        record(
            &txn,
            NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, post.group_id),
        )
        .await?;
    }
    txn.commit().await?;
    state.hub.ring();
    one(&state.db, actor, post.id).await
}

/// Slow mode and approval: whether a member's new post is refused, waits, or goes out.
fn gate(actor: Actor, place: &Place, now: chrono::DateTime<Utc>) -> Result<PostStatus, AppError> {
    if policy::moderate_group(actor, place.policy()).is_ok() {
        return Ok(PostStatus::Published);
    }
    let Some(member) = &place.member else {
        return Err(AppError::Forbidden);
    };
    let group = &place.group;
    if group.slow_mode_seconds > 0
        && let Some(last) = member.last_posted_at
    {
        let next = last + Duration::seconds(i64::from(group.slow_mode_seconds));
        if next > now {
            let wait = std::cmp::max((next - now).num_seconds(), 1);
            return Err(AppError::invalid(format!(
                "Slow mode is on in this group: you can post again in {wait} seconds. Your draft is still here."
            )));
        }
    }
    Ok(match group.approval {
        Approval::All => PostStatus::Pending,
        Approval::NewMembers if member.published_posts < group.approval_threshold => {
            PostStatus::Pending
        }
        _ => PostStatus::Published,
    })
}

/// The author's own post, for changing it.
async fn own_post(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<post::Model, AppError> {
    let reader = Reader::load(db, actor).await?;
    let (post, _) = visible_post(db, &reader, id).await?;
    if post.author_id != actor.id {
        return Err(AppError::Forbidden);
    }
    Ok(post)
}

/// Changes the words of one's own post.
pub async fn edit(
    state: &AppState,
    actor: Actor,
    id: i64,
    body: &str,
) -> Result<PostView, AppError> {
    let post = own_post(&state.db, actor, id).await?;
    let (body, body_html) = rendered(&state.db, body, "save").await?;
    let txn = state.db.begin().await?;
    let mut row: post::ActiveModel = post.into();
    row.body = Set(body);
    row.body_html = Set(body_html);
    row.edited_at = Set(Some(Utc::now()));
    let post = row.update(&txn).await?;
    announce(&txn, LiveKind::PostChanged, &post).await?;
    txn.commit().await?;
    state.hub.ring();
    one(&state.db, actor, id).await
}

/// Deletes one's own post, its comments and reactions with it.
pub async fn delete(state: &AppState, actor: Actor, id: i64) -> Result<(), AppError> {
    let post = own_post(&state.db, actor, id).await?;
    let txn = state.db.begin().await?;
    post::Entity::delete_by_id(post.id).exec(&txn).await?;
    announce(&txn, LiveKind::PostGone, &post).await?;
    txn.commit().await?;
    state.hub.ring();
    Ok(())
}

/// A post the actor may comment on or react to, with its group.
async fn takeable(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<(Reader, post::Model, Option<group::Model>), AppError> {
    let reader = Reader::load(db, actor).await?;
    let (post, group) = visible_post(db, &reader, id).await?;
    if post.status != PostStatus::Published {
        return Err(AppError::Conflict("This post isn't published.".into()));
    }
    if let Some(group) = &group {
        let place = Place {
            group: group.clone(),
            member: reader.groups.get(&group.id).cloned(),
        };
        policy::take_part(actor, Some(place.policy()))
            .map_err(|_| AppError::invalid("Join the group to take part in its conversations."))?;
        if let Some(mute) = place.mute() {
            return Err(AppError::invalid(crate::groups::ssr::muted_message(&mute)));
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
        Some(parent) => {
            let parent = comment::Entity::find_by_id(parent)
                .one(&state.db)
                .await?
                .filter(|parent| {
                    parent.post_id == post_id && parent.status == PostStatus::Published
                })
                .ok_or_else(|| AppError::invalid("That comment is no longer there."))?;
            Some(parent.parent_id.unwrap_or(parent.id))
        }
    };
    let (body, body_html) = rendered(&state.db, body, "comment").await?;
    let txn = state.db.begin().await?;
    let comment = comment::ActiveModel {
        post_id: Set(post_id),
        parent_id: Set(parent),
        author_id: Set(actor.id),
        status: Set(PostStatus::Published),
        body: Set(body),
        body_html: Set(body_html),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    count_comments(&txn, post_id, 1).await?;
    record(&txn, comment_event(&post, comment.id)).await?;
    txn.commit().await?;
    state.hub.ring();
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
    let reader = Reader::load(db, actor).await?;
    let (post, _) = visible_post(db, &reader, comment.post_id).await?;
    if comment.author_id != actor.id {
        return Err(AppError::Forbidden);
    }
    Ok((comment, post))
}

/// Changes the words of one's own comment.
pub async fn edit_comment(
    state: &AppState,
    actor: Actor,
    id: i64,
    body: &str,
) -> Result<(), AppError> {
    let (comment, post) = own_comment(&state.db, actor, id).await?;
    let (body, body_html) = rendered(&state.db, body, "save").await?;
    let txn = state.db.begin().await?;
    let mut row: comment::ActiveModel = comment.into();
    row.body = Set(body);
    row.body_html = Set(body_html);
    row.edited_at = Set(Some(Utc::now()));
    row.update(&txn).await?;
    record(&txn, comment_event(&post, id)).await?;
    txn.commit().await?;
    state.hub.ring();
    Ok(())
}

/// Deletes one's own comment and its replies.
pub async fn delete_comment(state: &AppState, actor: Actor, id: i64) -> Result<(), AppError> {
    let (comment, post) = own_comment(&state.db, actor, id).await?;
    let txn = state.db.begin().await?;
    let replies = comment::Entity::find()
        .filter(comment::Column::ParentId.eq(id))
        .filter(comment::Column::Status.eq(PostStatus::Published))
        .all(&txn)
        .await?
        .len() as i32;
    let own = i32::from(comment.status == PostStatus::Published);
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
    count_comments(&txn, post.id, -(own + replies)).await?;
    record(&txn, comment_event(&post, id)).await?;
    txn.commit().await?;
    state.hub.ring();
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
        }
    }
    announce(&txn, LiveKind::PostChanged, &post).await?;
    txn.commit().await?;
    state.hub.ring();
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
    let reader = Reader::load(&state.db, actor).await?;
    let (post, _) = visible_post(&state.db, &reader, post_id).await?;
    if post.kind != PostKind::Question {
        return Err(AppError::invalid("Only questions have accepted answers."));
    }
    if post.author_id != actor.id && !reader.moderates(post.group_id) {
        return Err(AppError::Forbidden);
    }
    if let Some(comment) = comment {
        comment::Entity::find_by_id(comment)
            .one(&state.db)
            .await?
            .filter(|row| row.post_id == post_id && row.status == PostStatus::Published)
            .ok_or_else(|| AppError::invalid("That answer is no longer there."))?;
    }
    let txn = state.db.begin().await?;
    let mut row: post::ActiveModel = post.into();
    row.accepted_comment_id = Set(comment);
    let post = row.update(&txn).await?;
    announce(&txn, LiveKind::PostChanged, &post).await?;
    txn.commit().await?;
    state.hub.ring();
    Ok(())
}

/// Marks an announcement as read; marking it twice changes nothing.
pub async fn mark_read(state: &AppState, actor: Actor, post_id: i64) -> Result<PostView, AppError> {
    let reader = Reader::load(&state.db, actor).await?;
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
        txn.commit().await?;
        state.hub.ring();
    }
    one(&state.db, actor, post_id).await
}
