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

db_enum! {
    /// What awards a badge by itself, checked when the fact happens and on request. A path that
    /// names the badge awards it too, whatever its rule.
    pub enum BadgeRule {
        Hand = "hand" => "Only by hand, or by a learning path",
        Course = "course" => "Completing a course",
        Answers = "answers" => "Accepted answers",
        Items = "items" => "Library items approved, as their author",
        CohortPost = "cohort_post" => "A first post in a cohort group (in a group's badge: in that group)",
        Helpful = "helpful" => "Helpful marks on their library items",
    }
}

impl BadgeRule {
    /// Whether the rule counts something, so a badge says how many earn it.
    pub fn counts(self) -> bool {
        matches!(
            self,
            BadgeRule::Answers | BadgeRule::Items | BadgeRule::Helpful
        )
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
    /// Its built-in picture.
    pub icon: BadgeIcon,
    /// The address of its uploaded picture, shown instead of the built-in one.
    pub image: Option<String>,
    /// How many people hold it now (revoked awards do not count).
    pub holders: i64,
    /// The group it belongs to, for a group's badge: its id and name.
    pub group: Option<(i64, String)>,
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
    /// What awards it by itself, in words ("3 accepted answers in Engineering Guild"), if a rule
    /// does.
    pub rule: Option<String>,
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
    /// The group it is for, by id; empty for the whole company.
    #[serde(default)]
    pub group: String,
    /// What awards it by itself, by its stored name (`hand`, `answers`…).
    #[serde(default)]
    pub rule: String,
    /// How many the rule needs, for rules that count.
    #[serde(default)]
    pub rule_count: String,
    /// The course whose completion earns it, by id, for the course rule.
    #[serde(default)]
    pub rule_course: String,
}

/// Where the reader may make badges, and the courses a rule may name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeChoices {
    /// Whether they make badges for the whole company (admins).
    pub company: bool,
    /// The groups they make badges for (those they facilitate), by id and name.
    pub groups: Vec<(i64, String)>,
    /// Published courses, by id and title.
    pub courses: Vec<(i64, String)>,
}
