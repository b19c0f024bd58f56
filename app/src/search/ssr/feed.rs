//! Keeps an instance's index in step with the database: posts follow the events log; library items
//! and people follow their change times. The database stays the source of truth, and a missing or
//! outdated index is rebuilt from it.

use super::index::{Cursor, Doc, SearchIndex};
use crate::{
    db::{event, library_item, post, user, user_tag},
    feed::types::PostStatus,
    library::types::ItemStatus,
    people::types::AccountStatus,
    search::types::HitKind,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::{
    collections::{BTreeSet, HashMap},
    time::Duration,
};
use tokio::sync::broadcast;

/// Rows read at a time while rebuilding.
const BATCH: u64 = 5_000;
/// Changes that commit late can carry a change time a little older than one already read: rows
/// changed this long before the cursor are read again.
const OVERLAP: chrono::Duration = chrono::Duration::seconds(10);
/// Event ids this close to the newest one read are read again, in case they committed late.
const EVENT_OVERLAP: i64 = 64;
/// Even without an event, library items and people are looked at this often.
const POLL: Duration = Duration::from_millis(500);

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// A cursor's time, back as a moment.
fn moment(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

/// The index entry for a post, or None when nobody should find it.
fn post_doc(row: &post::Model) -> Option<Doc> {
    (row.status == PostStatus::Published).then(|| Doc {
        kind: HitKind::Post,
        id: row.id,
        scope: row
            .group_id
            .map_or("company".to_string(), |group| format!("group:{group}")),
        title: row
            .body
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect(),
        body: row.body.clone(),
        author: row.author_id,
        created: row.created_at,
    })
}

fn item_doc(row: &library_item::Model) -> Option<Doc> {
    (row.status == ItemStatus::Published).then(|| Doc {
        kind: HitKind::Item,
        id: row.id,
        scope: format!("category:{}", row.category_id),
        title: row.title.clone(),
        body: format!("{}\n{}\n{}", row.summary, row.topic, row.body),
        author: row.owner_id,
        created: row.published_at.unwrap_or(row.created_at),
    })
}

fn person_doc(row: &user::Model, tags: &[String]) -> Option<Doc> {
    (row.status == AccountStatus::Active).then(|| Doc {
        kind: HitKind::Person,
        id: row.id,
        scope: "people".into(),
        title: row.name.clone(),
        body: format!(
            "{}\n{}\n{}\n{}\n{}",
            row.title,
            row.department,
            row.location,
            tags.join(", "),
            row.bio
        ),
        // Nobody wrote a person: an author filter leaves people out.
        author: 0,
        created: row.created_at,
    })
}

async fn tags_of(
    db: &impl ConnectionTrait,
    people: &[user::Model],
) -> Result<HashMap<i64, Vec<String>>, Failure> {
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in user_tag::Entity::find()
        .filter(user_tag::Column::UserId.is_in(people.iter().map(|person| person.id)))
        .all(db)
        .await?
    {
        tags.entry(row.user_id).or_default().push(row.tag);
    }
    Ok(tags)
}

/// Runs `work` with the index on the blocking pool.
async fn with_index<T: Send + 'static>(
    index: &SearchIndex,
    work: impl FnOnce(&SearchIndex) -> tantivy::Result<T> + Send + 'static,
) -> Result<T, Failure> {
    let index = index.clone();
    Ok(tokio::task::spawn_blocking(move || work(&index)).await??)
}

/// Puts every post, item and person that should be found into an emptied index.
async fn rebuild(db: &DatabaseConnection, index: &SearchIndex) -> Result<Cursor, Failure> {
    let started = Utc::now();
    let events = crate::db::event::latest(db).await?;
    with_index(index, |index| index.clear()).await?;
    let mut after = 0;
    loop {
        let rows = post::Entity::find()
            .filter(post::Column::Id.gt(after))
            .filter(post::Column::Status.eq(PostStatus::Published))
            .order_by_asc(post::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let docs = rows.iter().filter_map(post_doc).collect();
        with_index(index, move |index| index.insert(docs)).await?;
    }
    let mut after = 0;
    loop {
        let rows = library_item::Entity::find()
            .filter(library_item::Column::Id.gt(after))
            .filter(library_item::Column::Status.eq(ItemStatus::Published))
            .order_by_asc(library_item::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let docs = rows.iter().filter_map(item_doc).collect();
        with_index(index, move |index| index.insert(docs)).await?;
    }
    let mut after = 0;
    loop {
        let rows = user::Entity::find()
            .filter(user::Column::Id.gt(after))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .order_by_asc(user::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let tags = tags_of(db, &rows).await?;
        let docs = rows
            .iter()
            .filter_map(|row| person_doc(row, tags.get(&row.id).map_or(&[][..], Vec::as_slice)))
            .collect();
        with_index(index, move |index| index.insert(docs)).await?;
    }
    let cursor = SearchIndex::cursor(events, started, started);
    let committed = cursor.clone();
    with_index(index, move |index| index.commit(&committed)).await?;
    Ok(cursor)
}

/// What the follower has already indexed near its cursor, so the overlaps it re-reads cost nothing.
#[derive(Default)]
struct Seen {
    /// Library items and people, with the change time that was indexed.
    changes: HashMap<(HitKind, i64), DateTime<Utc>>,
    /// Events already applied among the last `EVENT_OVERLAP` ids.
    events: BTreeSet<i64>,
}

/// What changed since `cursor`, applied and committed; the new cursor. What was read is marked as
/// seen only once it is committed, so a failed step is read again in full.
async fn catch_up(
    db: &DatabaseConnection,
    index: &SearchIndex,
    cursor: Cursor,
    seen: &mut Seen,
) -> Result<Cursor, Failure> {
    let now = Utc::now();
    // Event ids can commit out of order on PostgreSQL: the last few are read again.
    let events: Vec<event::Model> = event::Entity::find()
        .filter(event::Column::Id.gt(cursor.events - EVENT_OVERLAP))
        .order_by_asc(event::Column::Id)
        .limit(1_000)
        .all(db)
        .await?
        .into_iter()
        .filter(|row| !seen.events.contains(&row.id))
        .collect();
    let last_event = events
        .last()
        .map_or(cursor.events, |row| row.id.max(cursor.events));
    let mut post_ids: Vec<i64> = events.iter().filter_map(|row| row.post_id).collect();
    post_ids.sort_unstable();
    post_ids.dedup();
    let posts = post::Entity::find()
        .filter(post::Column::Id.is_in(post_ids.clone()))
        .all(db)
        .await?;
    let mut add = Vec::new();
    let mut remove = Vec::new();
    for id in &post_ids {
        match posts.iter().find(|row| row.id == *id).and_then(post_doc) {
            Some(doc) => add.push(doc),
            None => remove.push((HitKind::Post, *id)),
        }
    }
    let mut marks = Vec::new();
    let mut fresh = |kind: HitKind, id: i64, changed: DateTime<Utc>| {
        let new = seen.changes.get(&(kind, id)) != Some(&changed);
        if new {
            marks.push(((kind, id), changed));
        }
        new
    };
    for row in library_item::Entity::find()
        .filter(library_item::Column::UpdatedAt.gt(moment(cursor.items) - OVERLAP))
        .all(db)
        .await?
    {
        if fresh(HitKind::Item, row.id, row.updated_at) {
            match item_doc(&row) {
                Some(doc) => add.push(doc),
                None => remove.push((HitKind::Item, row.id)),
            }
        }
    }
    let people: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::UpdatedAt.gt(moment(cursor.people) - OVERLAP))
        .all(db)
        .await?
        .into_iter()
        .filter(|row| fresh(HitKind::Person, row.id, row.updated_at))
        .collect();
    let tags = tags_of(db, &people).await?;
    for row in &people {
        match person_doc(row, tags.get(&row.id).map_or(&[][..], Vec::as_slice)) {
            Some(doc) => add.push(doc),
            None => remove.push((HitKind::Person, row.id)),
        }
    }
    let next = SearchIndex::cursor(last_event, now, now);
    // With nothing to write the cursor moves on in memory, and is stored with the next change.
    if !add.is_empty() || !remove.is_empty() {
        let committed = next.clone();
        with_index(index, move |index| {
            index.apply(add, remove)?;
            index.commit(&committed)
        })
        .await?;
    }
    seen.changes.extend(marks);
    seen.changes
        .retain(|_, changed| *changed > now - OVERLAP * 2);
    seen.events.extend(events.iter().map(|row| row.id));
    seen.events.retain(|id| *id > last_event - EVENT_OVERLAP);
    Ok(next)
}

/// Keeps the index in step for as long as the server runs: rebuilds it first when needed, then
/// reads what changed whenever an event arrives and at least every half second.
pub async fn follow<T: Clone>(
    db: DatabaseConnection,
    index: SearchIndex,
    mut events: broadcast::Receiver<T>,
    start: Option<Cursor>,
) {
    let mut cursor = start;
    let mut seen = Seen::default();
    loop {
        let step = match cursor.clone() {
            None => rebuild(&db, &index).await,
            Some(at) => catch_up(&db, &index, at, &mut seen).await,
        };
        match step {
            Ok(next) => cursor = Some(next),
            Err(error) => {
                tracing::warn!(%error, "search index could not catch up; retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
        let _ = tokio::time::timeout(POLL, events.recv()).await;
        // One step covers every event that arrived meanwhile.
        while events.try_recv().is_ok() {}
    }
}
