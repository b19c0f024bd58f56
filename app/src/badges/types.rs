//! Badges as they cross the wire.

use crate::people::types::PersonSummary;
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// The picture on a badge, from the built-in set.
    pub enum BadgeIcon {
        Star = "star" => "Star",
        Rocket = "rocket" => "Rocket",
        Book = "book" => "Book",
        Heart = "heart" => "Heart",
        Bulb = "bulb" => "Light bulb",
        Trophy = "trophy" => "Trophy",
    }
}

/// A badge in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeSummary {
    /// Badge id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// What it stands for, in a sentence.
    pub description: String,
    /// Its picture.
    pub icon: BadgeIcon,
    /// How many people hold it now (revoked awards do not count).
    pub holders: i64,
}

/// A badge with its criteria and everyone who was awarded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    /// The badge.
    pub summary: BadgeSummary,
    /// What earns it, rendered from Markdown and sanitised.
    pub criteria_html: String,
    /// Its awards, the most recent first, revoked ones included.
    pub awards: Vec<Award>,
    /// Whether the reader may award and revoke it.
    pub can_award: bool,
}

/// One award of a badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Award {
    /// Award id.
    pub id: i64,
    /// Who holds it.
    pub person: PersonSummary,
    /// The badge.
    pub badge: BadgeSummary,
    /// Why it was awarded.
    pub note: String,
    /// Who awarded it, when a person did.
    pub awarded_by: Option<String>,
    /// When, in the reader's time zone.
    pub awarded: String,
    /// The same moment as an RFC 3339 stamp, for `<time datetime>`.
    pub stamp: String,
    /// Why it was taken back, when it was.
    pub revoked: Option<String>,
}

/// A new badge as typed into its form; the server checks every field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeFields {
    /// Its name (required, unique).
    pub name: String,
    /// What it stands for, in a sentence (required).
    pub description: String,
    /// What earns it, in Markdown.
    pub criteria: String,
    /// Its picture, by its stored name (`star`, `rocket`…).
    pub icon: String,
}
