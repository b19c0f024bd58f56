use crate::moderation::types::ModerationKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: ModerationKind,
    pub actor_id: i64,
    pub group_id: Option<i64>,
    pub target_user_id: Option<i64>,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
