use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "library_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Categories nest one level.
    pub parent_id: Option<i64>,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// When false, only the audience rows (and editors and admins) see it.
    pub everyone: bool,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
