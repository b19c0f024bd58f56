use sea_orm::entity::prelude::*;

/// One person's upvote of a question; one each.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_question_votes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub question_id: i64,
    pub user_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
