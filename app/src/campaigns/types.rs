//! Campaigns as they cross the wire.

use serde::{Deserialize, Serialize};

/// The placeholders a campaign's subject and body may use, each written in braces.
pub const PLACEHOLDERS: [&str; 3] = ["first_name", "manager", "next_step"];

/// A new campaign, as the form posts it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CampaignFields {
    /// What L&D calls it.
    pub name: String,
    /// Only people in this department; empty for any.
    #[serde(default)]
    pub department: String,
    /// Only people at this location; empty for any.
    #[serde(default)]
    pub location: String,
    /// Only people who started after this day (`YYYY-MM-DD`); empty for any.
    #[serde(default)]
    pub started_after: String,
}

/// A new email in a campaign, as the form posts it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StepFields {
    /// Days after the start date, 0 to 365.
    pub day: String,
    /// The subject; placeholders allowed.
    pub subject: String,
    /// The body in Markdown; placeholders allowed.
    pub body: String,
}

/// A campaign as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCard {
    /// Campaign id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Whom it reaches, in words.
    pub audience: String,
    /// How many emails it has.
    pub steps: i64,
    /// Whether it is paused.
    pub paused: bool,
}

/// One email of a campaign with what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepReport {
    /// Step id.
    pub id: i64,
    /// Days after the start date.
    pub day: i32,
    /// Subject, placeholders unfilled.
    pub subject: String,
    /// Body in Markdown, placeholders unfilled.
    pub body: String,
    /// People it was sent to.
    pub sent: i64,
    /// People who followed its link.
    pub clicked: i64,
}

/// A campaign with its emails in the order they go out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    /// The campaign as listed.
    pub card: CampaignCard,
    /// Its emails, earliest day first.
    pub steps: Vec<StepReport>,
}

/// One email as a given person would get it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// Whom it was written for.
    pub to: String,
    /// The subject, filled in.
    pub subject: String,
    /// The plain-text body, filled in.
    pub text: String,
}
