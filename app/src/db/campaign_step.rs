use sea_orm::entity::prelude::*;

/// One email of a campaign, sent `day` days after each person's start date.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub day: i32,
    pub subject: String,
    /// Markdown with placeholders such as `{first_name}`.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// Only days from this one on are sent: a new step never reaches back to earlier starters.
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
