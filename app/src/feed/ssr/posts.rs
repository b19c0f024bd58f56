//! Writing posts: new ones (through mutes, slow mode and approval), edits and deletions.

use super::{one, visible_post};
use crate::{
    db::{group_member, post, user},
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
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    notify,
    people::types::AccountStatus,
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
use std::collections::HashMap;

/// The longest post or comment, in characters.
pub const MAX_BODY: usize = 10_000;

/// The same words from the same person in the same place within this many seconds are one post
/// or comment sent twice (a double click on a form, a form sent again), not a second one.
pub const RESENT_WITHIN_SECONDS: i64 = 10;

/// A body as stored: the words, their HTML, and the people its @mentions name.
pub struct Rendered {
    pub body: String,
    pub html: String,
    pub mentioned: Vec<i64>,
}

/// Checks a body and renders it, resolving @mentions to active people.
pub async fn rendered(
    db: &impl ConnectionTrait,
    body: &str,
    what: &str,
) -> Result<Rendered, AppError> {
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
        let prefix = format!("{handle}@");
        // LIKE reads `_` as a wildcard: the prefix is checked again exactly.
        let matches: Vec<user::Model> = user::Entity::find()
            .filter(user::Column::Email.starts_with(&prefix))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .all(db)
            .await?
            .into_iter()
            .filter(|person| person.email.starts_with(&prefix))
            .collect();
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
    Ok(Rendered {
        body: body.to_string(),
        html: render(body, &people),
        mentioned: people.values().map(|person| person.id).collect(),
    })
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
    let kind = match fields.kind.trim() {
        "" => PostKind::Post,
        kind => PostKind::parse(kind).ok_or_else(|| {
            AppError::invalid("Choose whether this is a post, a question or an announcement.")
        })?,
    };
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
    let group = place.as_ref().map(|place| place.group.id);
    if let Some(earlier) = post::Entity::find()
        .filter(post::Column::AuthorId.eq(actor.id))
        .filter(match group {
            Some(group) => post::Column::GroupId.eq(group),
            None => post::Column::GroupId.is_null(),
        })
        .filter(post::Column::Body.eq(fields.body.trim()))
        .filter(post::Column::CreatedAt.gt(now - Duration::seconds(RESENT_WITHIN_SECONDS)))
        .one(&state.db)
        .await?
    {
        return one(&state.db, actor, earlier.id).await;
    }
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
    let rendered = rendered(&state.db, &fields.body, "post").await?;
    let txn = state.db.begin().await?;
    let post = post::ActiveModel {
        author_id: Set(actor.id),
        group_id: Set(place.as_ref().map(|place| place.group.id)),
        kind: Set(kind),
        status: Set(status),
        body: Set(rendered.body),
        body_html: Set(rendered.html),
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
    if status == PostStatus::Published {
        notify::ssr::post_published(&txn, &post, &rendered.mentioned).await?;
    }
    if status == PostStatus::Pending {
        record(
            &txn,
            NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, post.group_id),
        )
        .await?;
    }
    publish(&state.hub, txn).await?;
    if status == PostStatus::Published {
        crate::badges::ssr::earned_after(&state.db, actor.id, crate::badges::ssr::Fact::Post).await;
    }
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
    Ok(if needs_approval(actor, place) {
        PostStatus::Pending
    } else {
        PostStatus::Published
    })
}

/// Whether the group's approval setting holds this member's words for a facilitator.
fn needs_approval(actor: Actor, place: &Place) -> bool {
    if policy::moderate_group(actor, place.policy()).is_ok() {
        return false;
    }
    let published = place
        .member
        .as_ref()
        .map_or(0, |member| member.published_posts);
    match place.group.approval {
        Approval::All => true,
        Approval::NewMembers => published < place.group.approval_threshold,
        Approval::Off => false,
    }
}

/// The author's own post, for changing it, with its group as the author stands in it.
async fn own_post(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<(post::Model, Option<Place>), AppError> {
    let reader = Standing::load(db, actor).await?;
    let (post, _) = visible_post(db, &reader, id).await?;
    if post.author_id != actor.id {
        return Err(AppError::Forbidden);
    }
    let place = match post.group_id {
        Some(group) => Some(place(db, actor, group).await?),
        None => None,
    };
    Ok((post, place))
}

/// Changes the words of one's own post. In a group, the author must still be allowed to post there
/// (a mute or a removal stops edits too), and where approval applies to them a published post goes
/// back to the facilitators.
pub async fn edit(
    state: &AppState,
    actor: Actor,
    id: i64,
    body: &str,
) -> Result<PostView, AppError> {
    let (post, place) = own_post(&state.db, actor, id).await?;
    if let Some(place) = &place {
        may_post(actor, place, post.kind)?;
    }
    let rendered = rendered(&state.db, body, "save").await?;
    let hold = post.status == PostStatus::Published
        && place
            .as_ref()
            .is_some_and(|place| needs_approval(actor, place));
    let txn = state.db.begin().await?;
    let mut row: post::ActiveModel = post.into();
    row.body = Set(rendered.body);
    row.body_html = Set(rendered.html);
    row.edited_at = Set(Some(Utc::now()));
    let mut post = row.update(&txn).await?;
    // Only a post still published goes back to the queue (a facilitator may have hidden it since),
    // and it stops counting among the member's approved posts until it is approved again.
    if hold {
        let held = post::Entity::update_many()
            .col_expr(
                post::Column::Status,
                Expr::value(PostStatus::Pending.as_str()),
            )
            .filter(post::Column::Id.eq(id))
            .filter(post::Column::Status.eq(PostStatus::Published))
            .exec(&txn)
            .await?;
        if held.rows_affected == 1 {
            post.status = PostStatus::Pending;
            group_member::Entity::update_many()
                .col_expr(
                    group_member::Column::PublishedPosts,
                    Expr::col(group_member::Column::PublishedPosts).sub(1),
                )
                .filter(group_member::Column::GroupId.eq(post.group_id))
                .filter(group_member::Column::UserId.eq(actor.id))
                .exec(&txn)
                .await?;
            record(
                &txn,
                NewEvent::new(LiveKind::PostGone, Audience::Readers, post.group_id).post(id),
            )
            .await?;
            record(
                &txn,
                NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, post.group_id),
            )
            .await?;
        }
    }
    announce(&txn, LiveKind::PostChanged, &post).await?;
    if post.status == PostStatus::Published {
        notify::ssr::tell_mentioned(&txn, &post, None, &rendered.mentioned).await?;
    }
    publish(&state.hub, txn).await?;
    one(&state.db, actor, id).await
}

/// Deletes one's own post, its comments and reactions with it.
/// Deletes one's own post; answers the group it was in.
pub async fn delete(state: &AppState, actor: Actor, id: i64) -> Result<Option<i64>, AppError> {
    let (post, _) = own_post(&state.db, actor, id).await?;
    let txn = state.db.begin().await?;
    post::Entity::delete_by_id(post.id).exec(&txn).await?;
    announce(&txn, LiveKind::PostGone, &post).await?;
    // Its reports go with it: the queue changes.
    record(
        &txn,
        NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, post.group_id),
    )
    .await?;
    publish(&state.hub, txn).await?;
    Ok(post.group_id)
}
