use crate::sessions::types::Answer;
use sea_orm::entity::prelude::*;

/// A person's answer to a live session's invitation; one per person and session.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_rsvps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub user_id: i64,
    pub answer: Answer,
    /// When they last answered: the waiting list goes by it.
    pub answered_at: DateTimeUtc,
    /// When they were reminded the day before, and shortly before it starts.
    pub reminded_day_at: Option<DateTimeUtc>,
    pub reminded_soon_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
