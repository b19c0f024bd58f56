//! Notifications: what happened that concerns a person, each once, with the people it came from so
//! a busy post reads "Priya and 4 others commented". A notification is about a group, a post (and
//! a comment of it), a learning path, a library item or a course. Each member chooses how much of a
//! group reaches them.

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
                    .table("notifications")
                    .col(big_pk_auto("id"))
                    .col(big_integer("recipient_id"))
                    .col(string_len("kind", 32))
                    .col(big_integer_null("actor_id"))
                    .col(integer("actor_count"))
                    .col(big_integer_null("group_id"))
                    .col(big_integer_null("post_id"))
                    .col(big_integer_null("comment_id"))
                    .col(big_integer_null("path_id"))
                    .col(big_integer_null("item_id"))
                    .col(big_integer_null("course_id"))
                    .col(text_null("reason"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .foreign_key(&mut reference(
                        "notifications",
                        "recipient_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "notifications",
            &["recipient_id", "updated_at", "id"],
            false,
        )
        .await?;
        index(
            manager,
            "notifications",
            &["recipient_id", "read_at"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("notification_actors")
                    .col(big_pk_auto("id"))
                    .col(big_integer("notification_id"))
                    .col(big_integer("actor_id"))
                    .foreign_key(&mut reference(
                        "notification_actors",
                        "notification_id",
                        "notifications",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "notification_actors",
            &["notification_id", "actor_id"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("group_notification_levels")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(big_integer("group_id"))
                    .col(string_len("level", 16))
                    .foreign_key(&mut reference(
                        "group_notification_levels",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "group_notification_levels",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "group_notification_levels",
            &["group_id", "user_id"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("group_notification_levels").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("notification_actors").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("notifications").to_owned())
            .await
    }
}
