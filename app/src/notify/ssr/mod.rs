//! Notifications on the server, in three parts: writing one in the transaction of what caused it
//! (here), the causes that write them (`causes`), and reading them back for their reader, who must
//! still be allowed to see what each one is about (`reading`).

mod causes;
mod reading;

pub use causes::*;
pub(in crate::notify) use reading::Context;
pub use reading::*;

use crate::{
    auth::ssr::app_state,
    db::{notification, notification_actor, user},
    error::AppError,
    live::{
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    notify::{
        mail,
        types::{Cadence, GroupLevel, NoticeKind},
    },
    people::types::AccountStatus,
    policy::Actor,
    standing::Standing,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    sea_query::OnConflict,
};

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
        NoticeKind::Comment
        | NoticeKind::Reply
        | NoticeKind::Reaction
        | NoticeKind::Follower
        | NoticeKind::JoinRequested => Repeat::Gather,
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
        | NoticeKind::BadgeAwarded
        | NoticeKind::Campaign
        | NoticeKind::Missed
        | NoticeKind::SessionChanged
        | NoticeKind::SessionCancelled
        | NoticeKind::SessionSeat => Repeat::Every,
        // Each reminder goes once, which the answer's row keeps track of.
        NoticeKind::SessionReminder => Repeat::Every,
        // A reminder goes once per due day, which the path's reminders keep track of.
        NoticeKind::PathDueSoon | NoticeKind::PathOverdue => Repeat::Every,
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
    session: Option<i64>,
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
            session: None,
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

    /// A live session.
    pub fn session(mut self, session: i64) -> Self {
        self.session = Some(session);
        self
    }

    /// A moderator's reason or a reviewer's note; an empty one is not shown.
    pub fn reason(mut self, reason: &str) -> Self {
        self.reason = Some(reason.trim().to_string()).filter(|reason| !reason.is_empty());
        self
    }

    /// The new, unread notification it makes.
    fn row(&self, now: DateTime<Utc>) -> notification::ActiveModel {
        notification::ActiveModel {
            recipient_id: Set(self.recipient),
            kind: Set(self.kind),
            actor_id: Set(self.actor),
            actor_count: Set(i32::from(self.actor.is_some())),
            group_id: Set(self.group),
            post_id: Set(self.post),
            comment_id: Set(self.comment),
            path_id: Set(self.path),
            item_id: Set(self.item),
            course_id: Set(self.course),
            session_id: Set(self.session),
            reason: Set(self.reason.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }
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
        NoticeKind::Mention
            | NoticeKind::Comment
            | NoticeKind::Reply
            | NoticeKind::Reaction
            | NoticeKind::JoinRequested
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
            let row = tell.row(now).insert(db).await?;
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
    let reader = Standing::load(db, Actor::of(&person)).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_gather_and_decisions_are_each_told() {
        assert_eq!(repeat(NoticeKind::Comment), Repeat::Gather);
        assert_eq!(repeat(NoticeKind::Mention), Repeat::Once);
        assert_eq!(repeat(NoticeKind::PostHidden), Repeat::Every);
    }
}
