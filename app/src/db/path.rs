use sea_orm::entity::prelude::*;

/// A learning path: an ordered list of steps, taken in order when it is linear.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paths")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// Steps unlock one after another: a step opens once every required step before it is done.
    pub linear: bool,
    pub owner_id: i64,
    /// The badge completing it earns, if any.
    pub badge_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
