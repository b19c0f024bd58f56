use crate::badges::types::{BadgeIcon, BadgeRule};
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
    /// The group whose facilitators made it, for a group's badge; it goes only to members.
    pub group_id: Option<i64>,
    pub rule: BadgeRule,
    /// How many the rule needs, for rules that count.
    pub rule_count: i32,
    /// The course whose completion earns it, for the course rule.
    pub rule_course_id: Option<i64>,
    /// Server-made file name of an uploaded picture, shown instead of the built-in one.
    pub image: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
