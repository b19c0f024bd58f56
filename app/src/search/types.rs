//! Types about search that cross the wire.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// What a search result is.
    pub enum HitKind {
        Post = "post" => "Posts",
        Item = "item" => "Library",
        Person = "person" => "People",
    }
}

/// How far back results may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Since {
    Week,
    Month,
    Year,
}

impl Since {
    pub const ALL: [Since; 3] = [Since::Week, Since::Month, Since::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Since::Week => "week",
            Since::Month => "month",
            Since::Year => "year",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Since::Week => "Past week",
            Since::Month => "Past month",
            Since::Year => "Past year",
        }
    }

    pub fn parse(raw: &str) -> Option<Since> {
        Since::ALL.into_iter().find(|since| since.as_str() == raw)
    }

    /// The span in days.
    pub fn days(self) -> i64 {
        match self {
            Since::Week => 7,
            Since::Month => 31,
            Since::Year => 366,
        }
    }
}

/// What a person asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub text: String,
    pub kind: Option<HitKind>,
    /// A library category (and only library items in it).
    pub category: Option<i64>,
    /// Written or owned by this person.
    pub author: Option<i64>,
    pub since: Option<Since>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub kind: HitKind,
    pub id: i64,
    pub title: String,
    /// Escaped text with the matching words in `<mark>`.
    pub snippet_html: String,
    pub url: String,
    /// Where it lives and who wrote it, in words.
    pub context: String,
    pub author: Option<(i64, String)>,
    pub date_label: String,
}

/// A page of results, best first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Matches in what the person may see, before the page was cut, when they were counted; a
    /// search for common words reads only its best matches (`None`: more than a page).
    pub total: Option<u64>,
}
