use crate::sessions::types::Audience;
use sea_orm::entity::prelude::*;

/// A live session with leaders: when, for whom, and where it streams.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    /// Markdown, as its hosts wrote it.
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(column_type = "Text")]
    pub description_html: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    /// The IANA time zone its hosts scheduled it in.
    pub time_zone: String,
    pub audience: Audience,
    /// The group, for a group's session.
    pub group_id: Option<i64>,
    /// The path whose assignees it is for, for a path's session.
    pub path_id: Option<i64>,
    /// A meeting link, or an HLS address played in the page.
    #[sea_orm(column_type = "Text")]
    pub stream_url: String,
    /// The most people going; None for no limit.
    pub capacity: Option<i32>,
    /// Places taken: people going.
    pub going_count: i32,
    pub cancelled: bool,
    /// The iCalendar SEQUENCE, one more at each change calendars should show.
    pub sequence: i32,
    /// Whether questions wait for a host's approval before others see them.
    pub qa_moderated: bool,
    /// Whether questions may be asked without a name (admins still see who asked).
    pub anonymous_questions: bool,
    /// A word a learning path's attendance step may ask for ("onboarding"): lower-case.
    pub tag: Option<String>,
    /// The library item its recording became, once a host added it.
    pub recording_item_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
