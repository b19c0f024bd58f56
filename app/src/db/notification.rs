use crate::notify::types::NoticeKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient_id: i64,
    pub kind: NoticeKind,
    /// The latest person it came from; None when nobody did (a path's rule assigned it).
    pub actor_id: Option<i64>,
    /// How many people it came from, the latest included.
    pub actor_count: i32,
    pub group_id: Option<i64>,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub path_id: Option<i64>,
    pub item_id: Option<i64>,
    pub course_id: Option<i64>,
    /// A live session.
    pub session_id: Option<i64>,
    /// Why a moderator decided as they did.
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub created_at: DateTimeUtc,
    /// When it last happened again: notifications are listed by it.
    pub updated_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
