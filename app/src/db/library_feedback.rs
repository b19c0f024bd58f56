use crate::library::types::FeedbackKind;
use sea_orm::entity::prelude::*;

/// A learner found an item helpful, or flagged it outdated with a note; one of each per person.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "library_feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i64,
    pub user_id: i64,
    pub kind: FeedbackKind,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub created_at: DateTimeUtc,
    /// When the owner dealt with an outdated flag.
    pub resolved_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
