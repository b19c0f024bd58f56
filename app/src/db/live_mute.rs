use sea_orm::entity::prelude::*;

/// A person muted in a live session's room until a moment: they read, but do not chat or ask.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_mutes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub user_id: i64,
    pub until: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
