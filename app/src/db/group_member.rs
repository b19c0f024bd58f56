use crate::groups::types::{GroupRole, MemberStatus};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub user_id: i64,
    pub role: GroupRole,
    pub status: MemberStatus,
    /// Muted until this moment, if it is still to come.
    pub muted_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub mute_reason: String,
    /// Posts of this member published here, for approval of new members' first posts.
    pub published_posts: i32,
    /// For slow mode.
    pub last_posted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
