//! Reports and the moderation queue: members report, facilitators claim and resolve.

use super::{
    action,
    actions::{already, apply_to_comment, apply_to_post, moderated_post},
    group_refs, people_by_id, person_or_former, reason_checked,
};
use crate::{
    clock,
    db::{comment, group_member, post, report},
    error::AppError,
    feed::{
        ssr::{views, visible_post},
        types::PostStatus,
    },
    groups::{
        ssr::place,
        types::{Member, MemberStatus},
    },
    live::{
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    moderation::types::*,
    notify::{self, ssr::Tell, types::NoticeKind},
    people::types::Role,
    policy::{self, Actor},
    standing::Standing,
    state::AppState,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait, sea_query::Expr,
};

fn queue_changed(group: Option<i64>) -> NewEvent {
    NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, group)
}

/// Reports a post, or one of its comments, to the people who moderate it.
pub async fn report(
    state: &AppState,
    actor: Actor,
    post_id: i64,
    comment_id: Option<i64>,
    reason: &str,
) -> Result<(), AppError> {
    let reader = Standing::load(&state.db, actor).await?;
    let (post, _) = visible_post(&state.db, &reader, post_id).await?;
    let author = match comment_id {
        Some(id) => {
            comment::Entity::find_by_id(id)
                .one(&state.db)
                .await?
                .filter(|comment| {
                    comment.post_id == post_id && comment.status != PostStatus::Removed
                })
                .ok_or(AppError::NotFound)?
                .author_id
        }
        None => post.author_id,
    };
    if author == actor.id {
        return Err(AppError::invalid(
            "You can't report what you wrote yourself.",
        ));
    }
    let reason = reason.trim();
    if !(3..=500).contains(&reason.chars().count()) {
        return Err(AppError::invalid(
            "Tell the facilitators what's wrong, in 3 to 500 characters.",
        ));
    }
    let mut existing = report::Entity::find()
        .filter(report::Column::PostId.eq(post_id))
        .filter(report::Column::ReporterId.eq(actor.id))
        .filter(report::Column::Status.ne(ReportStatus::Resolved));
    existing = match comment_id {
        Some(id) => existing.filter(report::Column::CommentId.eq(id)),
        None => existing.filter(report::Column::CommentId.is_null()),
    };
    if existing.one(&state.db).await?.is_some() {
        return Err(AppError::Conflict(
            "You've already reported this; a facilitator will look at it.".into(),
        ));
    }
    let txn = state.db.begin().await?;
    report::ActiveModel {
        post_id: Set(post_id),
        comment_id: Set(comment_id),
        group_id: Set(post.group_id),
        reporter_id: Set(actor.id),
        reason: Set(reason.to_string()),
        status: Set(ReportStatus::Open),
        claimed_by: Set(None),
        outcome: Set(None),
        resolution: Set(String::new()),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(&txn, queue_changed(post.group_id)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Checks that the actor moderates a group's queue (None: the company feed's, for admins).
async fn check_queue(
    db: &impl ConnectionTrait,
    actor: Actor,
    group: Option<i64>,
) -> Result<(), AppError> {
    match group {
        Some(id) => {
            let place = place(db, actor, id).await?;
            policy::moderate_group(actor, place.policy())
        }
        None => policy::moderate_company(actor),
    }
}

/// Waiting posts or reports shown at a time.
pub const QUEUE_PAGE: u64 = 50;

/// Where each list of the queue starts: after these ids (both lists are oldest first).
#[derive(Debug, Clone, Copy, Default)]
pub struct QueuePages {
    pub posts_after: Option<i64>,
    pub reports_after: Option<i64>,
}

/// A page of rows read with one extra: the rows, and the cursor of the next page when the extra
/// one was there.
fn page_of<T>(mut rows: Vec<T>, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<i64>) {
    let size = QUEUE_PAGE as usize;
    let next = (rows.len() > size).then(|| id(&rows[size - 1]));
    rows.truncate(size);
    (rows, next)
}

/// What waits for the moderators of a group, or of the company feed.
pub async fn queue(
    db: &impl ConnectionTrait,
    actor: Actor,
    group: Option<i64>,
    pages: QueuePages,
) -> Result<Queue, AppError> {
    check_queue(db, actor, group).await?;
    let in_scope = |column: post::Column| match group {
        Some(id) => column.eq(id),
        None => column.is_null(),
    };
    let pending = post::Entity::find()
        .filter(in_scope(post::Column::GroupId))
        .filter(post::Column::Status.eq(PostStatus::Pending))
        .filter(post::Column::Id.gt(pages.posts_after.unwrap_or(0)))
        .order_by_asc(post::Column::Id)
        .limit(QUEUE_PAGE + 1)
        .all(db)
        .await?;
    let (pending, next_posts) = page_of(pending, |post| post.id);
    let reader = Standing::load(db, actor).await?;
    let pending_posts = views(db, &reader, pending).await?;
    let report_scope = match group {
        Some(id) => report::Column::GroupId.eq(id),
        None => report::Column::GroupId.is_null(),
    };
    let rows = report::Entity::find()
        .filter(report_scope)
        .filter(report::Column::Status.ne(ReportStatus::Resolved))
        .filter(report::Column::Id.gt(pages.reports_after.unwrap_or(0)))
        .order_by_asc(report::Column::Id)
        .limit(QUEUE_PAGE + 1)
        .all(db)
        .await?;
    let (rows, next_reports) = page_of(rows, |report| report.id);
    let reports = report_views(db, rows).await?;
    let join_requests = match group {
        Some(id) => {
            let rows = group_member::Entity::find()
                .filter(group_member::Column::GroupId.eq(id))
                .filter(group_member::Column::Status.eq(MemberStatus::Requested))
                .order_by_asc(group_member::Column::Id)
                .all(db)
                .await?;
            let people = people_by_id(db, rows.iter().map(|row| row.user_id).collect()).await?;
            rows.into_iter()
                .map(|row| Member {
                    person: person_or_former(&people, row.user_id),
                    role: row.role,
                    status: row.status,
                    muted: None,
                })
                .collect()
        }
        None => Vec::new(),
    };
    Ok(Queue {
        pending_posts,
        reports,
        join_requests,
        next_posts,
        next_reports,
    })
}

async fn report_views(
    db: &impl ConnectionTrait,
    rows: Vec<report::Model>,
) -> Result<Vec<ReportView>, AppError> {
    let posts: std::collections::HashMap<i64, post::Model> = post::Entity::find()
        .filter(post::Column::Id.is_in(rows.iter().map(|row| row.post_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|post| (post.id, post))
        .collect();
    let comments: std::collections::HashMap<i64, comment::Model> = comment::Entity::find()
        .filter(comment::Column::Id.is_in(rows.iter().filter_map(|row| row.comment_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|comment| (comment.id, comment))
        .collect();
    let authors = rows.iter().filter_map(|row| match row.comment_id {
        Some(id) => comments.get(&id).map(|comment| comment.author_id),
        None => posts.get(&row.post_id).map(|post| post.author_id),
    });
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|row| [Some(row.reporter_id), row.claimed_by])
        .flatten()
        .chain(authors)
        .collect();
    let people = people_by_id(db, ids).await?;
    let groups = group_refs(db, rows.iter().filter_map(|row| row.group_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (excerpt_html, author) = match row.comment_id {
                Some(id) => comments
                    .get(&id)
                    .map(|comment| (comment.body_html.clone(), comment.author_id))
                    .unwrap_or_default(),
                None => posts
                    .get(&row.post_id)
                    .map(|post| (post.body_html.clone(), post.author_id))
                    .unwrap_or_default(),
            };
            ReportView {
                id: row.id,
                post_id: row.post_id,
                comment_id: row.comment_id,
                excerpt_html,
                author: person_or_former(&people, author),
                reporter: person_or_former(&people, row.reporter_id),
                reason: row.reason,
                status: row.status,
                claimed_by: row.claimed_by.map(|id| person_or_former(&people, id)),
                outcome: row.outcome,
                resolution: row.resolution,
                created_label: clock::label(row.created_at),
                group: row.group_id.and_then(|id| groups.get(&id).cloned()),
            }
        })
        .collect())
}

/// A report the actor may handle.
async fn handled_report(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<report::Model, AppError> {
    let row = report::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check_queue(db, actor, row.group_id).await?;
    Ok(row)
}

/// Claims a report, so other facilitators see someone is on it.
pub async fn claim(state: &AppState, actor: Actor, id: i64) -> Result<(), AppError> {
    let row = handled_report(&state.db, actor, id).await?;
    match (row.status, row.claimed_by) {
        // Claiming one's own claim again changes nothing.
        (ReportStatus::Claimed, Some(by)) if by == actor.id => return Ok(()),
        (ReportStatus::Resolved, _) => {
            return Err(AppError::Conflict(
                "That report is already resolved.".into(),
            ));
        }
        // Admins may take over a claim, so a report never waits on someone who left.
        (ReportStatus::Claimed, Some(by)) if by != actor.id && actor.role != Role::Admin => {
            let people = people_by_id(&state.db, vec![by]).await?;
            return Err(AppError::Conflict(format!(
                "{} is already handling this report.",
                person_or_former(&people, by).name
            )));
        }
        _ => {}
    }
    let txn = state.db.begin().await?;
    // Only the claim just read changes, so two facilitators claiming at once cannot both win, and a
    // report resolved meanwhile stays resolved.
    let mut unchanged = sea_orm::Condition::all().add(report::Column::Status.eq(row.status));
    unchanged = match row.claimed_by {
        Some(by) => unchanged.add(report::Column::ClaimedBy.eq(by)),
        None => unchanged.add(report::Column::ClaimedBy.is_null()),
    };
    let claimed = report::Entity::update_many()
        .col_expr(
            report::Column::Status,
            Expr::value(ReportStatus::Claimed.as_str()),
        )
        .col_expr(report::Column::ClaimedBy, Expr::value(Some(actor.id)))
        .filter(report::Column::Id.eq(id))
        .filter(unchanged)
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Someone else claimed it a moment ago.".into(),
        ));
    }
    action(ModerationKind::ClaimReport, actor, row.group_id)
        .post(row.post_id)
        .write(&txn)
        .await?;
    record(&txn, queue_changed(row.group_id)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Resolves a report: keeps, hides or removes what was reported, and tells the reporter.
pub async fn resolve(
    state: &AppState,
    actor: Actor,
    id: i64,
    outcome: Outcome,
    reason: &str,
) -> Result<(), AppError> {
    let row = handled_report(&state.db, actor, id).await?;
    if row.status == ReportStatus::Resolved {
        return Err(AppError::Conflict(
            "That report is already resolved.".into(),
        ));
    }
    if let Some(by) = row
        .claimed_by
        .filter(|by| *by != actor.id && actor.role != Role::Admin)
    {
        let people = people_by_id(&state.db, vec![by]).await?;
        return Err(AppError::Conflict(format!(
            "{} claimed this report; only they can resolve it.",
            person_or_former(&people, by).name
        )));
    }
    let reason = reason_checked(reason, outcome != Outcome::Kept)?;
    let post = moderated_post(&state.db, actor, row.post_id).await;
    let txn = state.db.begin().await?;
    let decision = match outcome {
        Outcome::Kept => None,
        Outcome::Hidden => Some(Decision::Hide),
        Outcome::Removed => Some(Decision::Remove),
    };
    // What was reported may have been dealt with already (another report, a direct decision,
    // or one resolved a moment ago): then only the report is resolved. A decision that finds its
    // status changed writes nothing before it says so, so the transaction goes on.
    if let (Some(decision), Ok(post)) = (decision, post) {
        let applied = match row.comment_id {
            Some(comment_id) => {
                let comment = comment::Entity::find_by_id(comment_id)
                    .one(&txn)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if comment.status != PostStatus::Removed && !already(comment.status, decision) {
                    apply_to_comment(&txn, actor, &post, comment, decision, reason).await
                } else {
                    Ok(())
                }
            }
            None if post.status != PostStatus::Removed && !already(post.status, decision) => {
                apply_to_post(&txn, actor, post, decision, reason).await
            }
            None => Ok(()),
        };
        match applied {
            Ok(()) | Err(AppError::Conflict(_)) => {}
            Err(error) => return Err(error),
        }
    }
    let (group, reporter, post_id) = (row.group_id, row.reporter_id, row.post_id);
    let resolved = report::Entity::update_many()
        .col_expr(
            report::Column::Status,
            Expr::value(ReportStatus::Resolved.as_str()),
        )
        .col_expr(report::Column::ClaimedBy, Expr::value(Some(actor.id)))
        .col_expr(report::Column::Outcome, Expr::value(outcome.as_str()))
        .col_expr(report::Column::Resolution, Expr::value(reason))
        .col_expr(report::Column::ResolvedAt, Expr::value(Some(Utc::now())))
        .filter(report::Column::Id.eq(id))
        .filter(report::Column::Status.ne(ReportStatus::Resolved))
        .exec(&txn)
        .await?;
    if resolved.rows_affected == 0 {
        return Err(AppError::Conflict(
            "That report is already resolved.".into(),
        ));
    }
    action(ModerationKind::ResolveReport, actor, group)
        .post(post_id)
        .reason(&format!("{}. {reason}", outcome.label()))
        .write(&txn)
        .await?;
    record(&txn, queue_changed(group)).await?;
    record(
        &txn,
        NewEvent::new(LiveKind::ReportResolved, Audience::Person, group).person(reporter),
    )
    .await?;
    notify::ssr::tell(
        &txn,
        Tell::new(NoticeKind::ReportResolved, reporter)
            .by(actor.id)
            .group(group)
            .post(post_id)
            .reason(&format!("{}. {reason}", outcome.label())),
    )
    .await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// The reports the actor made, newest first, with their outcomes. The reported words are shown only
/// while the reporter could still read them where they were written.
pub async fn mine(db: &impl ConnectionTrait, actor: Actor) -> Result<Vec<ReportView>, AppError> {
    let rows = report::Entity::find()
        .filter(report::Column::ReporterId.eq(actor.id))
        .order_by_desc(report::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let reader = Standing::load(db, actor).await?;
    let mut views = report_views(db, rows).await?;
    for view in &mut views {
        // Reporters learn the outcome, not who handled it.
        view.claimed_by = None;
        let readable = match visible_post(db, &reader, view.post_id).await {
            Ok((post, _)) => match view.comment_id {
                Some(id) => comment::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .is_some_and(|comment| comment.status == PostStatus::Published),
                None => post.status == PostStatus::Published,
            },
            Err(_) => false,
        };
        if !readable {
            view.excerpt_html.clear();
            view.group = None;
        }
    }
    Ok(views)
}
