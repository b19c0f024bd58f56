//! Groups and their members, posts, comments, reactions, announcement reads, reports, the moderation log
//! and the events log that real-time pages follow.

use crate::{index, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table("groups")
                    .col(big_pk_auto("id"))
                    .col(string_len("name", 80))
                    .col(text("description"))
                    .col(string_len_null("cover", 64))
                    .col(string_len("privacy", 16))
                    .col(string_len("kind", 16))
                    .col(string_len("approval", 16))
                    .col(integer("approval_threshold"))
                    .col(integer("slow_mode_seconds"))
                    .col(big_integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("groups", "created_by", "users", SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "groups", &["name"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("group_members")
                    .col(big_pk_auto("id"))
                    .col(big_integer("group_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("role", 16))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone_null("muted_until"))
                    .col(text("mute_reason"))
                    .col(integer("published_posts"))
                    .col(timestamp_with_time_zone_null("last_posted_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "group_members",
                        "group_id",
                        "groups",
                        Cascade,
                    ))
                    .foreign_key(&mut reference("group_members", "user_id", "users", Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "group_members", &["group_id", "user_id"], true).await?;
        index(manager, "group_members", &["user_id", "status"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("posts")
                    .col(big_pk_auto("id"))
                    .col(big_integer("author_id"))
                    .col(big_integer_null("group_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("status", 16))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(timestamp_with_time_zone_null("pinned_until"))
                    .col(boolean("comments_locked"))
                    .col(big_integer_null("accepted_comment_id"))
                    .col(integer("comment_count"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("edited_at"))
                    .foreign_key(&mut reference("posts", "author_id", "users", Cascade))
                    .foreign_key(&mut reference("posts", "group_id", "groups", Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "posts", &["group_id", "status", "id"], false).await?;
        index(manager, "posts", &["author_id", "id"], false).await?;
        // Pinned posts lead each feed's first page: found without reading the posts never pinned.
        index(manager, "posts", &["pinned_until"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("comments")
                    .col(big_pk_auto("id"))
                    .col(big_integer("post_id"))
                    .col(big_integer_null("parent_id"))
                    .col(big_integer("author_id"))
                    .col(string_len("status", 16))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("edited_at"))
                    .foreign_key(&mut reference("comments", "post_id", "posts", Cascade))
                    .foreign_key(&mut reference("comments", "parent_id", "comments", Cascade))
                    .foreign_key(&mut reference("comments", "author_id", "users", Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "comments", &["post_id", "id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("reactions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("post_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("reaction", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("reactions", "post_id", "posts", Cascade))
                    .foreign_key(&mut reference("reactions", "user_id", "users", Cascade))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "reactions",
            &["post_id", "user_id", "reaction"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("post_reads")
                    .col(big_pk_auto("id"))
                    .col(big_integer("post_id"))
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("post_reads", "post_id", "posts", Cascade))
                    .foreign_key(&mut reference("post_reads", "user_id", "users", Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "post_reads", &["post_id", "user_id"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("reports")
                    .col(big_pk_auto("id"))
                    .col(big_integer("post_id"))
                    .col(big_integer_null("comment_id"))
                    .col(big_integer_null("group_id"))
                    .col(big_integer("reporter_id"))
                    .col(text("reason"))
                    .col(string_len("status", 16))
                    .col(big_integer_null("claimed_by"))
                    .col(string_len_null("outcome", 16))
                    .col(text("resolution"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("resolved_at"))
                    .foreign_key(&mut reference("reports", "post_id", "posts", Cascade))
                    .foreign_key(&mut reference("reports", "comment_id", "comments", Cascade))
                    .foreign_key(&mut reference("reports", "group_id", "groups", Cascade))
                    .foreign_key(&mut reference("reports", "reporter_id", "users", Cascade))
                    .foreign_key(&mut reference("reports", "claimed_by", "users", SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "reports", &["group_id", "status"], false).await?;
        index(manager, "reports", &["reporter_id", "id"], false).await?;

        // The log keeps its rows when what they point at goes: ids without foreign keys.
        manager
            .create_table(
                Table::create()
                    .table("moderation_log")
                    .col(big_pk_auto("id"))
                    .col(string_len("kind", 32))
                    .col(big_integer("actor_id"))
                    .col(big_integer_null("group_id"))
                    .col(big_integer_null("target_user_id"))
                    .col(big_integer_null("post_id"))
                    .col(big_integer_null("comment_id"))
                    .col(text("reason"))
                    .col(timestamp_with_time_zone_null("expires_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "moderation_log", &["group_id", "id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("events")
                    .col(big_pk_auto("id"))
                    .col(string_len("kind", 32))
                    .col(string_len("audience", 16))
                    .col(big_integer_null("group_id"))
                    .col(big_integer_null("person_id"))
                    .col(big_integer_null("post_id"))
                    .col(big_integer_null("comment_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "events",
            "moderation_log",
            "reports",
            "post_reads",
            "reactions",
            "comments",
            "posts",
            "group_members",
            "groups",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
