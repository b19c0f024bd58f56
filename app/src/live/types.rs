//! The frames a page receives over its websocket: small, ids only, and the page fetches what it
//! lacks; only a room's chat message comes whole, since a room's pages would all fetch it at once.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// What happened.
    pub enum LiveKind {
        /// A new post, published or waiting for approval.
        PostCreated = "post_created" => "New post",
        /// A post changed: edited, pinned, locked, reacted to, answered, read, approved or restored.
        PostChanged = "post_changed" => "Post changed",
        /// A post is no longer visible to its readers: hidden, removed or deleted.
        PostGone = "post_gone" => "Post gone",
        /// A comment was added, edited, hidden or removed.
        CommentChanged = "comment_changed" => "Comment changed",
        /// The moderation queue changed: a report, a claim, a resolution, a pending post, a request.
        QueueChanged = "queue_changed" => "Queue changed",
        /// Someone's standing in a group changed: joined, left, muted, removed, role.
        MemberChanged = "member_changed" => "Member changed",
        /// A group's settings changed.
        GroupChanged = "group_changed" => "Group changed",
        /// A report the person made was resolved.
        ReportResolved = "report_resolved" => "Report resolved",
        /// The person's notifications changed: a new one, or some were read.
        NotificationsChanged = "notifications_changed" => "Notifications changed",
        /// The person started or stopped following someone: their Home feed takes in other posts.
        FollowsChanged = "follows_changed" => "Follows changed",
        /// A live session's room changed: a chat message, a question, a vote, a host's decision.
        RoomChanged = "room_changed" => "Room changed",
        /// A chat message in a live session's room; the frame carries it.
        ChatSent = "chat_sent" => "Chat message",
        /// Sent, never stored: the page was away too long to replay what it missed; it refetches.
        Resync = "resync" => "Catch up",
    }
}

db_enum! {
    /// Who may receive an event, beside the person it names.
    pub enum Audience {
        /// Everyone who may read the group (or the company feed when there is no group).
        Readers = "readers" => "Readers",
        /// The group's facilitators and owners, and admins.
        Moderators = "moderators" => "Moderators",
        /// Only the person the event names.
        Person = "person" => "Person",
    }
}

/// One event, as sent to a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    /// Increasing id; a page that reconnects asks for what came after the last one it saw.
    pub id: i64,
    /// What happened.
    pub kind: LiveKind,
    /// The group it happened in; None for the company feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<i64>,
    /// The person the event is about (an author, a muted member, a reporter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<i64>,
    /// The post concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<i64>,
    /// The comment concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<i64>,
    /// The live session concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<i64>,
    /// What the event carries, as JSON its area reads: a room's new chat message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// What a page tells the server over its socket: the live session room it has open, if any. Only
/// pages in a room hear of its chat and questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watch {
    pub room: Option<i64>,
}

impl LiveEvent {
    /// Tells a page its room is open to it: it reads the room again, and hears of each change from
    /// now on. Not in the log, so it names no event id.
    pub fn entered(session: i64) -> Self {
        Self {
            kind: LiveKind::RoomChanged,
            session: Some(session),
            ..Self::resync(0)
        }
    }

    /// Tells a page it missed too much to replay and should refetch what it shows; `id` is where
    /// it resumes from.
    pub fn resync(id: i64) -> Self {
        Self {
            id,
            kind: LiveKind::Resync,
            group: None,
            person: None,
            post: None,
            comment: None,
            session: None,
            content: None,
        }
    }
}
