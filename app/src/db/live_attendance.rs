use sea_orm::entity::prelude::*;

/// A person who joined a live session while it ran; once per person and session.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_attendance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub user_id: i64,
    /// When they first joined.
    pub joined_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
