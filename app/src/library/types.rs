//! Types about the knowledge library that cross the wire.

use crate::{feed::types::GroupRef, people::types::PersonRef};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// What a library item holds.
    pub enum ItemKind {
        /// Text written here, in Markdown.
        Article = "article" => "Article",
        /// An uploaded video that plays in the page.
        Video = "video" => "Video",
        /// A PDF or office document to download.
        File = "file" => "File",
        /// An article elsewhere on the web, with a summary written by the curator.
        Link = "link" => "Curated link",
    }
}

db_enum! {
    /// Where an item is in its life.
    pub enum ItemStatus {
        /// Being written; only its owner and the category's editors see it.
        Draft = "draft" => "Draft",
        /// Waiting for a subject-matter expert of its topic.
        InReview = "in_review" => "In review",
        /// Vetted and visible to the category's audience.
        Published = "published" => "Published",
        /// Kept for the record, shown to nobody but its editors.
        Archived = "archived" => "Archived",
    }
}

db_enum! {
    /// What an expert decided about an item.
    pub enum ReviewDecision {
        Approved = "approved" => "Approved",
        /// Returned to its owner with comments.
        SentBack = "sent_back" => "Sent back",
        /// A published item checked again before its review-by date.
        Confirmed = "confirmed" => "Confirmed still right",
    }
}

db_enum! {
    /// What a learner said about an item.
    pub enum FeedbackKind {
        Helpful = "helpful" => "Helpful",
        Outdated = "outdated" => "Outdated",
    }
}

/// A category as its readers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    /// The category it sits in, if it is a subcategory.
    pub parent: Option<i64>,
    pub name: String,
    pub description: String,
    /// Visible to everyone, or only to `groups` and `departments`.
    pub everyone: bool,
    /// Groups that see it, when not everyone does.
    pub groups: Vec<GroupRef>,
    pub departments: Vec<String>,
    /// People who may write and edit its items.
    pub editors: Vec<PersonRef>,
    /// Published items in it.
    pub items: u64,
    /// Whether the caller may add items here.
    pub can_author: bool,
}

/// What an admin fills in to make or change a category.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryFields {
    pub name: String,
    pub description: String,
    /// The id of the category it sits in, or empty for a top-level category.
    pub parent: String,
    /// Comma-separated departments; with `groups`, empty means everyone.
    pub departments: String,
    /// Comma-separated group ids.
    pub groups: String,
    /// Comma-separated emails of the category's editors.
    pub editors: String,
}

/// One item in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemCard {
    pub id: i64,
    pub kind: ItemKind,
    pub status: ItemStatus,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub category: (i64, String),
    pub owner: PersonRef,
    /// `YYYY-MM-DD`, when set.
    pub review_by: Option<String>,
    /// The review-by date has passed, or the item changed after its last review.
    pub needs_review: bool,
    pub updated_label: String,
}

/// An item's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub card: ItemCard,
    /// Sanitized HTML of the article, or of the curator's summary for a link.
    pub body_html: String,
    /// The Markdown source, for editing; empty for people who may not edit.
    pub body: String,
    pub url: String,
    /// Where the media plays or downloads from.
    pub media: Option<MediaRef>,
    pub poster_url: Option<String>,
    pub version: i32,
    pub reviewer: Option<PersonRef>,
    pub helpful: u64,
    pub outdated: u64,
    /// What the caller has said about it.
    pub mine: Vec<FeedbackKind>,
    /// Outdated flags and their notes, for the people who keep the item.
    pub flags: Vec<Flag>,
    pub reviews: Vec<Review>,
    pub can: ItemAbilities,
}

/// A stored file an item points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaRef {
    pub url: String,
    pub content_type: String,
    pub name: String,
    pub size: u64,
}

/// What the caller may do with an item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAbilities {
    pub edit: bool,
    pub submit: bool,
    pub review: bool,
    pub confirm: bool,
    pub archive: bool,
    pub give_feedback: bool,
}

/// An outdated flag as the owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub id: i64,
    pub person: PersonRef,
    pub note: String,
    pub at_label: String,
    pub resolved: bool,
}

/// An expert's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub reviewer: PersonRef,
    pub decision: ReviewDecision,
    pub version: i32,
    pub comment: String,
    pub at_label: String,
}

/// One saved version of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub number: i32,
    pub title: String,
    pub note: String,
    pub editor: PersonRef,
    pub at_label: String,
    /// Sanitized HTML of that version's body.
    pub body_html: String,
    pub url: String,
}

/// What an author fills in. Media are uploaded separately, on the item's page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemFields {
    pub category: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// The expertise topic whose experts review it.
    pub topic: String,
    pub body: String,
    pub url: String,
    /// `YYYY-MM-DD`, or empty for six months after approval.
    pub review_by: String,
    /// A few words on what changed, kept with the version.
    pub note: String,
}

/// The library's front page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shelf {
    pub categories: Vec<Category>,
    pub items: Vec<ItemCard>,
    /// The cursor of the next page of items, when there is one.
    pub next: Option<i64>,
    /// Whether the caller may make categories.
    pub can_manage: bool,
    /// The groups a new category may be limited to (for those who may make categories).
    pub group_choices: Vec<GroupRef>,
}

/// Items that want the caller's attention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Desk {
    /// Items in review on topics the caller is an expert in (never their own).
    pub to_review: DeskPart,
    /// Published items past their review-by date or changed since review, that the caller owns or
    /// could review.
    pub needs_review: DeskPart,
    /// The caller's own drafts and items in review.
    pub mine: DeskPart,
    /// Unresolved outdated flags on items the caller owns.
    pub flagged: DeskPart,
}

/// A page of one part of the review desk, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskPart {
    pub items: Vec<ItemCard>,
    /// The cursor of the next page, when there is one.
    pub next: Option<i64>,
}

/// Where each part of the review desk starts: after these item ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskCursors {
    pub to_review: Option<i64>,
    pub needs_review: Option<i64>,
    pub mine: Option<i64>,
    pub flagged: Option<i64>,
}

db_enum! {
    /// Why a library upload was refused. It travels back in the address as a code, and the page
    /// says it in its own words.
    pub enum UploadProblem {
        Missing = "missing" => "Choose a file to upload.",
        TooLarge = "too_large" => "That file is too large: videos up to 500 MB, documents up to 50 MB, poster images up to 2 MB.",
        WrongType = "wrong_type" => "That file's content isn't a kind this item takes: MP4, WebM or QuickTime for videos; PDF or office documents for files; PNG, JPEG, GIF or WebP for posters.",
        Refused = "refused" => "You can't add files to this item: it may be archived, or not yours to edit.",
        NotSaved = "not_saved" => "We couldn't save that file. Please try again.",
    }
}
