//! Live sessions with leaders: the session (its audience, times, stream and capacity), its hosts,
//! people's answers (going, maybe, not going, or waiting for a place), each person's private
//! calendar address, and notifications that point to a session.

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
                    .table("live_sessions")
                    .col(big_pk_auto("id"))
                    .col(string_len("title", 160))
                    .col(text("description"))
                    .col(text("description_html"))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(timestamp_with_time_zone("ends_at"))
                    .col(string_len("time_zone", 64))
                    .col(string_len("audience", 32))
                    .col(big_integer_null("group_id"))
                    .col(big_integer_null("path_id"))
                    .col(text("stream_url"))
                    .col(integer_null("capacity"))
                    // Places taken, changed only by conditional updates so two people never take
                    // the last one.
                    .col(integer("going_count").default(0))
                    .col(boolean("cancelled").default(false))
                    // The iCalendar SEQUENCE: one more at each change a calendar should show.
                    .col(integer("sequence").default(0))
                    .col(big_integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut reference(
                        "live_sessions",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_sessions",
                        "path_id",
                        "paths",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_sessions",
                        "created_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "live_sessions", &["starts_at"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("live_session_hosts")
                    .col(big_pk_auto("id"))
                    .col(big_integer("session_id"))
                    .col(big_integer("user_id"))
                    .foreign_key(&mut reference(
                        "live_session_hosts",
                        "session_id",
                        "live_sessions",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_session_hosts",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "live_session_hosts",
            &["session_id", "user_id"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("live_rsvps")
                    .col(big_pk_auto("id"))
                    .col(big_integer("session_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("answer", 32))
                    // The waiting list's order: when the person joined it.
                    .col(timestamp_with_time_zone("answered_at"))
                    .col(timestamp_with_time_zone_null("reminded_day_at"))
                    .col(timestamp_with_time_zone_null("reminded_soon_at"))
                    .foreign_key(&mut reference(
                        "live_rsvps",
                        "session_id",
                        "live_sessions",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_rsvps",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "live_rsvps", &["session_id", "user_id"], true).await?;
        index(manager, "live_rsvps", &["user_id"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("calendar_feeds")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    // SHA-256 of the secret in the address; the address itself is shown once.
                    .col(string_len("token_hash", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "calendar_feeds",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "calendar_feeds", &["user_id"], true).await?;
        index(manager, "calendar_feeds", &["token_hash"], true).await?;
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .add_column(big_integer_null("session_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .drop_column("session_id")
                    .to_owned(),
            )
            .await?;
        for table in [
            "calendar_feeds",
            "live_rsvps",
            "live_session_hosts",
            "live_sessions",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
