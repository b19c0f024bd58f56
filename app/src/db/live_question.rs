use crate::sessions::types::QuestionStatus;
use sea_orm::entity::prelude::*;

/// A question asked in a live session's Q&A.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    /// Known to admins even when the question is shown without a name.
    pub author_id: i64,
    pub anonymous: bool,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub status: QuestionStatus,
    /// Upvotes, one per person.
    pub votes: i32,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
