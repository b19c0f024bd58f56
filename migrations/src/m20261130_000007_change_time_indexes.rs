//! Indexes on the change times the search index follows: every instance asks, about once a second,
//! for library items and people changed since it last looked, which without them reads every row.

use crate::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "library_items", &["updated_at"], false).await?;
        index(manager, "users", &["updated_at"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in [
            ("users", "users_updated_at"),
            ("library_items", "library_items_updated_at"),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
