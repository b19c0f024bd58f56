use crate::library::types::{ItemKind, ItemStatus};
use sea_orm::entity::prelude::*;

/// A library item as it stands now; each saved state is also a row in `library_item_versions`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "library_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub category_id: i64,
    pub kind: ItemKind,
    pub status: ItemStatus,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// An expertise topic, lower-cased like people's tags.
    pub topic: String,
    /// Markdown: the article, or the curator's notes on a link.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub url: String,
    pub media_id: Option<i64>,
    pub poster_id: Option<i64>,
    pub owner_id: i64,
    /// The expert who last decided on it.
    pub reviewer_id: Option<i64>,
    pub review_by: Option<Date>,
    /// The newest version's number.
    pub version: i32,
    /// The version an expert last approved or confirmed.
    pub reviewed_version: Option<i32>,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
