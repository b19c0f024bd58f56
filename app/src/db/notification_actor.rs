use sea_orm::entity::prelude::*;

/// One person a notification came from.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_actors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub notification_id: i64,
    pub actor_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
