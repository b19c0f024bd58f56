//! Types about posts, comments and reactions that cross the wire.

use crate::people::types::PersonSummary;
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// What a post is.
    pub enum PostKind {
        Post = "post" => "Post",
        /// Others answer in comments; one answer can be accepted.
        Question = "question" => "Question",
        /// Pinned for some days, with "Mark as read" and a count of readers.
        Announcement = "announcement" => "Announcement",
    }
}

db_enum! {
    /// Where a post or comment stands with moderation.
    pub enum PostStatus {
        Published = "published" => "Published",
        /// Waiting for a facilitator's approval: only its author and facilitators see it.
        Pending = "pending" => "Waiting for approval",
        /// Hidden by a facilitator: only its author and facilitators see it; it can be restored.
        Hidden = "hidden" => "Hidden",
        /// Removed by a facilitator, with a reason in the moderation log.
        Removed = "removed" => "Removed",
    }
}

db_enum! {
    /// The small fixed set of reactions.
    pub enum Reaction {
        Like = "like" => "Like",
        Celebrate = "celebrate" => "Celebrate",
        Insightful = "insightful" => "Insightful",
        Thanks = "thanks" => "Thanks",
    }
}

impl Reaction {
    /// The symbol shown on the button; the label is its accessible name.
    pub fn symbol(self) -> &'static str {
        match self {
            Reaction::Like => "👍",
            Reaction::Celebrate => "🎉",
            Reaction::Insightful => "💡",
            Reaction::Thanks => "🙏",
        }
    }
}

/// Which feed to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedScope {
    /// The company feed merged with the reader's groups and the posts of the people they follow.
    Home,
    /// Only the posts of the people the reader follows, wherever the reader may read them.
    Following,
    /// Posts outside any group.
    Company,
    Group(i64),
}

/// A group by name: the one a post belongs to, or one the composer offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRef {
    /// Group id.
    pub id: i64,
    /// Group name.
    pub name: String,
}

/// How many people reacted one way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReactionCount {
    /// Which reaction.
    pub reaction: Reaction,
    /// How many people gave it.
    pub count: i64,
    /// Whether the reader is one of them.
    pub mine: bool,
    /// The first few names, for "who reacted".
    pub names: Vec<String>,
}

/// A post as a reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostView {
    /// Post id.
    pub id: i64,
    /// Who wrote it.
    pub author: PersonSummary,
    /// None for the company feed.
    pub group: Option<GroupRef>,
    /// Post, question or announcement.
    pub kind: PostKind,
    /// Where it stands with moderation.
    pub status: PostStatus,
    /// The Markdown as written, for editing.
    pub body: String,
    /// Sanitized HTML rendered from the Markdown.
    pub body_html: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The same moment, written for people.
    pub created_label: String,
    /// Whether it was changed after it was written.
    pub edited: bool,
    /// Pinned to the top of its feed until this moment has passed.
    pub pinned: bool,
    /// Whether only moderators may comment now.
    pub comments_locked: bool,
    /// The comment accepted as the answer to a question.
    pub accepted_comment_id: Option<i64>,
    /// Published comments and replies.
    pub comment_count: i32,
    /// Reactions given, in the fixed order.
    pub reactions: Vec<ReactionCount>,
    /// Announcements: how many have marked it read, and whether the reader has.
    pub read_count: i64,
    /// Whether the reader has marked it read.
    pub read_by_me: bool,
    /// Whether the reader wrote it.
    pub mine: bool,
    /// Whether the reader may moderate it.
    pub can_moderate: bool,
    /// Whether the reader may comment now.
    pub can_comment: bool,
}

/// One page of a feed, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedPage {
    /// Pinned posts, on the first page only.
    pub pinned: Vec<PostView>,
    /// Newest first, pinned posts excepted.
    pub posts: Vec<PostView>,
    /// The cursor of the next page, if there is one.
    pub next: Option<i64>,
    /// Whether new company-feed posts belong in this feed.
    pub company: bool,
    /// The groups whose new posts belong in this feed.
    pub groups: Vec<i64>,
    /// The people whose new posts belong in this feed, wherever the reader may read them.
    pub authors: Vec<i64>,
}

/// A post as the server draws its card: what a feed keeps of it, and the card's inside as HTML.
/// A feed's cards come drawn, so a page that lists posts does without the card's own code; their
/// forms post without it, and the feed sends them in the background (see `FeedList`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// Post id.
    pub id: i64,
    /// Its name for screen readers: "Post by …".
    pub label: String,
    pub pinned: bool,
    /// Not published (waiting for approval, or hidden): shown dimmed.
    pub muted: bool,
    /// The card's inside: header, words, reactions, actions and moderation.
    pub html: String,
}

/// One page of a feed as drawn cards; otherwise as `FeedPage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardPage {
    pub pinned: Vec<Card>,
    pub posts: Vec<Card>,
    pub next: Option<i64>,
    pub company: bool,
    pub groups: Vec<i64>,
    pub authors: Vec<i64>,
}

/// A comment or reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    /// Comment id.
    pub id: i64,
    /// The post it belongs to.
    pub post_id: i64,
    /// The comment this replies to; replies are one level deep.
    pub parent_id: Option<i64>,
    /// Who wrote it.
    pub author: PersonSummary,
    /// Where it stands with moderation.
    pub status: PostStatus,
    /// The Markdown as written, for editing.
    pub body: String,
    /// Sanitized HTML rendered from the Markdown.
    pub body_html: String,
    /// When it was written, for people.
    pub created_label: String,
    /// Whether it was changed after it was written.
    pub edited: bool,
    /// The accepted answer to a question.
    pub accepted: bool,
    /// Whether the reader wrote it.
    pub mine: bool,
    /// Whether the reader may moderate it.
    pub can_moderate: bool,
}

/// A new post, as posted by the composer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostFields {
    /// Empty for the company feed, otherwise the group's id.
    pub group: String,
    /// `post`, `question` or `announcement`.
    pub kind: String,
    /// What the author wrote, in Markdown.
    pub body: String,
    /// Announcements: days to stay pinned.
    pub pin_days: String,
}
