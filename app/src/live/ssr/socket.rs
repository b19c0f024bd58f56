//! One websocket per open page: authenticated by the session cookie, sent the events its person may
//! see, resynced from the log after a reconnect or when it falls behind.

use super::hub;
use crate::{
    auth::ssr::{cookie_token, user_from_headers, user_from_token},
    db::event,
    live::types::{Audience, LiveEvent, LiveKind, Watch},
    people::types::Role,
    policy::Actor,
    sessions::{ssr::phase, types::Phase},
    standing::Standing,
    state::AppState,
};
use axum::{
    extract::{
        Query, State,
        ws::{Message, WebSocket, WebSocketUpgrade},
    },
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use serde::Deserialize;
use std::{collections::VecDeque, time::Duration};
use tokio::sync::broadcast::{self, error::RecvError};

/// Buffers per socket: frames are a few dozen bytes and pages send almost nothing, while axum's
/// defaults (128 kB each way) would cost that much memory for every open page. Frames are written
/// at once rather than gathered.
const READ_BUFFER: usize = 1024;
const LARGEST_MESSAGE: usize = 4 * 1024;
/// Events replayed to a page that reconnects; one that missed more refetches instead.
const REPLAY_LIMIT: u64 = 1000;
/// Rooms a page enters at once, and then a second: far more than anyone clicks through.
const ROOM_ENTRIES_BURST: f64 = 10.0;
const ROOM_ENTRIES_PER_SECOND: f64 = 1.0;
/// How often the socket is pinged and its session checked.
const HEARTBEAT: Duration = Duration::from_secs(30);

/// `?after=<last event id>` when a page reconnects.
#[derive(Debug, Deserialize)]
pub struct Resume {
    pub after: Option<i64>,
}

/// `GET /live`: upgrades to a websocket for the signed-in person (the Origin was checked before).
pub async fn websocket(
    upgrade: WebSocketUpgrade,
    State(state): State<AppState>,
    Query(resume): Query<Resume>,
    headers: HeaderMap,
) -> Response {
    let person = match user_from_headers(&state.db, &headers).await {
        Ok(Some(person)) => person,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    // Only the session token is kept, to check the session now and then.
    let Some(token) = cookie_token(&headers) else {
        return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response();
    };
    // Subscribed before the handshake answers: an event committed once the page holds an open socket
    // reaches it, even while its access is still loading, and nothing committed during a replay is
    // missed (`Sent` drops what arrives both ways).
    let events = state.hub.subscribe();
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_write_buffer_size(64 * 1024)
        .max_message_size(LARGEST_MESSAGE)
        .on_upgrade(move |socket| {
            serve(
                socket,
                state,
                events,
                Actor::of(&person),
                token,
                resume.after,
            )
        })
}

/// Readers' events go to those who read the group now, even about their own old posts; the
/// moderators' also to the person they are about (an author whose post waits, a muted member).
/// A room's events go to the pages that have that room open, whose entry was checked (and is
/// checked again at each heartbeat): a host from outside a closed group hears them too.
fn may_receive(standing: &Standing, room: Option<i64>, event: &event::Model) -> bool {
    if matches!(event.kind, LiveKind::RoomChanged | LiveKind::ChatSent) {
        return event.session_id.is_some() && event.session_id == room;
    }
    let named = event.person_id == Some(standing.actor.id);
    match event.audience {
        Audience::Readers => standing.reads(event.group_id),
        Audience::Moderators => named || standing.moderates(event.group_id),
        Audience::Person => named,
    }
}

/// Whether this event changes the person's own standing, which only the database knows.
fn changes(standing: &Standing, event: &event::Model) -> bool {
    event.kind == LiveKind::MemberChanged && event.person_id == Some(standing.actor.id)
}

/// Learns from a group's change whether everyone reads that group now (a new open group), as the
/// hub read it once for every page.
fn learn(standing: &mut Standing, delivery: &hub::Delivery) {
    if let (LiveKind::GroupChanged, Some(group)) = (delivery.event.kind, delivery.event.group_id) {
        standing.set_open(group, delivery.group_open);
    }
}

/// The ids sent lately, so an event that arrives both by replay and by broadcast goes out once.
#[derive(Default)]
struct Sent {
    recent: VecDeque<i64>,
    last: i64,
}

impl Sent {
    fn first_time(&mut self, id: i64) -> bool {
        if self.recent.contains(&id) {
            return false;
        }
        if self.recent.len() == 256 {
            self.recent.pop_front();
        }
        self.recent.push_back(id);
        self.last = self.last.max(id);
        true
    }
}

/// A page's allowance of room entries: a burst, then a steady rate.
struct Entries {
    left: f64,
    at: std::time::Instant,
}

impl Default for Entries {
    fn default() -> Self {
        Entries {
            left: ROOM_ENTRIES_BURST,
            at: std::time::Instant::now(),
        }
    }
}

impl Entries {
    /// Whether the page may enter one more room now; counts it when so.
    fn allow(&mut self) -> bool {
        let now = std::time::Instant::now();
        let earned = now.duration_since(self.at).as_secs_f64() * ROOM_ENTRIES_PER_SECOND;
        self.left = (self.left + earned).min(ROOM_ENTRIES_BURST);
        self.at = now;
        if self.left >= 1.0 {
            self.left -= 1.0;
            true
        } else {
            false
        }
    }
}

/// One open page. Kept small: thousands are open at once, and each lives as long as its page.
struct Page {
    socket: WebSocket,
    state: AppState,
    /// What the person may receive, kept up to date from the deliveries themselves.
    standing: Standing,
    /// The live session room the page has open, once the person was found to be in its audience.
    room: Option<i64>,
    /// Whether they were counted as attending it (it ran when they entered).
    counted: bool,
    /// Rooms the page may still enter now: each entry reads the database.
    entries: Entries,
    sent: Sent,
}

impl Page {
    /// Sends one frame; false when the page has gone.
    async fn send(&mut self, frame: &LiveEvent) -> bool {
        let Ok(text) = serde_json::to_string(frame) else {
            return true;
        };
        self.socket.send(Message::Text(text.into())).await.is_ok()
    }

    /// Sends one event if the person may receive it, as the hub wrote it once for every page. Only
    /// an event about the person's own standing makes this page ask the database anything.
    async fn deliver(&mut self, delivery: &hub::Delivery) -> bool {
        let event = &delivery.event;
        learn(&mut self.standing, delivery);
        let mut alive = true;
        if may_receive(&self.standing, self.room, event) && self.sent.first_time(event.id) {
            alive = self
                .socket
                .send(Message::Text(delivery.frame.clone()))
                .await
                .is_ok();
        }
        if changes(&self.standing, event) {
            if !Box::pin(self.refresh_standing()).await {
                return false;
            }
            Box::pin(self.stay()).await;
        }
        alive
    }

    async fn refresh_standing(&mut self) -> bool {
        match Standing::load(&self.state.db, self.standing.actor).await {
            Ok(standing) => {
                self.standing = standing;
                true
            }
            Err(error) => {
                tracing::warn!(%error, "live page: cannot reload standing; closing");
                false
            }
        }
    }

    /// Opens or leaves a room as the page asks. Entering is checked (and, while the session runs,
    /// counted as attending); the page is then told the room changed, so it reads anything said
    /// between its own read and now.
    async fn watch(&mut self, text: &str) -> bool {
        let Ok(Watch { room }) = serde_json::from_str::<Watch>(text) else {
            return true;
        };
        // The same room again is entered again: a page whose session has just begun asks so,
        // to be counted as attending now.
        self.room = None;
        let Some(id) = room else {
            return true;
        };
        if !self.entries.allow() {
            tracing::warn!("live page: entering rooms too fast; this one ignored");
            return true;
        }
        if !Box::pin(self.enter(id)).await {
            return true;
        }
        self.send(&LiveEvent::entered(id)).await
    }

    /// Enters a room if the person may be there, counting them as attending while it runs;
    /// answers whether they are in it.
    async fn enter(&mut self, id: i64) -> bool {
        match crate::sessions::ssr::enter(&self.state.db, self.standing.actor, id).await {
            Ok(row) => {
                self.room = Some(id);
                self.counted = phase(&row, Utc::now()) == Phase::Live;
                true
            }
            Err(_) => {
                self.room = None;
                false
            }
        }
    }

    /// Checks again that the person may be in the room they have open (they may have left the
    /// session's group or path since), counting them as attending once it runs; once they were
    /// counted, only the check is read, with no write at every heartbeat.
    async fn stay(&mut self) {
        let Some(id) = self.room else {
            return;
        };
        if !self.counted {
            self.enter(id).await;
        } else if crate::sessions::ssr::sees(&self.state.db, self.standing.actor, id)
            .await
            .is_err()
        {
            self.room = None;
        }
    }

    /// Replays what came after `after`; asks the page to refetch when that is too much.
    async fn replay(&mut self, after: i64) -> bool {
        match hub::missed(&self.state.db, after, REPLAY_LIMIT).await {
            Ok(events) if events.len() as u64 == REPLAY_LIMIT => {
                let newest = events.last().map_or(after, |delivery| delivery.event.id);
                self.sent.last = self.sent.last.max(newest);
                self.send(&LiveEvent::resync(newest)).await
            }
            Ok(events) => {
                for event in &events {
                    if !self.deliver(event).await {
                        return false;
                    }
                }
                true
            }
            Err(_) => false,
        }
    }
}

async fn serve(
    socket: WebSocket,
    state: AppState,
    mut events: broadcast::Receiver<hub::Shared>,
    actor: Actor,
    token: String,
    after: Option<i64>,
) {
    // Database calls are boxed: the task's own future stays small while the page is idle, instead of
    // carrying room for the largest query it might ever make.
    let standing = match Box::pin(Standing::load(&state.db, actor)).await {
        Ok(standing) => standing,
        Err(error) => {
            tracing::warn!(%error, "live page: cannot load standing");
            return;
        }
    };
    let mut page = Page {
        socket,
        state,
        standing,
        room: None,
        counted: false,
        entries: Entries::default(),
        sent: Sent::default(),
    };
    if let Some(after) = after
        && !Box::pin(page.replay(after)).await
    {
        return;
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    loop {
        tokio::select! {
            received = events.recv() => {
                let alive = match received {
                    Ok(event) => Box::pin(page.deliver(&event)).await,
                    // Fell behind: replay from the last event sent; a page sent nothing yet has no
                    // such point and refetches instead.
                    Err(RecvError::Lagged(_)) if page.sent.last > 0 => {
                        let after = page.sent.last;
                        Box::pin(page.replay(after)).await
                    }
                    Err(RecvError::Lagged(_)) => page.send(&LiveEvent::resync(0)).await,
                    Err(RecvError::Closed) => false,
                };
                if !alive {
                    break;
                }
            }
            incoming = page.socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(Message::Text(text))) => {
                    if !Box::pin(page.watch(&text)).await {
                        break;
                    }
                }
                Some(Ok(_)) => {}
            },
            _ = heartbeat.tick() => {
                // A session that ended (sign-out, deactivation) ends its pages' sockets too, and a
                // changed workspace role changes what the page receives.
                match Box::pin(user_from_token(&page.state.db, &token)).await {
                    Ok(Some(person)) if (person.role == Role::Admin) == page.standing.is_admin() => {}
                    Ok(Some(person)) => {
                        page.standing.actor.role = person.role;
                        if !Box::pin(page.refresh_standing()).await {
                            break;
                        }
                    }
                    _ => break,
                }
                Box::pin(page.stay()).await;
                if page.socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
            }
        }
    }
}
