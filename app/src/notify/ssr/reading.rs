//! Notifications read back for their reader, who must still be allowed to see what each is about.

use super::changed;
use crate::{
    clock,
    db::{comment, course, group, library_item, live_session, notification, path, post, user},
    error::AppError,
    feed::types::PostStatus,
    library::types::ItemStatus,
    live::ssr::{publish, record},
    notify::types::{Notice, NoticeCursor, NoticeKind, NoticePage},
    policy::Actor,
    standing::Standing,
    state::AppState,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait, sea_query::Expr,
};
use std::collections::HashMap;

/// Notifications per page.
const PAGE: u64 = 20;
/// The unread count stops here; the bell shows "99+".
pub const UNREAD_CAP: u64 = 99;

/// What the notifications are about, read once for a page of them.
pub(in crate::notify) struct Context {
    people: HashMap<i64, String>,
    posts: HashMap<i64, post::Model>,
    comments: HashMap<i64, comment::Model>,
    groups: HashMap<i64, String>,
    paths: HashMap<i64, String>,
    /// Live sessions' titles.
    sessions: HashMap<i64, String>,
    /// Library items and courses: their titles, and whether they wait for review.
    items: HashMap<i64, (String, ItemStatus)>,
    courses: HashMap<i64, (String, ItemStatus)>,
}

impl Context {
    pub(in crate::notify) async fn load(
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
        let sessions = live_session::Entity::find()
            .select_only()
            .columns([live_session::Column::Id, live_session::Column::Title])
            .filter(live_session::Column::Id.is_in(ids(|row| row.session_id)))
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
            sessions: sessions.into_iter().collect(),
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
    pub(in crate::notify) fn still_for(
        &self,
        reader: &Standing,
        row: &notification::Model,
    ) -> bool {
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
        let session_there = row
            .session_id
            .is_none_or(|id| self.sessions.contains_key(&id));
        post_seen && group_seen && work_there && path_there && session_there
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

    pub(in crate::notify) fn notice(&self, reader: &Standing, row: notification::Model) -> Notice {
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
        let session = row
            .session_id
            .and_then(|id| self.sessions.get(&id))
            .map_or_else(
                || "a live session".to_string(),
                |title| format!("“{title}”"),
            );
        let words = match row.kind {
            NoticeKind::Mention if row.comment_id.is_some() => {
                format!("{who} mentioned you in a comment on {about}")
            }
            NoticeKind::Mention => format!("{who} mentioned you in {about}"),
            NoticeKind::Comment => format!("{who} commented on your post {about}"),
            NoticeKind::Reply => format!("{who} replied to your comment on {about}"),
            NoticeKind::Reaction => format!("{who} reacted to your post {about}"),
            NoticeKind::Follower => format!("{who} started following you"),
            NoticeKind::BadgeAwarded if row.actor_id.is_none() => "You earned a badge".to_string(),
            NoticeKind::BadgeAwarded => format!("{who} awarded you a badge"),
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
            NoticeKind::PathDueSoon => format!("Your learning path {path} is due soon"),
            NoticeKind::PathOverdue => format!("Your learning path {path} is overdue"),
            NoticeKind::GroupPost => format!("{who} posted in {group}: {about}"),
            NoticeKind::Campaign => format!("{who} sent you an onboarding email"),
            NoticeKind::Missed => format!("{who} posted while you were away"),
            NoticeKind::SessionReminder => format!("Coming up: {session}"),
            NoticeKind::SessionChanged => format!("{who} changed {session}"),
            NoticeKind::SessionCancelled => format!("{who} cancelled {session}"),
            NoticeKind::SessionSeat => format!("A place opened: you're going to {session}"),
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
            NoticeKind::Follower => Some(format!("/people/{}/followers", row.recipient_id)),
            NoticeKind::BadgeAwarded => Some(format!("/people/{}#badges", row.recipient_id)),
            NoticeKind::ReportResolved => Some("/reports".to_string()),
            NoticeKind::JoinApproved | NoticeKind::JoinDeclined | NoticeKind::JoinRequested => {
                row.group_id.map(|id| format!("/groups/{id}"))
            }
            NoticeKind::PathAssigned | NoticeKind::PathDueSoon | NoticeKind::PathOverdue => {
                row.path_id.map(|id| format!("/paths/{id}"))
            }
            NoticeKind::SessionReminder
            | NoticeKind::SessionChanged
            | NoticeKind::SessionCancelled
            | NoticeKind::SessionSeat => row.session_id.map(|id| format!("/sessions/{id}")),
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
}
