//! Learning paths: their steps, who they are assigned to (people, groups or rules), and the steps
//! people have marked done by hand. Everything else a step needs to count as done is read from the
//! facts it stands for (finished lessons, posts, comments).

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
                    .table("paths")
                    .col(big_pk_auto("id"))
                    .col(string_len("title", 160))
                    .col(text("summary"))
                    .col(boolean("linear"))
                    .col(big_integer("owner_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut reference("paths", "owner_id", "users", NoAction))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("path_steps")
                    .col(big_pk_auto("id"))
                    .col(big_integer("path_id"))
                    .col(integer("position"))
                    .col(string_len("kind", 16))
                    .col(boolean("required"))
                    .col(string_len("title", 160))
                    .col(big_integer_null("course_id"))
                    .col(big_integer_null("library_item_id"))
                    .col(big_integer_null("group_id"))
                    .col(string_len("url", 2000))
                    .foreign_key(&mut reference("path_steps", "path_id", "paths", Cascade))
                    .foreign_key(&mut reference(
                        "path_steps",
                        "course_id",
                        "courses",
                        SetNull,
                    ))
                    .foreign_key(&mut reference(
                        "path_steps",
                        "library_item_id",
                        "library_items",
                        SetNull,
                    ))
                    .foreign_key(&mut reference("path_steps", "group_id", "groups", SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "path_steps", &["path_id", "position"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("path_assignments")
                    .col(big_pk_auto("id"))
                    .col(big_integer("path_id"))
                    .col(string_len("audience", 16))
                    .col(big_integer_null("user_id"))
                    .col(big_integer_null("group_id"))
                    .col(string_len("department", 120))
                    .col(string_len("location", 120))
                    .col(date_null("started_after"))
                    .col(boolean("required"))
                    .col(date_null("due_on"))
                    .col(integer_null("due_days"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "path_assignments",
                        "path_id",
                        "paths",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "path_assignments",
                        "user_id",
                        "users",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "path_assignments",
                        "group_id",
                        "groups",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "path_assignments",
                        "created_by",
                        "users",
                        NoAction,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "path_assignments", &["path_id"], false).await?;
        index(manager, "path_assignments", &["user_id"], false).await?;
        index(manager, "path_assignments", &["group_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("step_completions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("step_id"))
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "step_completions",
                        "step_id",
                        "path_steps",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "step_completions",
                        "user_id",
                        "users",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "step_completions", &["user_id", "step_id"], true).await?;
        index(manager, "step_completions", &["step_id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "step_completions",
            "path_assignments",
            "path_steps",
            "paths",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
