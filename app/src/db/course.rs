use crate::library::types::ItemStatus;
use sea_orm::entity::prelude::*;

/// A course follows the library's life: draft, in review with an expert of its topic, published.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub topic: String,
    pub status: ItemStatus,
    pub owner_id: i64,
    pub reviewer_id: Option<i64>,
    /// What the expert said when they last decided.
    #[sea_orm(column_type = "Text")]
    pub review_note: String,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
