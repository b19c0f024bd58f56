//! Daily and weekly digests: the notifications a person chose to get gathered, and the posts they
//! missed in their groups and the company feed, most engaged first. Worked out from the database
//! (each person's last digest, what came since), so a restart or a second server neither loses nor
//! repeats one; a digest with nothing in it is not sent.

use super::{
    letters::{self, DigestLine},
    mail::{self, Mail, Signer},
    ssr::{Context, quote},
    types::{Cadence, GroupLevel, MailKind, NoticeKind},
};
use crate::{
    db::{
        comment, digest_run, group, group_notification_level, notification, post, reaction, user,
    },
    error::AppError,
    feed::types::PostStatus,
    people::types::AccountStatus,
    policy::Actor,
    standing::Standing,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Expr, OnConflict, Query},
};
use std::collections::{HashMap, HashSet};

/// Digests made per cadence in one pass, at most.
const BATCH: u64 = 100;
/// Notifications and missed posts in one digest, at most.
const NOTICES: u64 = 20;
const MISSED: usize = 5;

/// How long a digest's period is, and what people call it.
fn period(cadence: Cadence) -> Option<(Duration, &'static str)> {
    match cadence {
        Cadence::Daily => Some((Duration::days(1), "daily")),
        Cadence::Weekly => Some((Duration::days(7), "weekly")),
        Cadence::Instant | Cadence::Never => None,
    }
}

/// Makes and queues the digests that are due; answers how many it queued.
pub async fn send_due(db: &DatabaseConnection, base: &str) -> Result<usize, AppError> {
    let now = Utc::now();
    let mut queued = 0;
    for cadence in [Cadence::Daily, Cadence::Weekly] {
        start_counting(db, cadence, now).await?;
        let Some((length, _)) = period(cadence) else {
            continue;
        };
        let due = digest_run::Entity::find()
            .filter(digest_run::Column::Cadence.eq(cadence))
            .filter(digest_run::Column::LastAt.lte(now - length))
            .order_by_asc(digest_run::Column::LastAt)
            .limit(BATCH)
            .all(db)
            .await?;
        for run in due {
            // One person's trouble never holds up everyone after them.
            match digest_one(db, base, run, now).await {
                Ok(true) => queued += 1,
                Ok(false) => {}
                Err(error) => tracing::warn!(?error, "a digest could not be made"),
            }
        }
    }
    Ok(queued)
}

/// Starts each active person's clock for a cadence the first time: their first digest gathers
/// what comes from now on, not everything before.
async fn start_counting(
    db: &DatabaseConnection,
    cadence: Cadence,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let counted = Query::select()
        .column(digest_run::Column::UserId)
        .from(digest_run::Entity)
        .and_where(digest_run::Column::Cadence.eq(cadence))
        .to_owned();
    let new: Vec<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .filter(user::Column::Id.not_in_subquery(counted))
        .limit(500)
        .into_tuple()
        .all(db)
        .await?;
    if new.is_empty() {
        return Ok(());
    }
    digest_run::Entity::insert_many(new.into_iter().map(|person| digest_run::ActiveModel {
        user_id: Set(person),
        cadence: Set(cadence),
        last_at: Set(now),
        ..Default::default()
    }))
    .on_conflict(
        OnConflict::columns([digest_run::Column::UserId, digest_run::Column::Cadence])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// One person's digest for one period. The run moves on first, only if no other server moved it,
/// in the same transaction as the email: one digest per period, whoever makes it.
async fn digest_one(
    db: &DatabaseConnection,
    base: &str,
    run: digest_run::Model,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let txn = db.begin().await?;
    let moved = digest_run::Entity::update_many()
        .col_expr(digest_run::Column::LastAt, Expr::value(now))
        .filter(digest_run::Column::Id.eq(run.id))
        .filter(digest_run::Column::LastAt.eq(run.last_at))
        .exec(&txn)
        .await?;
    let person = user::Entity::find_by_id(run.user_id)
        .one(&txn)
        .await?
        .filter(|person| person.status == AccountStatus::Active);
    let (Some(person), Some((_, name))) = (
        person.filter(|_| moved.rows_affected == 1),
        period(run.cadence),
    ) else {
        txn.commit().await?;
        return Ok(false);
    };
    let kinds = gathered_kinds(&txn, person.id, run.cadence).await?;
    let reader = Standing::load(&txn, Actor::of(&person)).await?;
    let notices = notices(&txn, &reader, &kinds, run.last_at, base).await?;
    let missed = if kinds.contains(&NoticeKind::Missed) {
        missed(&txn, &reader, run.last_at, base).await?
    } else {
        Vec::new()
    };
    if notices.is_empty() && missed.is_empty() {
        txn.commit().await?;
        return Ok(false);
    }
    let token = Signer::load(&txn)
        .await?
        .token(person.id, NoticeKind::Missed);
    let digest = Mail {
        key: format!("digest-{name}-{}-{}", person.id, now.timestamp()),
        kind: MailKind::Digest,
        recipient: Some(person.id),
        to: person.email.clone(),
        letter: letters::digest(
            name,
            &notices,
            &missed,
            &mail::settings_link(base),
            &format!("{base}/unsubscribe?token={token}"),
        ),
        unsubscribe: Some(format!("{base}/email/unsubscribe?token={token}")),
    };
    mail::queue(&txn, [digest]).await?;
    txn.commit().await?;
    Ok(true)
}

/// The kinds a person has gathered into this cadence's digest.
async fn gathered_kinds(
    db: &impl ConnectionTrait,
    person: i64,
    cadence: Cadence,
) -> Result<HashSet<NoticeKind>, AppError> {
    Ok(mail::person_cadences(db, person)
        .await?
        .into_iter()
        .filter(|(_, chosen)| *chosen == cadence)
        .map(|(kind, _)| kind)
        .collect())
}

/// The unread notifications of the gathered kinds that came since the last digest.
async fn notices(
    db: &impl ConnectionTrait,
    reader: &Standing,
    kinds: &HashSet<NoticeKind>,
    since: DateTime<Utc>,
    base: &str,
) -> Result<Vec<DigestLine>, AppError> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let rows = notification::Entity::find()
        .filter(notification::Column::RecipientId.eq(reader.actor.id))
        .filter(notification::Column::Kind.is_in(kinds.iter().copied()))
        .filter(notification::Column::UpdatedAt.gt(since))
        .filter(notification::Column::ReadAt.is_null())
        .order_by_desc(notification::Column::UpdatedAt)
        .limit(NOTICES)
        .all(db)
        .await?;
    let context = Context::load(db, &rows).await?;
    Ok(rows
        .into_iter()
        .filter(|row| context.still_for(reader, row))
        .map(|row| {
            let notice = context.notice(reader, row);
            DigestLine {
                words: notice.words,
                detail: notice.detail,
                link: format!(
                    "{base}{}",
                    notice.link.unwrap_or_else(|| "/notifications".into())
                ),
            }
        })
        .collect())
}

/// The posts published since the last digest in the company feed and the reader's groups that the
/// reader has not written, reacted to, commented on or been told of, most engaged first.
async fn missed(
    db: &impl ConnectionTrait,
    reader: &Standing,
    since: DateTime<Utc>,
    base: &str,
) -> Result<Vec<DigestLine>, AppError> {
    let me = reader.actor.id;
    // Groups the reader turned off bring nothing, digests included.
    let off: HashSet<i64> = group_notification_level::Entity::find()
        .select_only()
        .column(group_notification_level::Column::GroupId)
        .filter(group_notification_level::Column::UserId.eq(me))
        .filter(group_notification_level::Column::Level.eq(GroupLevel::Off))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let posts = post::Entity::find()
        .filter(post::Column::Status.eq(PostStatus::Published))
        .filter(post::Column::CreatedAt.gt(since))
        .filter(post::Column::AuthorId.ne(me))
        .filter(Condition::any().add(post::Column::GroupId.is_null()).add(
            post::Column::GroupId.is_in(reader.member_of().filter(|group| !off.contains(group))),
        ))
        .order_by_desc(post::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    let mut seen: HashSet<i64> = reaction::Entity::find()
        .select_only()
        .column(reaction::Column::PostId)
        .filter(reaction::Column::UserId.eq(me))
        .filter(reaction::Column::PostId.is_in(ids.clone()))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    seen.extend(
        comment::Entity::find()
            .select_only()
            .column(comment::Column::PostId)
            .filter(comment::Column::AuthorId.eq(me))
            .filter(comment::Column::PostId.is_in(ids.clone()))
            .into_tuple::<i64>()
            .all(db)
            .await?,
    );
    seen.extend(
        notification::Entity::find()
            .select_only()
            .column(notification::Column::PostId)
            .filter(notification::Column::RecipientId.eq(me))
            .filter(notification::Column::PostId.is_in(ids.clone()))
            .into_tuple::<Option<i64>>()
            .all(db)
            .await?
            .into_iter()
            .flatten(),
    );
    let reactions: HashMap<i64, i64> = reaction::Entity::find()
        .select_only()
        .column(reaction::Column::PostId)
        .column_as(reaction::Column::Id.count(), "count")
        .filter(reaction::Column::PostId.is_in(ids))
        .group_by(reaction::Column::PostId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut posts: Vec<(i64, post::Model)> = posts
        .into_iter()
        .filter(|post| !seen.contains(&post.id) && reader.sees(post))
        .map(|post| {
            let engaged =
                i64::from(post.comment_count) + reactions.get(&post.id).copied().unwrap_or(0);
            (engaged, post)
        })
        .collect();
    posts.sort_by(|(a, x), (b, y)| b.cmp(a).then(y.id.cmp(&x.id)));
    posts.truncate(MISSED);
    let authors: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .filter(user::Column::Id.is_in(posts.iter().map(|(_, post)| post.author_id)))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let groups: HashMap<i64, String> = group::Entity::find()
        .select_only()
        .columns([group::Column::Id, group::Column::Name])
        .filter(group::Column::Id.is_in(posts.iter().filter_map(|(_, post)| post.group_id)))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(posts
        .into_iter()
        .map(|(engaged, post)| {
            let author = authors
                .get(&post.author_id)
                .cloned()
                .unwrap_or_else(|| "A colleague".into());
            let place = post
                .group_id
                .and_then(|id| groups.get(&id))
                .map_or_else(|| "the company feed".to_string(), |name| name.clone());
            DigestLine {
                words: format!("{author} in {place}: “{}”", quote(&post.body)),
                detail: (engaged > 0).then(|| match engaged {
                    1 => "1 reply or reaction".to_string(),
                    n => format!("{n} replies and reactions"),
                }),
                link: format!("{base}/posts/{}", post.id),
            }
        })
        .collect())
}
