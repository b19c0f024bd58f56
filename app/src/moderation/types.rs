//! Types about reports, the moderation queue and the moderation log that cross the wire.

use crate::{
    feed::types::{GroupRef, PostView},
    groups::types::Member,
    people::types::PersonRef,
};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// Where a report stands.
    pub enum ReportStatus {
        Open = "open" => "Open",
        /// A facilitator is looking at it.
        Claimed = "claimed" => "Claimed",
        Resolved = "resolved" => "Resolved",
    }
}

db_enum! {
    /// What a facilitator decided about a reported post or comment.
    pub enum Outcome {
        /// Nothing wrong: it stays.
        Kept = "kept" => "Kept",
        Hidden = "hidden" => "Hidden",
        Removed = "removed" => "Removed",
    }
}

db_enum! {
    /// Every kind of moderation action, one row each in the moderation log.
    pub enum ModerationKind {
        ApprovePost = "approve_post" => "Approved a post",
        RejectPost = "reject_post" => "Rejected a post",
        HidePost = "hide_post" => "Hid a post",
        RestorePost = "restore_post" => "Restored a post",
        RemovePost = "remove_post" => "Removed a post",
        HideComment = "hide_comment" => "Hid a comment",
        RestoreComment = "restore_comment" => "Restored a comment",
        RemoveComment = "remove_comment" => "Removed a comment",
        PinPost = "pin_post" => "Pinned a post",
        UnpinPost = "unpin_post" => "Unpinned a post",
        LockComments = "lock_comments" => "Locked comments",
        UnlockComments = "unlock_comments" => "Unlocked comments",
        ChangeSettings = "change_settings" => "Changed the group's settings",
        MuteMember = "mute_member" => "Muted a member",
        UnmuteMember = "unmute_member" => "Unmuted a member",
        RemoveMember = "remove_member" => "Removed a member",
        BlockMember = "block_member" => "Removed and blocked a member",
        ApproveJoin = "approve_join" => "Approved a request to join",
        DenyJoin = "deny_join" => "Declined a request to join",
        AddMember = "add_member" => "Added a member",
        ChangeRole = "change_role" => "Changed a member's role",
        ClaimReport = "claim_report" => "Claimed a report",
        ResolveReport = "resolve_report" => "Resolved a report",
    }
}

/// A report in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    pub post_id: i64,
    pub comment_id: Option<i64>,
    /// The reported words, as sanitized HTML.
    pub excerpt_html: String,
    pub author: PersonRef,
    pub reporter: PersonRef,
    pub reason: String,
    pub status: ReportStatus,
    pub claimed_by: Option<PersonRef>,
    pub outcome: Option<Outcome>,
    pub resolution: String,
    pub created_label: String,
    pub group: Option<GroupRef>,
}

/// What waits for a group's facilitators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub pending_posts: Vec<PostView>,
    pub reports: Vec<ReportView>,
    pub join_requests: Vec<Member>,
}

/// One row of the moderation log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: i64,
    pub kind: ModerationKind,
    pub actor: PersonRef,
    pub group: Option<GroupRef>,
    pub target: Option<PersonRef>,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub reason: String,
    pub expires_label: Option<String>,
    pub created_label: String,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    pub next: Option<i64>,
}

/// What a facilitator does to a post or comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Publishes a post that waited for approval.
    Approve,
    /// Turns down a post that waited for approval.
    Reject,
    /// Hides it from readers; it can be restored.
    Hide,
    Restore,
    /// Removes it for good, with a reason.
    Remove,
}
