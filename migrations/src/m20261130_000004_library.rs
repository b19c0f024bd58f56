//! The knowledge library: categories with their audiences and editors, stored media, items with
//! every version kept, SME reviews and learners' feedback.

use crate::{index, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, NoAction, SetNull};
        manager
            .create_table(
                Table::create()
                    .table("media")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("key", 120))
                    .col(string_len("content_type", 100))
                    .col(big_integer("size"))
                    .col(string_len("sha256", 64))
                    .col(string_len("name", 200))
                    .col(big_integer_null("uploaded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("media", "uploaded_by", "users", SetNull))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("library_categories")
                    .col(big_pk_auto("id"))
                    .col(big_integer_null("parent_id"))
                    .col(string_len("name", 80))
                    .col(text("description"))
                    .col(boolean("everyone"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "library_categories",
                        "parent_id",
                        "library_categories",
                        NoAction,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("library_category_audience")
                    .col(big_pk_auto("id"))
                    .col(big_integer("category_id"))
                    .col(big_integer_null("group_id"))
                    .col(string_len_null("department", 80))
                    .foreign_key(&mut reference(
                        "library_category_audience",
                        "category_id",
                        "library_categories",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "library_category_audience",
                        "group_id",
                        "groups",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "library_category_audience",
            &["category_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("library_category_editors")
                    .col(big_pk_auto("id"))
                    .col(big_integer("category_id"))
                    .col(big_integer("user_id"))
                    .foreign_key(&mut reference(
                        "library_category_editors",
                        "category_id",
                        "library_categories",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "library_category_editors",
                        "user_id",
                        "users",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "library_category_editors",
            &["category_id", "user_id"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("library_items")
                    .col(big_pk_auto("id"))
                    .col(big_integer("category_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("status", 16))
                    .col(string_len("title", 160))
                    .col(text("summary"))
                    .col(string_len("topic", 40))
                    .col(text("body"))
                    .col(text("url"))
                    .col(big_integer_null("media_id"))
                    .col(big_integer_null("poster_id"))
                    .col(big_integer("owner_id"))
                    .col(big_integer_null("reviewer_id"))
                    .col(date_null("review_by"))
                    .col(integer("version"))
                    .col(integer_null("reviewed_version"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut reference(
                        "library_items",
                        "category_id",
                        "library_categories",
                        NoAction,
                    ))
                    .foreign_key(&mut reference(
                        "library_items",
                        "media_id",
                        "media",
                        SetNull,
                    ))
                    .foreign_key(&mut reference(
                        "library_items",
                        "poster_id",
                        "media",
                        SetNull,
                    ))
                    .foreign_key(&mut reference(
                        "library_items",
                        "owner_id",
                        "users",
                        NoAction,
                    ))
                    .foreign_key(&mut reference(
                        "library_items",
                        "reviewer_id",
                        "users",
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "library_items", &["category_id", "status"], false).await?;
        index(manager, "library_items", &["owner_id"], false).await?;
        index(manager, "library_items", &["topic", "status"], false).await?;
        index(manager, "library_items", &["status", "review_by"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("library_item_versions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("item_id"))
                    .col(integer("number"))
                    .col(string_len("title", 160))
                    .col(text("summary"))
                    .col(text("body"))
                    .col(text("url"))
                    .col(big_integer_null("media_id"))
                    .col(big_integer_null("poster_id"))
                    .col(big_integer_null("edited_by"))
                    .col(string_len("note", 200))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "library_item_versions",
                        "item_id",
                        "library_items",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "library_item_versions",
                        "media_id",
                        "media",
                        SetNull,
                    ))
                    .foreign_key(&mut reference(
                        "library_item_versions",
                        "poster_id",
                        "media",
                        SetNull,
                    ))
                    .foreign_key(&mut reference(
                        "library_item_versions",
                        "edited_by",
                        "users",
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "library_item_versions",
            &["item_id", "number"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("library_reviews")
                    .col(big_pk_auto("id"))
                    .col(big_integer("item_id"))
                    .col(integer("version"))
                    .col(big_integer("reviewer_id"))
                    .col(string_len("decision", 16))
                    .col(text("comment"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "library_reviews",
                        "item_id",
                        "library_items",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "library_reviews",
                        "reviewer_id",
                        "users",
                        NoAction,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "library_reviews", &["item_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("library_feedback")
                    .col(big_pk_auto("id"))
                    .col(big_integer("item_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("kind", 16))
                    .col(text("note"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("resolved_at"))
                    .foreign_key(&mut reference(
                        "library_feedback",
                        "item_id",
                        "library_items",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "library_feedback",
                        "user_id",
                        "users",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "library_feedback",
            &["item_id", "user_id", "kind"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "library_feedback",
            "library_reviews",
            "library_item_versions",
            "library_items",
            "library_category_editors",
            "library_category_audience",
            "library_categories",
            "media",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
