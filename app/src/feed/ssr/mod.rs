//! Feeds on the server: which posts a reader sees, in pages, and how each post looks to them.

mod conversation;
mod posts;

pub use conversation::*;
pub use posts::*;

use crate::{
    clock,
    db::{comment, group, post, post_read, reaction, user},
    error::AppError,
    feed::types::*,
    groups::ssr::place,
    moderation::ssr::group_refs,
    people::ssr::{followed_by, summary},
    policy::{self, Actor},
    standing::Standing,
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use std::collections::{HashMap, HashSet};

/// Posts per feed page.
pub const PAGE: u64 = 20;
/// Names listed per reaction.
const NAMES: usize = 10;

/// Which posts of a feed the reader sees: published ones, their own that wait or were hidden, and
/// those waiting or hidden in groups they moderate.
fn visible(standing: &Standing) -> Condition {
    let waiting = [PostStatus::Pending, PostStatus::Hidden];
    let mut condition = Condition::any()
        .add(post::Column::Status.eq(PostStatus::Published))
        .add(
            Condition::all()
                .add(post::Column::AuthorId.eq(standing.actor.id))
                .add(post::Column::Status.is_in(waiting)),
        );
    if standing.is_admin() {
        condition = condition.add(post::Column::Status.is_in(waiting));
    } else {
        condition = condition.add(
            Condition::all()
                .add(post::Column::GroupId.is_in(standing.moderated_groups()))
                .add(post::Column::Status.is_in(waiting)),
        );
    }
    condition
}

/// One page of a feed, newest first, after the post with id `after`.
pub async fn feed(
    db: &impl ConnectionTrait,
    actor: Actor,
    scope: FeedScope,
    after: Option<i64>,
) -> Result<FeedPage, AppError> {
    let reader = Standing::load(db, actor).await?;
    let authors = match scope {
        FeedScope::Home | FeedScope::Following => followed_by(db, actor.id).await?,
        FeedScope::Company | FeedScope::Group(_) => Vec::new(),
    };
    let (company, groups) = match scope {
        FeedScope::Home => (true, reader.member_of().collect()),
        FeedScope::Company => (true, Vec::new()),
        FeedScope::Following => (false, Vec::new()),
        FeedScope::Group(id) => (false, vec![id]),
    };
    // Where pinned posts lead the feed: the places it is made of. A followed person's post pinned in
    // a group the reader has not joined stays an ordinary post there.
    let pin_scope = match scope {
        FeedScope::Home => Some(
            Condition::any()
                .add(post::Column::GroupId.is_null())
                .add(post::Column::GroupId.is_in(reader.member_of())),
        ),
        FeedScope::Following => None,
        FeedScope::Company => Some(Condition::all().add(post::Column::GroupId.is_null())),
        FeedScope::Group(id) => {
            let place = place(db, actor, id).await?;
            policy::read_group(actor, place.policy())?;
            Some(Condition::all().add(post::Column::GroupId.eq(id)))
        }
    };
    let scope_condition = match (scope, pin_scope.clone()) {
        (FeedScope::Home, Some(places)) => places.add(by_followed(&reader, &authors)),
        (FeedScope::Following, _) => by_followed(&reader, &authors),
        (_, places) => places.unwrap_or_else(Condition::all),
    };
    let now = Utc::now();
    let pinned_now = Condition::all()
        .add(post::Column::PinnedUntil.gt(now))
        .add(post::Column::Status.eq(PostStatus::Published));
    let mut query = post::Entity::find()
        .filter(scope_condition.clone())
        .filter(visible(&reader))
        // Pinned posts lead the first page instead (NULL-safe: most posts were never pinned).
        .filter(not_pinned_in(&pin_scope, now))
        .order_by_desc(post::Column::Id)
        .limit(PAGE + 1);
    // Always a range on the id, even on the first page: the id order is the feed's order, and with
    // the range SQLite walks it backwards instead of sorting every post of an index it preferred.
    query = query.filter(post::Column::Id.lt(after.unwrap_or(i64::MAX)));
    let mut posts = query.all(db).await?;
    let next = (posts.len() as u64 > PAGE).then(|| posts[PAGE as usize - 1].id);
    posts.truncate(PAGE as usize);
    let pinned = if let (None, Some(places)) = (after, pin_scope) {
        // Few posts are pinned at once. Ordered in SQL, SQLite would rather walk every post in id
        // order than read the pinned ones from their index and sort them, so they are sorted here.
        let mut pinned = post::Entity::find()
            .filter(places)
            .filter(pinned_now)
            .limit(100)
            .all(db)
            .await?;
        pinned.sort_by_key(|post| std::cmp::Reverse(post.id));
        pinned.truncate(10);
        pinned
    } else {
        Vec::new()
    };
    Ok(FeedPage {
        pinned: views(db, &reader, pinned).await?,
        posts: views(db, &reader, posts).await?,
        next,
        company,
        groups,
        authors,
    })
}

/// Posts that are not pinned now in `places` (where pinned posts lead the feed instead).
fn not_pinned_in(places: &Option<Condition>, now: chrono::DateTime<Utc>) -> Condition {
    let not_pinned = Condition::any()
        .add(post::Column::PinnedUntil.is_null())
        .add(post::Column::PinnedUntil.lte(now))
        .add(post::Column::Status.ne(PostStatus::Published));
    match places {
        Some(places) => not_pinned.add(places.clone().not()),
        None => Condition::all(),
    }
}

/// Posts by these people in places the reader may read: the company feed and the groups they read
/// (every group, for admins).
fn by_followed(reader: &Standing, authors: &[i64]) -> Condition {
    let by = Condition::all().add(post::Column::AuthorId.is_in(authors.iter().copied()));
    if reader.is_admin() {
        return by;
    }
    by.add(
        Condition::any()
            .add(post::Column::GroupId.is_null())
            .add(post::Column::GroupId.is_in(reader.groups_read())),
    )
}

/// A post the reader may see, or NotFound.
pub async fn visible_post(
    db: &impl ConnectionTrait,
    reader: &Standing,
    id: i64,
) -> Result<(post::Model, Option<group::Model>), AppError> {
    let post = post::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|post| reader.sees(post))
        .ok_or(AppError::NotFound)?;
    let group = match post.group_id {
        Some(group) => group::Entity::find_by_id(group).one(db).await?,
        None => None,
    };
    Ok((post, group))
}

/// One post as the reader sees it.
pub async fn one(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<PostView, AppError> {
    let reader = Standing::load(db, actor).await?;
    let (post, _) = visible_post(db, &reader, id).await?;
    views(db, &reader, vec![post])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Posts with their authors, groups, reactions and reads, as the reader sees them.
pub async fn views(
    db: &impl ConnectionTrait,
    reader: &Standing,
    posts: Vec<post::Model>,
) -> Result<Vec<PostView>, AppError> {
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    let authors: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(posts.iter().map(|post| post.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    let groups = group_refs(db, posts.iter().filter_map(|post| post.group_id).collect()).await?;
    let reactions = reactions(db, reader.actor.id, &ids).await?;
    let reads: HashMap<i64, i64> = post_read::Entity::find()
        .select_only()
        .column(post_read::Column::PostId)
        .column_as(post_read::Column::Id.count(), "count")
        .filter(post_read::Column::PostId.is_in(ids.clone()))
        .group_by(post_read::Column::PostId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let read_by_me: HashSet<i64> = post_read::Entity::find()
        .select_only()
        .column(post_read::Column::PostId)
        .filter(post_read::Column::PostId.is_in(ids))
        .filter(post_read::Column::UserId.eq(reader.actor.id))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let now = Utc::now();
    Ok(posts
        .into_iter()
        .filter_map(|post| {
            let author = summary(authors.get(&post.author_id)?);
            let can_moderate = reader.moderates(post.group_id);
            Some(PostView {
                id: post.id,
                author,
                group: post.group_id.and_then(|id| groups.get(&id).cloned()),
                kind: post.kind,
                status: post.status,
                created_at: clock::stamp(post.created_at),
                created_label: clock::label(post.created_at),
                edited: post.edited_at.is_some(),
                pinned: post.pinned_until.is_some_and(|until| until > now),
                comments_locked: post.comments_locked,
                accepted_comment_id: post.accepted_comment_id,
                comment_count: post.comment_count,
                reactions: reactions.get(&post.id).cloned().unwrap_or_default(),
                read_count: reads.get(&post.id).copied().unwrap_or(0),
                read_by_me: read_by_me.contains(&post.id),
                mine: post.author_id == reader.actor.id,
                can_moderate,
                can_comment: reader.takes_part(post.group_id)
                    && post.status == PostStatus::Published
                    && (!post.comments_locked || can_moderate),
                body: post.body,
                body_html: post.body_html,
            })
        })
        .collect())
}

/// Reaction counts per post, in the fixed order, with the first few names.
async fn reactions(
    db: &impl ConnectionTrait,
    me: i64,
    posts: &[i64],
) -> Result<HashMap<i64, Vec<ReactionCount>>, AppError> {
    let rows: Vec<(i64, i64, Reaction, String)> = reaction::Entity::find()
        .select_only()
        .columns([
            reaction::Column::PostId,
            reaction::Column::UserId,
            reaction::Column::Reaction,
        ])
        .column_as(Expr::col((user::Entity, user::Column::Name)), "name")
        .join(
            sea_orm::JoinType::InnerJoin,
            reaction::Entity::belongs_to(user::Entity)
                .from(reaction::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .filter(reaction::Column::PostId.is_in(posts.iter().copied()))
        .order_by_asc(reaction::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: HashMap<i64, Vec<ReactionCount>> = HashMap::new();
    for (post, person, kind, name) in rows {
        let list = counts.entry(post).or_default();
        let index = match list.iter().position(|count| count.reaction == kind) {
            Some(index) => index,
            None => {
                list.push(ReactionCount {
                    reaction: kind,
                    count: 0,
                    mine: false,
                    names: Vec::new(),
                });
                list.len() - 1
            }
        };
        let count = &mut list[index];
        count.count += 1;
        count.mine |= person == me;
        if count.names.len() < NAMES {
            count.names.push(name);
        }
    }
    for list in counts.values_mut() {
        list.sort_by_key(|count| {
            Reaction::ALL
                .iter()
                .position(|kind| *kind == count.reaction)
        });
    }
    Ok(counts)
}

/// A post's comments as the reader sees them, oldest first.
pub async fn comments(
    db: &impl ConnectionTrait,
    actor: Actor,
    post_id: i64,
) -> Result<Vec<CommentView>, AppError> {
    let reader = Standing::load(db, actor).await?;
    let (post, _) = visible_post(db, &reader, post_id).await?;
    let moderator = reader.moderates(post.group_id);
    let rows = comment::Entity::find()
        .filter(comment::Column::PostId.eq(post_id))
        .filter(comment::Column::Status.ne(PostStatus::Removed))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    let authors: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|row| row.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    let mut views: Vec<CommentView> = rows
        .into_iter()
        .filter(|row| row.status == PostStatus::Published || moderator || row.author_id == actor.id)
        .filter_map(|row| {
            Some(CommentView {
                id: row.id,
                post_id: row.post_id,
                parent_id: row.parent_id,
                author: summary(authors.get(&row.author_id)?),
                status: row.status,
                body: row.body,
                body_html: row.body_html,
                created_label: clock::label(row.created_at),
                edited: row.edited_at.is_some(),
                accepted: post.accepted_comment_id == Some(row.id),
                mine: row.author_id == actor.id,
                can_moderate: moderator,
            })
        })
        .collect();
    // The accepted answer comes first, with its replies.
    if let Some(accepted) = post.accepted_comment_id {
        views.sort_by_key(|view| view.id != accepted && view.parent_id != Some(accepted));
    }
    Ok(views)
}
