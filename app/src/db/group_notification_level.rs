use crate::notify::types::GroupLevel;
use sea_orm::entity::prelude::*;

/// How much of one group reaches one member; without a row, its highlights.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_notification_levels")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub group_id: i64,
    pub level: GroupLevel,
}

impl ActiveModelBehavior for ActiveModel {}
