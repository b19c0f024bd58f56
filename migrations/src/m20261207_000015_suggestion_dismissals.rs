//! "People like you" suggestions a person dismissed, so they are not suggested again.

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
                    .table("suggestion_dismissals")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(big_integer("person_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "suggestion_dismissals",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "suggestion_dismissals",
                        "person_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "suggestion_dismissals",
            &["user_id", "person_id"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("suggestion_dismissals").to_owned())
            .await
    }
}
