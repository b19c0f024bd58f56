use crate::notify::types::NoticeKind;
use sea_orm::entity::prelude::*;

/// A reminder sent to a person about a learning path falling due: due soon, or overdue.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "path_reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub path_id: i64,
    pub kind: NoticeKind,
    /// The due day it reminded of: a later due day is reminded of again.
    pub due_on: Date,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
