use sea_orm::entity::prelude::*;

/// One failed sign-in or invitation attempt, counted to rate-limit guessing across every instance.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auth_failures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What is counted: `sign_in` (per email address) or `client` (per client address).
    pub scope: String,
    /// Who attempted it: an email address or a client address.
    pub subject: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
