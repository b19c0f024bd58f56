use sea_orm::entity::prelude::*;

/// A person hosting a live session.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_session_hosts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub user_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
