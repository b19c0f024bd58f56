use crate::feed::types::Reaction;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reactions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub post_id: i64,
    pub user_id: i64,
    pub reaction: Reaction,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
