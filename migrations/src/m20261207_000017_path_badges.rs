//! A learning path may name a badge its completion earns; an award says which path earned it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Plain columns without a foreign key: SQLite cannot add one to an existing table, and the
        // code treats a missing badge or path as none.
        manager
            .alter_table(
                Table::alter()
                    .table("paths")
                    .add_column(big_integer_null("badge_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("badge_awards")
                    .add_column(big_integer_null("path_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("badge_awards")
                    .drop_column("path_id")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("paths")
                    .drop_column("badge_id")
                    .to_owned(),
            )
            .await
    }
}
