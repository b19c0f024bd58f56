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
        RemoveChatMessage = "remove_chat_message" => "Removed a live session's chat message",
        MuteInRoom = "mute_in_room" => "Muted someone in a live session's room",
    }
}

/// A report in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    /// Report id.
    pub id: i64,
    /// The post reported, or whose comment was.
    pub post_id: i64,
    /// The comment reported, if it was a comment.
    pub comment_id: Option<i64>,
    /// The reported words, as sanitized HTML.
    pub excerpt_html: String,
    /// Who wrote what was reported.
    pub author: PersonRef,
    /// Who reported it.
    pub reporter: PersonRef,
    /// Why, in the reporter's words.
    pub reason: String,
    /// Open, claimed or resolved.
    pub status: ReportStatus,
    /// The facilitator handling it (never shown to the reporter).
    pub claimed_by: Option<PersonRef>,
    /// What was decided, once resolved.
    pub outcome: Option<Outcome>,
    /// Why, in the facilitator's words.
    pub resolution: String,
    /// When it was reported, for people.
    pub created_label: String,
    /// Where it was written; None for the company feed.
    pub group: Option<GroupRef>,
}

/// What waits for a group's facilitators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    /// Posts waiting for approval, oldest first.
    pub pending_posts: Vec<PostView>,
    /// Open and claimed reports, oldest first.
    pub reports: Vec<ReportView>,
    /// Requests to join the group.
    pub join_requests: Vec<Member>,
    /// The cursor of the next page of waiting posts, when there is one.
    pub next_posts: Option<i64>,
    /// The cursor of the next page of reports, when there is one.
    pub next_reports: Option<i64>,
}

/// One row of the moderation log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Log row id.
    pub id: i64,
    /// What was done.
    pub kind: ModerationKind,
    /// Who did it.
    pub actor: PersonRef,
    /// Where; None for the company feed.
    pub group: Option<GroupRef>,
    /// Whom it was done to, if anyone.
    pub target: Option<PersonRef>,
    /// The post concerned, if any.
    pub post_id: Option<i64>,
    /// The comment concerned, if any.
    pub comment_id: Option<i64>,
    /// Why, in the moderator's words.
    pub reason: String,
    /// When a mute or pin ends, for people.
    pub expires_label: Option<String>,
    /// When it was done, for people.
    pub created_label: String,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogPage {
    /// Newest first.
    pub entries: Vec<LogEntry>,
    /// The cursor of the next page, if there is one.
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

impl Decision {
    /// The value a form posts for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Hide => "hide",
            Decision::Restore => "restore",
            Decision::Remove => "remove",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Decision;

    #[test]
    fn each_decision_posts_the_value_its_server_function_reads() {
        for decision in [
            Decision::Approve,
            Decision::Reject,
            Decision::Hide,
            Decision::Restore,
            Decision::Remove,
        ] {
            let read: Decision = serde_json::from_value(decision.as_str().into()).unwrap();
            assert_eq!(read, decision);
        }
    }
}
