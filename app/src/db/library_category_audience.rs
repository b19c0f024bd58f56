use sea_orm::entity::prelude::*;

/// One group or one department that sees a category; each row sets exactly one of the two.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "library_category_audience")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub category_id: i64,
    pub group_id: Option<i64>,
    pub department: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
