use sea_orm::entity::prelude::*;

/// A campaign step sent to one person: at most one each, and whether they followed its link.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub step_id: i64,
    pub user_id: i64,
    /// Names the tracked link in the email.
    #[sea_orm(unique)]
    pub token: String,
    pub sent_at: DateTimeUtc,
    pub clicked_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
