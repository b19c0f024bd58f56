use crate::groups::types::{Approval, GroupKind, Privacy};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// Server-made file name of the cover image, if one was uploaded.
    pub cover: Option<String>,
    pub privacy: Privacy,
    pub kind: GroupKind,
    pub approval: Approval,
    pub approval_threshold: i32,
    pub slow_mode_seconds: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
