use sea_orm::entity::prelude::*;

/// A badge awarded to a person: by hand (`awarded_by`) or by a rule; kept when revoked.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "badge_awards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub badge_id: i64,
    pub user_id: i64,
    pub awarded_by: Option<i64>,
    /// Why it was awarded, shown with it.
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub awarded_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub revoke_reason: String,
    /// The learning path whose completion earned it, for an award by rule.
    pub path_id: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
