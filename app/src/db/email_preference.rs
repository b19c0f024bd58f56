use crate::notify::types::{Cadence, NoticeKind};
use sea_orm::entity::prelude::*;

/// How one person wants one kind of notification by email; without a row, at once.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_preferences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: NoticeKind,
    pub cadence: Cadence,
}

impl ActiveModelBehavior for ActiveModel {}
