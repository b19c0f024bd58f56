use crate::courses::types::LessonKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_lessons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub position: i32,
    pub kind: LessonKind,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// A video lesson plays this library video.
    pub library_item_id: Option<i64>,
    /// For a quiz, the share of right answers needed, in percent.
    pub pass_mark: i32,
}

impl ActiveModelBehavior for ActiveModel {}
