//! Reminders of a learning path falling due, one row per person, path, kind and due day: the row
//! is written in the transaction that tells the person, so each reminder goes once however many
//! servers work out who is due.

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
                    .table("path_reminders")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(big_integer("path_id"))
                    .col(string_len("kind", 32))
                    .col(date("due_on"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "path_reminders",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "path_reminders",
                        "path_id",
                        "paths",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "path_reminders",
            &["user_id", "path_id", "kind", "due_on"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("path_reminders").to_owned())
            .await
    }
}
