//! What makes a live room scale and keeps it civil: events that carry what the page shows (a chat
//! message), mutes in a room, and tags on sessions that learning paths can ask for.

use crate::{index, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns added to existing tables, as (table, column).
const ADDED: [(&str, &str); 3] = [
    ("events", "content"),
    ("live_sessions", "tag"),
    ("path_steps", "session_tag"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in ADDED {
            let mut column = if column == "content" {
                text_null(column)
            } else {
                string_len_null(column, 40)
            };
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        index(manager, "live_sessions", &["tag"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("live_mutes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("session_id"))
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("until"))
                    .foreign_key(&mut reference(
                        "live_mutes",
                        "session_id",
                        "live_sessions",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_mutes",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "live_mutes", &["session_id", "user_id"], true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("live_mutes").to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("live_sessions_tag")
                    .table("live_sessions")
                    .to_owned(),
            )
            .await?;
        for (table, column) in ADDED {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
