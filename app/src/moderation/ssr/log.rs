//! Writing and reading the moderation log: one row per action, written in the action's transaction.

use crate::{
    clock,
    db::{group, moderation_log, user},
    error::AppError,
    feed::types::GroupRef,
    moderation::types::{LogEntry, LogPage, ModerationKind},
    people::types::PersonRef,
    policy::Actor,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Log rows per page.
const PAGE: u64 = 50;

/// The longest reason a moderator may give, in characters.
pub const MAX_REASON: usize = 500;

/// A moderator's reason, trimmed: refused when it is missing but `required`, or too long. Every
/// action that takes a reason passes it through here before it reaches the log or the person.
pub fn reason_checked(reason: &str, required: bool) -> Result<&str, AppError> {
    let reason = reason.trim();
    if required && reason.is_empty() {
        return Err(AppError::invalid(
            "Say why: the person and the log will show it.",
        ));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(AppError::invalid(format!(
            "Keep the reason under {MAX_REASON} characters."
        )));
    }
    Ok(reason)
}

/// One moderation action about to be logged.
pub struct Action {
    row: moderation_log::ActiveModel,
}

/// Starts a log row: what was done, by whom, in which group (None: the company feed).
pub fn action(kind: ModerationKind, actor: Actor, group: Option<i64>) -> Action {
    Action {
        row: moderation_log::ActiveModel {
            kind: Set(kind),
            actor_id: Set(actor.id),
            group_id: Set(group),
            target_user_id: Set(None),
            post_id: Set(None),
            comment_id: Set(None),
            reason: Set(String::new()),
            expires_at: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    }
}

impl Action {
    pub fn target(mut self, person: i64) -> Self {
        self.row.target_user_id = Set(Some(person));
        self
    }

    pub fn post(mut self, post: i64) -> Self {
        self.row.post_id = Set(Some(post));
        self
    }

    pub fn comment(mut self, comment: i64) -> Self {
        self.row.comment_id = Set(Some(comment));
        self
    }

    pub fn reason(mut self, reason: &str) -> Self {
        self.row.reason = Set(reason.to_string());
        self
    }

    pub fn expires(mut self, at: DateTime<Utc>) -> Self {
        self.row.expires_at = Set(Some(at));
        self
    }

    pub async fn write(self, db: &impl ConnectionTrait) -> Result<(), AppError> {
        self.row.insert(db).await?;
        Ok(())
    }
}

/// A page of the log, newest first: one group's, or (for `None`) every group's and the company feed's.
pub async fn page(
    db: &impl ConnectionTrait,
    group: Option<i64>,
    after: Option<i64>,
) -> Result<LogPage, AppError> {
    let mut query = moderation_log::Entity::find().order_by_desc(moderation_log::Column::Id);
    if let Some(group) = group {
        query = query.filter(moderation_log::Column::GroupId.eq(group));
    }
    if let Some(after) = after {
        query = query.filter(moderation_log::Column::Id.lt(after));
    }
    let rows = query.limit(PAGE + 1).all(db).await?;
    let next = (rows.len() as u64 > PAGE).then(|| rows[PAGE as usize - 1].id);
    let rows: Vec<_> = rows.into_iter().take(PAGE as usize).collect();
    let people = people_by_id(
        db,
        rows.iter()
            .flat_map(|row| [Some(row.actor_id), row.target_user_id])
            .flatten()
            .collect(),
    )
    .await?;
    let groups = group_refs(db, rows.iter().filter_map(|row| row.group_id).collect()).await?;
    let entries = rows
        .into_iter()
        .map(|row| LogEntry {
            id: row.id,
            kind: row.kind,
            actor: person_or_former(&people, row.actor_id),
            group: row.group_id.and_then(|id| groups.get(&id).cloned()),
            target: row.target_user_id.map(|id| person_or_former(&people, id)),
            post_id: row.post_id,
            comment_id: row.comment_id,
            reason: row.reason,
            expires_label: row.expires_at.map(clock::label),
            created_label: clock::label(row.created_at),
        })
        .collect();
    Ok(LogPage { entries, next })
}

/// People by id, for naming them in lists.
pub async fn people_by_id(
    db: &impl ConnectionTrait,
    mut ids: Vec<i64>,
) -> Result<HashMap<i64, PersonRef>, AppError> {
    ids.sort_unstable();
    ids.dedup();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|person| {
            (
                person.id,
                PersonRef {
                    id: person.id,
                    name: person.name,
                    email: person.email,
                },
            )
        })
        .collect())
}

/// Groups by id, named.
pub async fn group_refs(
    db: &impl ConnectionTrait,
    mut ids: Vec<i64>,
) -> Result<HashMap<i64, GroupRef>, AppError> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(group::Entity::find()
        .filter(group::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|group| {
            (
                group.id,
                GroupRef {
                    id: group.id,
                    name: group.name,
                },
            )
        })
        .collect())
}

/// Someone named in the log whose account is gone.
pub fn person_or_former(people: &HashMap<i64, PersonRef>, id: i64) -> PersonRef {
    people.get(&id).cloned().unwrap_or(PersonRef {
        id,
        name: "Former member".into(),
        email: String::new(),
    })
}
