use crate::notify::types::Cadence;
use sea_orm::entity::prelude::*;

/// When one person's daily or weekly digest was last made: the next gathers what came after.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "digest_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub cadence: Cadence,
    pub last_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
