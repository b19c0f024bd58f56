use crate::paths::types::Audience;
use sea_orm::entity::prelude::*;

/// A path assigned to one person, to a group's members, or to everyone a rule matches. It is read
/// each time, never copied per person, so people who match later (a new hire) get it as they come.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "path_assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub path_id: i64,
    pub audience: Audience,
    pub user_id: Option<i64>,
    pub group_id: Option<i64>,
    /// For a rule: the department it matches, or empty for any.
    pub department: String,
    /// For a rule: the location it matches, or empty for any.
    pub location: String,
    /// For a rule: people who start after this day.
    pub started_after: Option<Date>,
    /// Required, or only recommended.
    pub required: bool,
    pub due_on: Option<Date>,
    /// Due this many days after the person's start date.
    pub due_days: Option<i32>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
