use crate::feed::types::{PostKind, PostStatus};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    /// None for the company feed.
    pub group_id: Option<i64>,
    pub kind: PostKind,
    pub status: PostStatus,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// Rendered and sanitized once, when written.
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub pinned_until: Option<DateTimeUtc>,
    pub comments_locked: bool,
    pub accepted_comment_id: Option<i64>,
    /// Published comments, kept with each change so feeds need no count.
    pub comment_count: i32,
    pub created_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
