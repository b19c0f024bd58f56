use crate::courses::types::QuestionKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub lesson_id: i64,
    pub position: i32,
    pub kind: QuestionKind,
    #[sea_orm(column_type = "Text")]
    pub prompt: String,
    /// A JSON array of the options' texts.
    #[sea_orm(column_type = "Text")]
    pub options: String,
    /// A JSON array of the right options' indices; never sent to a browser.
    #[sea_orm(column_type = "Text")]
    pub correct: String,
}

impl ActiveModelBehavior for ActiveModel {}
