use sea_orm::entity::prelude::*;

/// An onboarding campaign: whom it reaches, by the same rules as path assignments.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// Empty: any department.
    pub department: String,
    /// Empty: any location.
    pub location: String,
    pub started_after: Option<Date>,
    /// Paused campaigns send nothing until resumed.
    pub paused: bool,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
