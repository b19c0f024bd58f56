//! Writing notifications in the transaction of what caused them, and reading them back for their
//! reader, who must still be allowed to see what each one is about.

use crate::{
    auth::ssr::app_state,
    clock,
    db::{
        comment, course, group, group_member, group_notification_level, library_item, notification,
        notification_actor, path, post, user,
    },
    error::AppError,
    feed::types::{PostKind, PostStatus},
    groups::types::{GroupRole, MemberStatus},
    library::types::ItemStatus,
    live::{
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    moderation::types::Decision,
    notify::{
        mail,
        types::{Cadence, GroupLevel, Notice, NoticeCursor, NoticeKind, NoticePage},
    },
    people::types::AccountStatus,
    policy::Actor,
    standing::Standing,
    state::AppState,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Expr, OnConflict, Query},
};
use std::collections::HashMap;

/// Notifications per page.
const PAGE: u64 = 20;
/// The unread count stops here; the bell shows "99+".
pub const UNREAD_CAP: u64 = 99;

/// How a notification meets an earlier one about the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    /// While unread, later ones join it: "Priya and 4 others commented".
    Gather,
    /// Told once and never again: a mention, an announcement, an approval.
    Once,
    /// Each is news of its own: every moderator's decision.
    Every,
}

fn repeat(kind: NoticeKind) -> Repeat {
    match kind {
        NoticeKind::Comment | NoticeKind::Reply | NoticeKind::JoinRequested => Repeat::Gather,
        NoticeKind::Mention
        | NoticeKind::Announcement
        | NoticeKind::AnswerAccepted
        | NoticeKind::PostApproved
        | NoticeKind::PathAssigned
        | NoticeKind::GroupPost => Repeat::Once,
        // Work sent back and sent again asks for review again.
        NoticeKind::PostRemoved
        | NoticeKind::PostHidden
        | NoticeKind::ReportResolved
        | NoticeKind::JoinApproved
        | NoticeKind::JoinDeclined
        | NoticeKind::ReviewRequested
        | NoticeKind::ReviewApproved
        | NoticeKind::ReviewSentBack
        | NoticeKind::Campaign
        | NoticeKind::Missed => Repeat::Every,
    }
}

/// One thing to tell one person.
#[derive(Debug, Clone)]
pub struct Tell {
    kind: NoticeKind,
    recipient: i64,
    actor: Option<i64>,
    group: Option<i64>,
    post: Option<i64>,
    comment: Option<i64>,
    path: Option<i64>,
    item: Option<i64>,
    course: Option<i64>,
    reason: Option<String>,
}

impl Tell {
    pub fn new(kind: NoticeKind, recipient: i64) -> Self {
        Self {
            kind,
            recipient,
            actor: None,
            group: None,
            post: None,
            comment: None,
            path: None,
            item: None,
            course: None,
            reason: None,
        }
    }

    /// The person it comes from.
    pub fn by(mut self, actor: i64) -> Self {
        self.actor = Some(actor);
        self
    }

    pub fn group(mut self, group: Option<i64>) -> Self {
        self.group = group;
        self
    }

    pub fn post(mut self, post: i64) -> Self {
        self.post = Some(post);
        self
    }

    pub fn comment(mut self, comment: i64) -> Self {
        self.comment = Some(comment);
        self
    }

    pub fn path(mut self, path: i64) -> Self {
        self.path = Some(path);
        self
    }

    /// A library item.
    pub fn item(mut self, item: i64) -> Self {
        self.item = Some(item);
        self
    }

    pub fn course(mut self, course: i64) -> Self {
        self.course = Some(course);
        self
    }

    /// A moderator's reason or a reviewer's note; an empty one is not shown.
    pub fn reason(mut self, reason: &str) -> Self {
        self.reason = Some(reason.trim().to_string()).filter(|reason| !reason.is_empty());
        self
    }

    /// The same notification for someone else.
    pub fn to(&self, recipient: i64) -> Self {
        Self {
            recipient,
            ..self.clone()
        }
    }
}

/// Matches a column to a value that may be missing.
fn same(column: impl ColumnTrait, value: Option<i64>) -> Condition {
    Condition::all().add(match value {
        Some(value) => column.eq(value),
        None => column.is_null(),
    })
}

/// Writes a notification inside the caller's transaction, so it exists exactly when its cause does,
/// and tells the person's open pages. Nobody is told of what they did themselves.
pub async fn tell(db: &impl ConnectionTrait, tell: Tell) -> Result<(), AppError> {
    if tell.actor == Some(tell.recipient) {
        return Ok(());
    }
    // A group's activity reaches only those who have not turned the group off; announcements and
    // decisions about one's own posts and requests always do.
    let activity = matches!(
        tell.kind,
        NoticeKind::Mention | NoticeKind::Comment | NoticeKind::Reply | NoticeKind::JoinRequested
    );
    if activity
        && let Some(group) = tell.group
        && group_level(db, tell.recipient, group).await? == GroupLevel::Off
    {
        return Ok(());
    }
    let now = Utc::now();
    let earlier = match repeat(tell.kind) {
        Repeat::Every => None,
        Repeat::Gather | Repeat::Once => {
            let mut earlier = notification::Entity::find()
                .filter(notification::Column::RecipientId.eq(tell.recipient))
                .filter(notification::Column::Kind.eq(tell.kind))
                .filter(same(notification::Column::GroupId, tell.group))
                .filter(same(notification::Column::PostId, tell.post))
                .filter(same(notification::Column::PathId, tell.path))
                .filter(same(notification::Column::ItemId, tell.item))
                .filter(same(notification::Column::CourseId, tell.course));
            // Comments on a post gather whichever comment each is; the latest is quoted.
            if tell.kind != NoticeKind::Comment {
                earlier = earlier.filter(same(notification::Column::CommentId, tell.comment));
            }
            earlier
                .order_by_desc(notification::Column::Id)
                .one(db)
                .await?
        }
    };
    match earlier {
        Some(_) if repeat(tell.kind) == Repeat::Once => return Ok(()),
        Some(row) if row.read_at.is_none() => {
            if let Some(actor) = tell.actor {
                add_actor(db, row.id, actor).await?;
            }
            let actors = notification_actor::Entity::find()
                .filter(notification_actor::Column::NotificationId.eq(row.id))
                .count(db)
                .await?;
            let mut row: notification::ActiveModel = row.into();
            row.actor_id = Set(tell.actor);
            row.comment_id = Set(tell.comment);
            row.actor_count = Set(i32::try_from(actors).unwrap_or(i32::MAX));
            row.updated_at = Set(now);
            row.update(db).await?;
        }
        _ => {
            let row = notification::ActiveModel {
                recipient_id: Set(tell.recipient),
                kind: Set(tell.kind),
                actor_id: Set(tell.actor),
                actor_count: Set(i32::from(tell.actor.is_some())),
                group_id: Set(tell.group),
                post_id: Set(tell.post),
                comment_id: Set(tell.comment),
                path_id: Set(tell.path),
                item_id: Set(tell.item),
                course_id: Set(tell.course),
                reason: Set(tell.reason),
                created_at: Set(now),
                updated_at: Set(now),
                read_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?;
            if let Some(actor) = tell.actor.filter(|_| repeat(tell.kind) == Repeat::Gather) {
                add_actor(db, row.id, actor).await?;
            }
            // One email per notification: later ones gathered into it while unread send none.
            email(db, &row).await?;
        }
    }
    record(db, changed(tell.recipient)).await
}

/// Emails a new notification to its reader, unless they asked not to be, their account is not
/// active, or they may no longer see what it is about.
async fn email(db: &impl ConnectionTrait, row: &notification::Model) -> Result<(), AppError> {
    // Only what the person wants at once goes now; digests gather the rest.
    let cadence = mail::cadences(db, &[row.recipient_id], row.kind).await?[&row.recipient_id];
    if cadence != Cadence::Instant {
        return Ok(());
    }
    let Some(person) = user::Entity::find_by_id(row.recipient_id)
        .one(db)
        .await?
        .filter(|person| person.status == AccountStatus::Active)
    else {
        return Ok(());
    };
    let reader = Standing::load(
        db,
        Actor {
            id: person.id,
            role: person.role,
        },
    )
    .await?;
    let context = Context::load(db, std::slice::from_ref(row)).await?;
    if !context.still_for(&reader, row) {
        return Ok(());
    }
    let notice = context.notice(&reader, row.clone());
    let mail = mail::notice_mail(
        &mail::link_base(),
        &mail::Signer::load(db).await?,
        format!("notification-{}", row.id),
        &person,
        row.kind,
        &notice,
    );
    mail::queue(db, [mail]).await
}

/// Tells each of these people the same thing.
pub async fn tell_each(
    db: &impl ConnectionTrait,
    recipients: impl IntoIterator<Item = i64>,
    what: Tell,
) -> Result<(), AppError> {
    for recipient in recipients {
        tell(db, what.to(recipient)).await?;
    }
    Ok(())
}

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
        let rows = members.iter().map(|&member| notification::ActiveModel {
            recipient_id: Set(member),
            kind: Set(NoticeKind::Announcement),
            actor_id: Set(Some(post.author_id)),
            actor_count: Set(1),
            group_id: Set(Some(group)),
            post_id: Set(Some(post.id)),
            comment_id: Set(None),
            path_id: Set(None),
            item_id: Set(None),
            course_id: Set(None),
            reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        });
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
    let reader = Standing::load(
        db,
        Actor {
            id: author.id,
            role: author.role,
        },
    )
    .await?;
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

async fn add_actor(
    db: &impl ConnectionTrait,
    notification: i64,
    actor: i64,
) -> Result<(), AppError> {
    notification_actor::Entity::insert(notification_actor::ActiveModel {
        notification_id: Set(notification),
        actor_id: Set(actor),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            notification_actor::Column::NotificationId,
            notification_actor::Column::ActorId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Commits a change whose notifications were written with it, and rings the hub so open pages hear
/// of them at once (for changes made outside the live areas, which commit on their own).
pub async fn commit(txn: DatabaseTransaction) -> Result<(), AppError> {
    match app_state() {
        Ok(state) => publish(&state.hub, txn).await,
        Err(_) => Ok(txn.commit().await?),
    }
}

/// The event that brings a person's bell and notification page up to date.
fn changed(person: i64) -> NewEvent {
    NewEvent::new(LiveKind::NotificationsChanged, Audience::Person, None).person(person)
}

/// What the notifications are about, read once for a page of them.
pub(super) struct Context {
    people: HashMap<i64, String>,
    posts: HashMap<i64, post::Model>,
    comments: HashMap<i64, comment::Model>,
    groups: HashMap<i64, String>,
    paths: HashMap<i64, String>,
    /// Library items and courses: their titles, and whether they wait for review.
    items: HashMap<i64, (String, ItemStatus)>,
    courses: HashMap<i64, (String, ItemStatus)>,
}

impl Context {
    pub(super) async fn load(
        db: &impl ConnectionTrait,
        rows: &[notification::Model],
    ) -> Result<Context, AppError> {
        let ids = |pick: fn(&notification::Model) -> Option<i64>| -> Vec<i64> {
            let mut ids: Vec<i64> = rows.iter().filter_map(pick).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let posts = post::Entity::find()
            .filter(post::Column::Id.is_in(ids(|row| row.post_id)))
            .all(db)
            .await?;
        let comments = comment::Entity::find()
            .filter(comment::Column::Id.is_in(ids(|row| row.comment_id)))
            .all(db)
            .await?;
        let people = user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::Name])
            .filter(user::Column::Id.is_in(ids(|row| row.actor_id)))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        let groups = group::Entity::find()
            .select_only()
            .columns([group::Column::Id, group::Column::Name])
            .filter(group::Column::Id.is_in(ids(|row| row.group_id)))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        let paths = path::Entity::find()
            .select_only()
            .columns([path::Column::Id, path::Column::Title])
            .filter(path::Column::Id.is_in(ids(|row| row.path_id)))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        let items = library_item::Entity::find()
            .select_only()
            .columns([
                library_item::Column::Id,
                library_item::Column::Title,
                library_item::Column::Status,
            ])
            .filter(library_item::Column::Id.is_in(ids(|row| row.item_id)))
            .into_tuple::<(i64, String, ItemStatus)>()
            .all(db)
            .await?;
        let courses = course::Entity::find()
            .select_only()
            .columns([
                course::Column::Id,
                course::Column::Title,
                course::Column::Status,
            ])
            .filter(course::Column::Id.is_in(ids(|row| row.course_id)))
            .into_tuple::<(i64, String, ItemStatus)>()
            .all(db)
            .await?;
        Ok(Context {
            paths: paths.into_iter().collect(),
            items: items
                .into_iter()
                .map(|(id, title, status)| (id, (title, status)))
                .collect(),
            courses: courses
                .into_iter()
                .map(|(id, title, status)| (id, (title, status)))
                .collect(),
            people: people.into_iter().collect(),
            posts: posts.into_iter().map(|post| (post.id, post)).collect(),
            comments: comments
                .into_iter()
                .map(|comment| (comment.id, comment))
                .collect(),
            groups: groups.into_iter().collect(),
        })
    }

    /// The post a notification is about, if the reader may still see it, or wrote it.
    fn seen_post(&self, reader: &Standing, row: &notification::Model) -> Option<&post::Model> {
        row.post_id
            .and_then(|id| self.posts.get(&id))
            .filter(|post| reader.sees(post) || post.author_id == reader.actor.id)
    }

    /// Whether the reader may still see what the notification is about. A removed post's author, and
    /// whoever reported it, are still told what became of it, without its words or a link to it.
    pub(super) fn still_for(&self, reader: &Standing, row: &notification::Model) -> bool {
        let post_seen = row.post_id.is_none()
            || matches!(
                row.kind,
                NoticeKind::PostRemoved | NoticeKind::ReportResolved
            )
            || self.seen_post(reader, row).is_some();
        // A request to join waits on the group's facilitators: someone no longer one has no say.
        let group_seen = row.kind != NoticeKind::JoinRequested || reader.moderates(row.group_id);
        // Work to review is news only while it still waits; work that is gone is no news at all.
        let work_there = match self.work(row) {
            Some((_, status)) => {
                row.kind != NoticeKind::ReviewRequested || status == ItemStatus::InReview
            }
            None => row.item_id.is_none() && row.course_id.is_none(),
        };
        let path_there = row.path_id.is_none_or(|id| self.paths.contains_key(&id));
        post_seen && group_seen && work_there && path_there
    }

    /// The library item or course a notification is about, named as the sentence needs it.
    fn work(&self, row: &notification::Model) -> Option<(String, ItemStatus)> {
        if let Some((title, status)) = row.item_id.and_then(|id| self.items.get(&id)) {
            return Some((format!("“{title}”"), *status));
        }
        row.course_id
            .and_then(|id| self.courses.get(&id))
            .map(|(title, status)| (format!("the course “{title}”"), *status))
    }

    pub(super) fn notice(&self, reader: &Standing, row: notification::Model) -> Notice {
        let who = match row.actor_id.and_then(|id| self.people.get(&id)) {
            Some(name) if row.actor_count > 2 => {
                format!("{name} and {} others", row.actor_count - 1)
            }
            Some(name) if row.actor_count == 2 => format!("{name} and 1 other"),
            Some(name) => name.clone(),
            None => "Someone".into(),
        };
        let quoted = self
            .seen_post(reader, &row)
            .map(|post| format!("“{}”", quote(&post.body)));
        let about = quoted.clone().unwrap_or_else(|| "a post".into());
        let group = row
            .group_id
            .and_then(|id| self.groups.get(&id))
            .cloned()
            .unwrap_or_else(|| "a group".into());
        let work = self
            .work(&row)
            .map_or_else(|| "your work".to_string(), |(named, _)| named);
        let path = row
            .path_id
            .and_then(|id| self.paths.get(&id))
            .map_or_else(|| "a path".to_string(), |title| format!("“{title}”"));
        let words = match row.kind {
            NoticeKind::Mention if row.comment_id.is_some() => {
                format!("{who} mentioned you in a comment on {about}")
            }
            NoticeKind::Mention => format!("{who} mentioned you in {about}"),
            NoticeKind::Comment => format!("{who} commented on your post {about}"),
            NoticeKind::Reply => format!("{who} replied to your comment on {about}"),
            NoticeKind::AnswerAccepted => format!("{who} accepted your answer to {about}"),
            // Moderators' decisions are the group's, not a person's: authors and reporters are not
            // told who made them (the moderation log keeps that for moderators).
            NoticeKind::PostApproved => format!("Your post {about} was approved"),
            NoticeKind::PostRemoved => format!("Your post {about} was removed"),
            NoticeKind::PostHidden => format!("Your post {about} was hidden"),
            NoticeKind::ReportResolved => match quoted {
                Some(quoted) => format!("Your report about {quoted} was resolved"),
                None => "Your report was resolved".to_string(),
            },
            NoticeKind::JoinApproved => format!("{who} let you into {group}"),
            NoticeKind::JoinDeclined => format!("{who} declined your request to join {group}"),
            NoticeKind::JoinRequested => format!("{who} asked to join {group}"),
            NoticeKind::Announcement => format!("{who} announced in {group}: {about}"),
            NoticeKind::ReviewRequested => format!("{who} asks you to review {work}"),
            NoticeKind::ReviewApproved => format!("{who} approved {work}: it's published"),
            NoticeKind::ReviewSentBack => format!("{who} sent {work} back to you"),
            NoticeKind::PathAssigned if row.actor_id.is_none() => {
                format!("You have a new learning path: {path}")
            }
            NoticeKind::PathAssigned => format!("{who} assigned you the learning path {path}"),
            NoticeKind::GroupPost => format!("{who} posted in {group}: {about}"),
            NoticeKind::Campaign => format!("{who} sent you an onboarding email"),
            NoticeKind::Missed => format!("{who} posted while you were away"),
        };
        let detail = row.reason.clone().or_else(|| {
            row.comment_id
                .and_then(|id| self.comments.get(&id))
                .filter(|comment| {
                    comment.status == PostStatus::Published
                        && matches!(row.kind, NoticeKind::Comment | NoticeKind::Mention)
                })
                .map(|comment| quote(&comment.body))
        });
        let link = match row.kind {
            NoticeKind::PostRemoved => None,
            NoticeKind::ReportResolved => Some("/reports".to_string()),
            NoticeKind::JoinApproved | NoticeKind::JoinDeclined | NoticeKind::JoinRequested => {
                row.group_id.map(|id| format!("/groups/{id}"))
            }
            NoticeKind::PathAssigned => row.path_id.map(|id| format!("/paths/{id}")),
            NoticeKind::ReviewRequested
            | NoticeKind::ReviewApproved
            | NoticeKind::ReviewSentBack => match (row.item_id, row.course_id) {
                (Some(item), _) => Some(format!("/library/items/{item}")),
                (None, Some(course)) => Some(format!("/courses/{course}")),
                (None, None) => None,
            },
            // Straight to the comment, where there is one.
            _ => row.post_id.map(|id| match row.comment_id {
                Some(comment) => format!("/posts/{id}#comment-{comment}"),
                None => format!("/posts/{id}"),
            }),
        };
        Notice {
            id: row.id,
            kind: row.kind,
            words,
            detail,
            link,
            when: clock::label(row.updated_at),
            stamp: clock::stamp(row.updated_at),
            read: row.read_at.is_some(),
        }
    }
}

/// The start of a post or comment as a short quote: its first line, without Markdown's marks.
pub fn quote(body: &str) -> String {
    const LONGEST: usize = 60;
    let line = body
        .lines()
        .map(|line| line.trim_start_matches(['#', '>', '-', '*', ' ']).trim())
        .find(|line| !line.is_empty())
        .unwrap_or_default()
        .replace(['*', '_', '`'], "");
    if line.chars().count() > LONGEST {
        let cut: String = line.chars().take(LONGEST - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        line
    }
}

/// The reader's notifications, newest first, a page at a time.
pub async fn page(
    db: &impl ConnectionTrait,
    actor: Actor,
    after: Option<NoticeCursor>,
) -> Result<NoticePage, AppError> {
    let reader = Standing::load(db, actor).await?;
    let mut query = notification::Entity::find()
        .filter(notification::Column::RecipientId.eq(actor.id))
        .order_by_desc(notification::Column::UpdatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(PAGE + 1);
    if let Some(after) = after {
        let at = DateTime::from_timestamp_micros(after.at)
            .ok_or_else(|| AppError::invalid("That page of notifications doesn't exist."))?;
        query = query.filter(
            Condition::any()
                .add(notification::Column::UpdatedAt.lt(at))
                .add(
                    Condition::all()
                        .add(notification::Column::UpdatedAt.eq(at))
                        .add(notification::Column::Id.lt(after.id)),
                ),
        );
    }
    let mut rows = query.all(db).await?;
    let next = (rows.len() as u64 > PAGE).then(|| {
        let last = &rows[PAGE as usize - 1];
        NoticeCursor {
            at: last.updated_at.timestamp_micros(),
            id: last.id,
        }
    });
    rows.truncate(PAGE as usize);
    let context = Context::load(db, &rows).await?;
    Ok(NoticePage {
        notices: rows
            .into_iter()
            .filter(|row| context.still_for(&reader, row))
            .map(|row| context.notice(&reader, row))
            .collect(),
        next,
    })
}

/// How many unread notifications the reader has about what they may still see, up to `UNREAD_CAP`.
pub async fn unread(db: &impl ConnectionTrait, actor: Actor) -> Result<i64, AppError> {
    let rows = notification::Entity::find()
        .filter(notification::Column::RecipientId.eq(actor.id))
        .filter(notification::Column::ReadAt.is_null())
        .order_by_desc(notification::Column::Id)
        .limit(UNREAD_CAP)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let reader = Standing::load(db, actor).await?;
    let context = Context::load(db, &rows).await?;
    Ok(rows
        .iter()
        .filter(|row| context.still_for(&reader, row))
        .count() as i64)
}

/// Marks one of the reader's notifications read, or all of them (None). Marking twice changes
/// nothing; another person's notification is not found.
pub async fn mark_read(state: &AppState, actor: Actor, id: Option<i64>) -> Result<(), AppError> {
    let db = &state.db;
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::RecipientId.eq(actor.id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        let mine = notification::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_some_and(|row| row.recipient_id == actor.id);
        if !mine {
            return Err(AppError::NotFound);
        }
        update = update.filter(notification::Column::Id.eq(id));
    }
    let txn = db.begin().await?;
    if update.exec(&txn).await?.rows_affected > 0 {
        record(&txn, changed(actor.id)).await?;
    }
    publish(&state.hub, txn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_the_first_line_without_markdown_marks() {
        assert_eq!(quote("# Welcome **all**\n\nmore"), "Welcome all");
        assert_eq!(quote("\n\n> quoted `code`"), "quoted code");
    }

    #[test]
    fn a_long_first_line_is_cut_with_an_ellipsis() {
        let long = "word ".repeat(30);
        let quoted = quote(&long);
        assert!(quoted.ends_with('…'));
        assert!(quoted.chars().count() <= 60);
    }

    #[test]
    fn comments_gather_and_decisions_are_each_told() {
        assert_eq!(repeat(NoticeKind::Comment), Repeat::Gather);
        assert_eq!(repeat(NoticeKind::Mention), Repeat::Once);
        assert_eq!(repeat(NoticeKind::PostHidden), Repeat::Every);
    }
}
