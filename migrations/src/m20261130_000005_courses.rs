//! Micro-learning courses: lessons (text, video, quiz), quiz questions, attempts and completed
//! lessons.

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
                    .table("courses")
                    .col(big_pk_auto("id"))
                    .col(string_len("title", 160))
                    .col(text("summary"))
                    .col(string_len("topic", 40))
                    .col(string_len("status", 16))
                    .col(big_integer("owner_id"))
                    .col(big_integer_null("reviewer_id"))
                    .col(text("review_note"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut reference("courses", "owner_id", "users", NoAction))
                    .foreign_key(&mut reference("courses", "reviewer_id", "users", SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "courses", &["status", "topic"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("course_lessons")
                    .col(big_pk_auto("id"))
                    .col(big_integer("course_id"))
                    .col(integer("position"))
                    .col(string_len("kind", 16))
                    .col(string_len("title", 160))
                    .col(text("body"))
                    .col(big_integer_null("library_item_id"))
                    .col(integer("pass_mark"))
                    .foreign_key(&mut reference(
                        "course_lessons",
                        "course_id",
                        "courses",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "course_lessons",
                        "library_item_id",
                        "library_items",
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "course_lessons", &["course_id", "position"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("quiz_questions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("lesson_id"))
                    .col(integer("position"))
                    .col(string_len("kind", 16))
                    .col(text("prompt"))
                    .col(text("options"))
                    .col(text("correct"))
                    .foreign_key(&mut reference(
                        "quiz_questions",
                        "lesson_id",
                        "course_lessons",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "quiz_questions", &["lesson_id", "position"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("quiz_attempts")
                    .col(big_pk_auto("id"))
                    .col(big_integer("lesson_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("token", 64))
                    .col(text("answers"))
                    .col(integer("score"))
                    .col(boolean("passed"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "quiz_attempts",
                        "lesson_id",
                        "course_lessons",
                        Cascade,
                    ))
                    .foreign_key(&mut reference("quiz_attempts", "user_id", "users", Cascade))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "quiz_attempts",
            &["user_id", "lesson_id", "token"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("lesson_completions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("lesson_id"))
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "lesson_completions",
                        "lesson_id",
                        "course_lessons",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "lesson_completions",
                        "user_id",
                        "users",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "lesson_completions",
            &["user_id", "lesson_id"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "lesson_completions",
            "quiz_attempts",
            "quiz_questions",
            "course_lessons",
            "courses",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
