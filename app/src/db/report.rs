use crate::moderation::types::{Outcome, ReportStatus};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub post_id: i64,
    /// Set when a comment of the post is reported rather than the post.
    pub comment_id: Option<i64>,
    /// The post's group; None for the company feed, whose reports admins handle.
    pub group_id: Option<i64>,
    pub reporter_id: i64,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub status: ReportStatus,
    pub claimed_by: Option<i64>,
    pub outcome: Option<Outcome>,
    #[sea_orm(column_type = "Text")]
    pub resolution: String,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
