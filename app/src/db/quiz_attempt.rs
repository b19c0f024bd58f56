use sea_orm::entity::prelude::*;

/// One submitted quiz. The token comes with the form, so submitting the same form twice records
/// one attempt.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub lesson_id: i64,
    pub user_id: i64,
    pub token: String,
    /// A JSON array, per question, of the chosen options' indices.
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub score: i32,
    pub passed: bool,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
