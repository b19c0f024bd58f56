//! Who joined a live session while it ran, paths' steps that ask for attending one, and the library
//! item a session's recording became.

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
                    .table("live_attendance")
                    .col(big_pk_auto("id"))
                    .col(big_integer("session_id"))
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("joined_at"))
                    .foreign_key(&mut reference(
                        "live_attendance",
                        "session_id",
                        "live_sessions",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_attendance",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "live_attendance", &["session_id", "user_id"], true).await?;
        index(manager, "live_attendance", &["user_id"], false).await?;
        // Plain columns: SQLite cannot add a foreign key to an existing table. A step whose
        // session is gone is simply never done; a recording whose item is gone is not shown.
        manager
            .alter_table(
                Table::alter()
                    .table("path_steps")
                    .add_column(big_integer_null("session_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("live_sessions")
                    .add_column(big_integer_null("recording_item_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("live_sessions")
                    .drop_column("recording_item_id")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("path_steps")
                    .drop_column("session_id")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("live_attendance").to_owned())
            .await
    }
}
