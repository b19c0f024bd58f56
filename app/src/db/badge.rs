use crate::badges::types::BadgeIcon;
use sea_orm::entity::prelude::*;

/// A badge people can earn.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "badges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// What earns it, in Markdown.
    #[sea_orm(column_type = "Text")]
    pub criteria: String,
    #[sea_orm(column_type = "Text")]
    pub criteria_html: String,
    pub icon: BadgeIcon,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
