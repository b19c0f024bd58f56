use crate::live::types::{Audience, LiveEvent, LiveKind};
use sea_orm::{QuerySelect, entity::prelude::*};

/// The real-time log: one row per change others must see, written in the change's transaction.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: LiveKind,
    pub audience: Audience,
    pub group_id: Option<i64>,
    pub person_id: Option<i64>,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    /// The live session concerned, if any.
    pub session_id: Option<i64>,
    /// What the pages that show it need, as JSON, so they need not each fetch it: a room's new
    /// chat message.
    #[sea_orm(column_type = "Text", nullable)]
    pub content: Option<String>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The frame sent to pages.
    pub fn frame(&self) -> LiveEvent {
        LiveEvent {
            id: self.id,
            kind: self.kind,
            group: self.group_id,
            person: self.person_id,
            post: self.post_id,
            comment: self.comment_id,
            session: self.session_id,
            content: self.content.clone(),
        }
    }
}

/// The id of the newest event in the log, or 0.
pub async fn latest(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(Entity::find()
        .select_only()
        .column_as(Column::Id.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0))
}
