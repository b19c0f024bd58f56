//! Following people: one row per follower and person followed. A person's posts join their
//! followers' Home feeds, in the places each follower may read.

use crate::{index, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("follows")
                    .col(big_pk_auto("id"))
                    .col(big_integer("follower_id"))
                    .col(big_integer("followed_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "follows",
                        "follower_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "follows",
                        "followed_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // One row per pair, found from either side: whom I follow (Home), who follows me (lists).
        index(manager, "follows", &["follower_id", "followed_id"], true).await?;
        index(manager, "follows", &["followed_id", "id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("follows").to_owned())
            .await
    }
}
