//! What causes a notification: posts, comments, moderators' decisions, groups' members.

use super::{Context, Tell, tell, tell_each};
use crate::{
    db::{
        comment, group_member, group_notification_level, notification, notification_actor, post,
        user,
    },
    error::AppError,
    feed::types::PostKind,
    groups::types::{GroupRole, MemberStatus},
    live::{
        ssr::{NewEvent, record},
        types::{Audience, LiveKind},
    },
    moderation::types::Decision,
    notify::{
        mail,
        types::{Cadence, GroupLevel, NoticeKind},
    },
    people::types::AccountStatus,
    policy::Actor,
    standing::Standing,
};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    sea_query::{OnConflict, Query},
};

/// A post that just went out: the people it mentions are told, and an announcement in a group
/// reaches every member.
pub async fn post_published(
    db: &impl ConnectionTrait,
    post: &post::Model,
    mentioned: &[i64],
) -> Result<(), AppError> {
    tell_mentioned(db, post, None, mentioned).await?;
    if post.kind != PostKind::Announcement {
        tell_followers(db, post, mentioned).await?;
    }
    if post.kind == PostKind::Announcement
        && let Some(group) = post.group_id
    {
        let members = group_member::Entity::find()
            .select_only()
            .column(group_member::Column::UserId)
            .filter(group_member::Column::GroupId.eq(group))
            .filter(group_member::Column::Status.eq(MemberStatus::Active))
            .filter(group_member::Column::UserId.ne(post.author_id))
            .into_tuple::<i64>()
            .all(db)
            .await?;
        let now = Utc::now();
        let announced = Tell::new(NoticeKind::Announcement, post.author_id)
            .by(post.author_id)
            .group(Some(group))
            .post(post.id);
        let rows = members.iter().map(|&member| announced.to(member).row(now));
        // A new post has no notifications yet, so a large group is told in a few statements, and
        // its members' pages hear of it through one event for the group.
        for chunk in rows.collect::<Vec<_>>().chunks(500) {
            notification::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(db)
                .await?;
        }
        record(
            db,
            NewEvent::new(
                LiveKind::NotificationsChanged,
                Audience::Readers,
                Some(group),
            ),
        )
        .await?;
        email_announcement(db, post, &members).await?;
    }
    Ok(())
}

/// Emails an announcement to the group's members who want announcements at once. Its words are the
/// same for every member, so they are written once.
async fn email_announcement(
    db: &impl ConnectionTrait,
    post: &post::Model,
    members: &[i64],
) -> Result<(), AppError> {
    let cadences = mail::cadences(db, members, NoticeKind::Announcement).await?;
    let wanted: Vec<i64> = members
        .iter()
        .copied()
        .filter(|member| cadences[member] == Cadence::Instant)
        .collect();
    let (Some(first), Some(author)) = (
        notification::Entity::find()
            .filter(notification::Column::PostId.eq(post.id))
            .filter(notification::Column::Kind.eq(NoticeKind::Announcement))
            .one(db)
            .await?,
        user::Entity::find_by_id(post.author_id).one(db).await?,
    ) else {
        return Ok(());
    };
    let reader = Standing::load(db, Actor::of(&author)).await?;
    let notice = Context::load(db, std::slice::from_ref(&first))
        .await?
        .notice(&reader, first);
    let (base, signer) = (mail::link_base(), mail::Signer::load(db).await?);
    let mut mails = Vec::new();
    for chunk in wanted.chunks(500) {
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .all(db)
            .await?;
        mails.extend(people.iter().map(|person| {
            mail::notice_mail(
                &base,
                &signer,
                format!("announcement-{}-{}", post.id, person.id),
                person,
                NoticeKind::Announcement,
                &notice,
            )
        }));
    }
    mail::queue(db, mails).await
}

/// How much of a group reaches a member: their choice, else its highlights.
pub async fn group_level(
    db: &impl ConnectionTrait,
    person: i64,
    group: i64,
) -> Result<GroupLevel, AppError> {
    Ok(group_notification_level::Entity::find()
        .filter(group_notification_level::Column::UserId.eq(person))
        .filter(group_notification_level::Column::GroupId.eq(group))
        .one(db)
        .await?
        .map_or(GroupLevel::Highlights, |row| row.level))
}

/// Sets how much of a group reaches its member; only active members choose.
pub async fn set_group_level(
    db: &impl ConnectionTrait,
    actor: Actor,
    group: i64,
    level: GroupLevel,
) -> Result<(), AppError> {
    let member = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group))
        .filter(group_member::Column::UserId.eq(actor.id))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .one(db)
        .await?;
    if member.is_none() {
        return Err(AppError::invalid(
            "Join the group to choose what of it reaches you.",
        ));
    }
    group_notification_level::Entity::insert(group_notification_level::ActiveModel {
        user_id: Set(actor.id),
        group_id: Set(group),
        level: Set(level),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            group_notification_level::Column::GroupId,
            group_notification_level::Column::UserId,
        ])
        .update_column(group_notification_level::Column::Level)
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A new post in a group reaches the members who follow all of its posts, but those it mentions,
/// who hear of it as a mention.
async fn tell_followers(
    db: &impl ConnectionTrait,
    post: &post::Model,
    mentioned: &[i64],
) -> Result<(), AppError> {
    let Some(group) = post.group_id else {
        return Ok(());
    };
    // A choice outlives a membership: only those still members hear.
    let members = Query::select()
        .column(group_member::Column::UserId)
        .from(group_member::Entity)
        .and_where(group_member::Column::GroupId.eq(group))
        .and_where(group_member::Column::Status.eq(MemberStatus::Active))
        .to_owned();
    let followers = group_notification_level::Entity::find()
        .select_only()
        .column(group_notification_level::Column::UserId)
        .filter(group_notification_level::Column::GroupId.eq(group))
        .filter(group_notification_level::Column::Level.eq(GroupLevel::All))
        .filter(group_notification_level::Column::UserId.in_subquery(members))
        .filter(group_notification_level::Column::UserId.is_not_in(mentioned.iter().copied()))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    tell_each(
        db,
        followers,
        Tell::new(NoticeKind::GroupPost, post.author_id)
            .by(post.author_id)
            .group(Some(group))
            .post(post.id),
    )
    .await
}

/// Tells the people a published post or comment mentions, each once.
pub async fn tell_mentioned(
    db: &impl ConnectionTrait,
    post: &post::Model,
    comment: Option<&comment::Model>,
    people: &[i64],
) -> Result<(), AppError> {
    let author = comment.map_or(post.author_id, |comment| comment.author_id);
    let mut what = Tell::new(NoticeKind::Mention, author)
        .by(author)
        .group(post.group_id)
        .post(post.id);
    if let Some(comment) = comment {
        what = what.comment(comment.id);
    }
    tell_each(db, people.iter().copied(), what).await
}

/// A new comment: the post's author hears of it, the author of the comment replied to hears of the
/// reply, and the people it mentions are told, each person once.
pub async fn commented(
    db: &impl ConnectionTrait,
    post: &post::Model,
    parent: Option<&comment::Model>,
    comment: &comment::Model,
    people: &[i64],
) -> Result<(), AppError> {
    let mut told = vec![comment.author_id];
    if let Some(parent) = parent {
        tell(
            db,
            Tell::new(NoticeKind::Reply, parent.author_id)
                .by(comment.author_id)
                .group(post.group_id)
                .post(post.id)
                .comment(parent.id),
        )
        .await?;
        told.push(parent.author_id);
    }
    if !told.contains(&post.author_id) {
        tell(
            db,
            Tell::new(NoticeKind::Comment, post.author_id)
                .by(comment.author_id)
                .group(post.group_id)
                .post(post.id)
                .comment(comment.id),
        )
        .await?;
        told.push(post.author_id);
    }
    let rest: Vec<i64> = people
        .iter()
        .copied()
        .filter(|person| !told.contains(person))
        .collect();
    tell_mentioned(db, post, Some(comment), &rest).await
}

/// A new reaction, told to the post's author; reactions gather while unread.
pub async fn reacted(
    db: &impl ConnectionTrait,
    post: &post::Model,
    actor: i64,
) -> Result<(), AppError> {
    tell(
        db,
        Tell::new(NoticeKind::Reaction, post.author_id)
            .by(actor)
            .group(post.group_id)
            .post(post.id),
    )
    .await
}

/// Someone started following `person`: gathered while unread, "Ben and 2 others started following you".
pub async fn followed(
    db: &impl ConnectionTrait,
    follower: i64,
    person: i64,
) -> Result<(), AppError> {
    tell(db, Tell::new(NoticeKind::Follower, person).by(follower)).await
}

/// A badge awarded by hand: the person is told by whom, with the badge's name and why.
pub async fn badge_awarded(
    db: &impl ConnectionTrait,
    by: i64,
    person: i64,
    badge: &str,
    note: &str,
) -> Result<(), AppError> {
    tell(
        db,
        Tell::new(NoticeKind::BadgeAwarded, person)
            .by(by)
            .reason(&format!("{badge}: {note}")),
    )
    .await
}

/// A badge earned by a rule (a path completed): nobody awarded it, so nobody is named.
pub async fn badge_earned(
    db: &impl ConnectionTrait,
    person: i64,
    badge: &str,
    why: &str,
) -> Result<(), AppError> {
    tell(
        db,
        Tell::new(NoticeKind::BadgeAwarded, person).reason(&format!("{badge}: {why}")),
    )
    .await
}

/// Whether `person` was ever told that `follower` follows them.
pub async fn told_of_follower(
    db: &impl ConnectionTrait,
    person: i64,
    follower: i64,
) -> Result<bool, AppError> {
    let told = notification_actor::Entity::find()
        .filter(notification_actor::Column::ActorId.eq(follower))
        .filter(
            notification_actor::Column::NotificationId.in_subquery(
                Query::select()
                    .column(notification::Column::Id)
                    .from(notification::Entity)
                    .and_where(notification::Column::RecipientId.eq(person))
                    .and_where(notification::Column::Kind.eq(NoticeKind::Follower))
                    .to_owned(),
            ),
        )
        .count(db)
        .await?;
    Ok(told > 0)
}

/// A moderator's decision on a post, told to its author.
pub async fn post_decided(
    db: &impl ConnectionTrait,
    moderator: Actor,
    post: &post::Model,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    let kind = match decision {
        Decision::Approve => NoticeKind::PostApproved,
        Decision::Reject | Decision::Remove => NoticeKind::PostRemoved,
        Decision::Hide => NoticeKind::PostHidden,
        Decision::Restore => return Ok(()),
    };
    tell(
        db,
        Tell::new(kind, post.author_id)
            .by(moderator.id)
            .group(post.group_id)
            .post(post.id)
            .reason(reason),
    )
    .await
}

/// Someone asks to join a closed group: its owners and facilitators are told, gathered per group.
pub async fn join_requested(
    db: &impl ConnectionTrait,
    group: i64,
    person: i64,
) -> Result<(), AppError> {
    let facilitators = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::UserId)
        .filter(group_member::Column::GroupId.eq(group))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .filter(group_member::Column::Role.is_in([GroupRole::Owner, GroupRole::Facilitator]))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    tell_each(
        db,
        facilitators,
        Tell::new(NoticeKind::JoinRequested, person)
            .by(person)
            .group(Some(group)),
    )
    .await
}
