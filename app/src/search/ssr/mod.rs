//! Search on the server: one index per instance, and results filtered to what the reader may open —
//! first by scope inside the index, then once more against the database, so an index a moment
//! behind never shows what was just hidden.

mod feed;
mod index;

pub use index::SearchIndex;

use index::{Filters, Found};

use crate::{
    clock,
    db::{group, library_item, post, user},
    error::AppError,
    feed::types::PostStatus,
    library::{ssr::Access, types::ItemStatus},
    moderation::ssr::{group_refs, people_by_id, person_or_former},
    people::types::AccountStatus,
    policy::{self, Actor},
    search::types::*,
    standing::Standing,
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use std::{collections::HashMap, path::Path};
use tokio::sync::broadcast;

/// Results on a page.
pub const PAGE: usize = 20;
/// The longest query, in characters.
pub const MAX_QUERY: usize = 200;

/// Opens this instance's index in `dir` and keeps it in step with the database from now on.
pub fn start<T: Clone + Send + 'static>(
    db: DatabaseConnection,
    dir: &Path,
    events: broadcast::Receiver<T>,
) -> tantivy::Result<SearchIndex> {
    let (index, cursor) = SearchIndex::open(dir)?;
    tokio::spawn(feed::follow(db, index.clone(), events, cursor));
    Ok(index)
}

/// The scopes `actor` may find things in: the company feed, people, the groups they may read and
/// the library categories they may open (only `category` and its subcategories, when given).
async fn scopes(
    db: &impl ConnectionTrait,
    access: &Access,
    standing: &Standing,
    category: Option<i64>,
) -> Result<Vec<String>, AppError> {
    let actor = access.actor;
    let categories: Vec<i64> = match category {
        Some(id) => {
            let place = access.category(id).ok_or(AppError::NotFound)?;
            policy::see_category(actor, place)?;
            access
                .visible_categories()
                .into_iter()
                .filter(|other| *other == id || access.categories[other].parent_id == Some(id))
                .collect()
        }
        None => access.visible_categories(),
    };
    let mut scopes: Vec<String> = categories
        .iter()
        .map(|id| format!("category:{id}"))
        .collect();
    if category.is_some() {
        return Ok(scopes);
    }
    // Admins read every group, which only the database lists.
    let groups: Vec<i64> = if standing.is_admin() {
        group::Entity::find()
            .select_only()
            .column(group::Column::Id)
            .into_tuple::<i64>()
            .all(db)
            .await?
    } else {
        standing.groups_read()
    };
    scopes.extend(groups.iter().map(|id| format!("group:{id}")));
    scopes.extend(["company".to_string(), "people".to_string()]);
    Ok(scopes)
}

/// Escaped plain text, for results whose match is only in the title.
fn escaped_start(text: &str) -> String {
    let start: String = text.chars().take(200).collect();
    start
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The best matches the caller may open, best first.
pub async fn search(
    db: &impl ConnectionTrait,
    index: &SearchIndex,
    actor: Actor,
    query: &SearchQuery,
) -> Result<Results, AppError> {
    let text = query.text.trim().to_string();
    if text.chars().count() > MAX_QUERY {
        return Err(AppError::invalid(format!(
            "Search for at most {MAX_QUERY} characters."
        )));
    }
    if text.is_empty() && query.author.is_none() && query.category.is_none() {
        return Ok(Results::default());
    }
    // What the reader may open, read once: it decides the scopes and re-checks the hits.
    let access = Access::load(db, actor).await?;
    let standing = Standing::load(db, actor).await?;
    let filters = Filters {
        scopes: scopes(db, &access, &standing, query.category).await?,
        kind: if query.category.is_some() {
            Some(HitKind::Item)
        } else {
            query.kind
        },
        author: query.author,
        since: query
            .since
            .map(|since| Utc::now() - chrono::Duration::days(since.days())),
    };
    let index = index.clone();
    // Twice a page, so results dropped by the second check still leave a full page.
    let (found, total) =
        tokio::task::spawn_blocking(move || index.search(&text, &filters, PAGE * 2))
            .await
            .map_err(|_| AppError::Internal)?
            .map_err(|error| {
                tracing::error!(%error, "search failed");
                AppError::Internal
            })?;
    let mut hits = checked(db, &access, &standing, found).await?;
    hits.truncate(PAGE);
    Ok(Results { hits, total })
}

/// The ids of posts or library items (`kind`) about `text` within the reader's scopes, best
/// first, at most `limit`. The index may be a moment behind: callers check each against the database.
pub async fn about(
    db: &impl ConnectionTrait,
    index: &SearchIndex,
    access: &Access,
    standing: &Standing,
    text: &str,
    kind: HitKind,
    limit: usize,
) -> Result<Vec<i64>, AppError> {
    let filters = Filters {
        scopes: scopes(db, access, standing, None).await?,
        kind: Some(kind),
        ..Filters::default()
    };
    let (index, text) = (index.clone(), text.to_string());
    let (found, _) = tokio::task::spawn_blocking(move || index.search(&text, &filters, limit))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|error| {
            tracing::error!(%error, "search failed");
            AppError::Internal
        })?;
    Ok(ids(&found, kind))
}

fn ids(found: &[Found], kind: HitKind) -> Vec<i64> {
    found
        .iter()
        .filter(|hit| hit.kind == kind)
        .map(|hit| hit.id)
        .collect()
}

/// Results the caller may open now, each described from the database, in the index's order.
async fn checked(
    db: &impl ConnectionTrait,
    access: &Access,
    standing: &Standing,
    found: Vec<Found>,
) -> Result<Vec<Hit>, AppError> {
    let posts: HashMap<i64, post::Model> = post::Entity::find()
        .filter(post::Column::Id.is_in(ids(&found, HitKind::Post)))
        .filter(post::Column::Status.eq(PostStatus::Published))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let items: HashMap<i64, library_item::Model> = library_item::Entity::find()
        .filter(library_item::Column::Id.is_in(ids(&found, HitKind::Item)))
        .filter(library_item::Column::Status.eq(ItemStatus::Published))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let people: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids(&found, HitKind::Person)))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let group_names =
        group_refs(db, posts.values().filter_map(|row| row.group_id).collect()).await?;
    let authors = people_by_id(
        db,
        posts
            .values()
            .map(|row| row.author_id)
            .chain(items.values().map(|row| row.owner_id))
            .collect(),
    )
    .await?;
    let actor = access.actor;
    let mut hits = Vec::new();
    for found in found {
        let hit = match found.kind {
            HitKind::Post => posts.get(&found.id).and_then(|row| {
                if !standing.sees(row) {
                    return None;
                }
                let author = person_or_former(&authors, row.author_id);
                let place = row
                    .group_id
                    .and_then(|id| group_names.get(&id))
                    .map_or("Company feed".to_string(), |group| group.name.clone());
                Some(Hit {
                    kind: HitKind::Post,
                    id: row.id,
                    title: row
                        .body
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .chars()
                        .take(100)
                        .collect(),
                    snippet_html: if found.snippet_html.is_empty() {
                        escaped_start(&row.body)
                    } else {
                        found.snippet_html.clone()
                    },
                    url: format!("/posts/{}", row.id),
                    context: format!("Post in {place}"),
                    author: Some((author.id, author.name)),
                    date_label: clock::label(row.created_at),
                })
            }),
            HitKind::Item => items.get(&found.id).and_then(|row| {
                policy::see_item(actor, access.item(row)).ok()?;
                let owner = person_or_former(&authors, row.owner_id);
                let category = access
                    .categories
                    .get(&row.category_id)
                    .map(|category| category.name.clone())
                    .unwrap_or_default();
                Some(Hit {
                    kind: HitKind::Item,
                    id: row.id,
                    title: row.title.clone(),
                    snippet_html: if found.snippet_html.is_empty() {
                        escaped_start(&row.summary)
                    } else {
                        found.snippet_html.clone()
                    },
                    url: format!("/library/items/{}", row.id),
                    context: format!("{} in {category}", row.kind.label()),
                    author: Some((owner.id, owner.name)),
                    date_label: clock::label(row.published_at.unwrap_or(row.updated_at)),
                })
            }),
            HitKind::Person => people.get(&found.id).map(|row| Hit {
                kind: HitKind::Person,
                id: row.id,
                title: row.name.clone(),
                snippet_html: if found.snippet_html.is_empty() {
                    escaped_start(&row.bio)
                } else {
                    found.snippet_html.clone()
                },
                url: format!("/people/{}", row.id),
                context: [
                    row.title.as_str(),
                    row.department.as_str(),
                    row.location.as_str(),
                ]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
                author: None,
                date_label: String::new(),
            }),
        };
        hits.extend(hit);
    }
    Ok(hits)
}
