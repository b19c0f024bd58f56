//! The hub: one task per server reads new rows of the events log and broadcasts them to this server's
//! sockets. A change rings its doorbell after commit; with PostgreSQL, a `NOTIFY` sent inside the
//! change's transaction rings every server's doorbell, so each instance delivers every event.

use crate::{
    auth::ssr::{CHANGES, cookie_token, token_hash},
    db::{event, group},
    error::AppError,
    groups::types::Privacy,
    live::types::{Audience, LiveKind},
};
use axum::extract::ws::Utf8Bytes;
use chrono::Utc;
use leptos::prelude::use_context;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend,
    DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use std::{
    collections::{BTreeMap, HashSet},
    sync::Arc,
    time::{Duration, Instant},
};
use tokio::sync::{Notify, broadcast};

/// The PostgreSQL channel that carries new event ids between instances.
pub const CHANNEL: &str = "wellspring_events";
/// Events read from the log at a time.
const BATCH: u64 = 500;
/// A missing id may belong to a transaction that has not committed yet; it is looked for this long.
const GAP_PATIENCE: Duration = Duration::from_secs(10);
/// Even without a doorbell, the log is read this often, in case a `NOTIFY` was lost with its connection.
const IDLE_POLL: Duration = Duration::from_secs(2);

/// An event as broadcast to sockets, with what they need to decide who receives it, read once for
/// all of them: however many pages are open, one event costs the database the same.
#[derive(Debug)]
pub struct Delivery {
    pub event: event::Model,
    /// The frame as pages receive it, written once for all of them.
    pub frame: Utf8Bytes,
    /// For a change to a group: whether the group is open now, so every page may hear of it.
    pub group_open: bool,
}

/// Events as broadcast to sockets.
pub type Shared = Arc<Delivery>;

/// Reads, in one query, which of the groups these events changed are open, and pairs each event
/// with it.
async fn deliveries(
    db: &impl ConnectionTrait,
    rows: Vec<event::Model>,
) -> Result<Vec<Shared>, sea_orm::DbErr> {
    let changed: Vec<i64> = rows
        .iter()
        .filter(|row| row.kind == LiveKind::GroupChanged)
        .filter_map(|row| row.group_id)
        .collect();
    let open: HashSet<i64> = if changed.is_empty() {
        HashSet::new()
    } else {
        group::Entity::find()
            .select_only()
            .column(group::Column::Id)
            .filter(group::Column::Id.is_in(changed))
            .filter(group::Column::Privacy.eq(Privacy::Open))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|event| {
            let group_open = event.kind == LiveKind::GroupChanged
                && event.group_id.is_some_and(|group| open.contains(&group));
            let frame = serde_json::to_string(&event.frame())
                .unwrap_or_default()
                .into();
            Arc::new(Delivery {
                event,
                frame,
                group_open,
            })
        })
        .collect())
}

/// The in-process side of real time. Cheap to clone.
#[derive(Clone)]
pub struct Hub {
    sender: broadcast::Sender<Shared>,
    doorbell: Arc<Notify>,
}

/// One event to record with a change.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: LiveKind,
    pub audience: Audience,
    pub group: Option<i64>,
    pub person: Option<i64>,
    pub post: Option<i64>,
    pub comment: Option<i64>,
    pub session: Option<i64>,
    pub content: Option<String>,
}

impl NewEvent {
    pub fn new(kind: LiveKind, audience: Audience, group: Option<i64>) -> Self {
        Self {
            kind,
            audience,
            group,
            person: None,
            post: None,
            comment: None,
            session: None,
            content: None,
        }
    }

    pub fn person(mut self, person: i64) -> Self {
        self.person = Some(person);
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

    /// A live session.
    pub fn session(mut self, session: i64) -> Self {
        self.session = Some(session);
        self
    }

    /// What pages show of it, carried in the frame.
    pub fn content(mut self, content: String) -> Self {
        self.content = Some(content);
        self
    }
}

/// Commits a change with its log and event rows, then rings the hub: pages hear of a change only
/// once it is stored. A session that changes things faster than `CHANGES` allows is refused, and
/// its change rolled back, so nobody can keep every open page busy.
pub async fn publish(hub: &Hub, txn: DatabaseTransaction) -> Result<(), AppError> {
    let session = use_context::<http::request::Parts>()
        .and_then(|parts| cookie_token(&parts.headers))
        .map(|token| token_hash(&token));
    if session.is_some_and(|session| !CHANGES.allow(&session)) {
        return Err(AppError::RateLimited);
    }
    txn.commit().await?;
    hub.ring();
    Ok(())
}

/// Writes an event row inside the caller's transaction and, on PostgreSQL, queues the `NOTIFY` that
/// PostgreSQL delivers to every instance only if the transaction commits.
pub async fn record(db: &impl ConnectionTrait, new: NewEvent) -> Result<(), AppError> {
    let row = event::ActiveModel {
        kind: Set(new.kind),
        audience: Set(new.audience),
        group_id: Set(new.group),
        person_id: Set(new.person),
        post_id: Set(new.post),
        comment_id: Set(new.comment),
        session_id: Set(new.session),
        content: Set(new.content),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), row.id.to_string().into()],
        ))
        .await?;
    }
    Ok(())
}

impl Hub {
    /// Starts the hub's tasks on the current tokio runtime. The log's current end is read first, so
    /// every event committed after this returns is delivered.
    pub async fn start(db: DatabaseConnection) -> Result<Hub, sea_orm::DbErr> {
        let cursor = event::latest(&db).await?;
        let (sender, _) = broadcast::channel(1024);
        let hub = Hub {
            sender,
            doorbell: Arc::new(Notify::new()),
        };
        if db.get_database_backend() == DatabaseBackend::Postgres {
            tokio::spawn(listen(db.clone(), hub.doorbell.clone()));
        }
        tokio::spawn(sequence(db, hub.clone(), cursor));
        Ok(hub)
    }

    /// Tells the hub that new events were committed.
    pub fn ring(&self) {
        self.doorbell.notify_one();
    }

    /// Every event from now on. A receiver that falls behind learns how many it missed and resyncs
    /// from the log.
    pub fn subscribe(&self) -> broadcast::Receiver<Shared> {
        self.sender.subscribe()
    }
}

/// Waits for `NOTIFY`s from every instance (this one included) and rings the doorbell for each;
/// reconnects when the connection drops.
async fn listen(db: DatabaseConnection, doorbell: Arc<Notify>) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        let pool = db.get_postgres_connection_pool();
        match PgListener::connect_with(pool).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "could not listen for events");
                } else {
                    doorbell.notify_one();
                    while listener.recv().await.is_ok() {
                        doorbell.notify_one();
                    }
                    tracing::warn!("event listener disconnected; reconnecting");
                }
            }
            Err(error) => tracing::warn!(%error, "event listener cannot connect"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Reads the log in id order and broadcasts each event once. Ids can commit out of order on
/// PostgreSQL, so an id skipped over is remembered for a while and picked up when it appears.
async fn sequence(db: DatabaseConnection, hub: Hub, mut cursor: i64) {
    let mut gaps: BTreeMap<i64, Instant> = BTreeMap::new();
    loop {
        let wait = if gaps.is_empty() {
            IDLE_POLL
        } else {
            Duration::from_millis(100)
        };
        let _ = tokio::time::timeout(wait, hub.doorbell.notified()).await;
        loop {
            let rows = match read_after(&db, cursor, &gaps).await {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::warn!(%error, "hub cannot read the events log");
                    break;
                }
            };
            let full = rows.len() as u64 == BATCH;
            let rows = match deliveries(&db, rows).await {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::warn!(%error, "hub cannot read the events log");
                    break;
                }
            };
            let now = Instant::now();
            for delivery in rows {
                let id = delivery.event.id;
                if id > cursor {
                    // Only a few ids at most are in flight at once; a larger jump is the sequence's own.
                    if id - cursor <= 64 {
                        gaps.extend((cursor + 1..id).map(|gap| (gap, now)));
                    }
                    cursor = id;
                }
                gaps.remove(&id);
                // No receivers is fine: nobody is connected.
                let _ = hub.sender.send(delivery);
            }
            gaps.retain(|_, since| since.elapsed() < GAP_PATIENCE);
            if !full {
                break;
            }
        }
    }
}

async fn read_after(
    db: &DatabaseConnection,
    cursor: i64,
    gaps: &BTreeMap<i64, Instant>,
) -> Result<Vec<event::Model>, sea_orm::DbErr> {
    let mut condition = sea_orm::Condition::any().add(event::Column::Id.gt(cursor));
    if !gaps.is_empty() {
        condition = condition.add(event::Column::Id.is_in(gaps.keys().copied()));
    }
    event::Entity::find()
        .filter(condition)
        .order_by_asc(event::Column::Id)
        .limit(BATCH)
        .all(db)
        .await
}

/// The events after `after` that a page missed, oldest first, at most `limit`.
pub async fn missed(
    db: &impl ConnectionTrait,
    after: i64,
    limit: u64,
) -> Result<Vec<Shared>, AppError> {
    let rows = event::Entity::find()
        .filter(event::Column::Id.gt(after))
        .order_by_asc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(deliveries(db, rows).await?)
}
