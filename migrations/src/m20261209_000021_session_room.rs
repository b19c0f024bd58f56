//! A live session's room: its chat, its questions and their votes, whether questions wait for a
//! host's approval or may be asked anonymously, and events that name a session.

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
                    .table("live_messages")
                    .col(big_pk_auto("id"))
                    .col(big_integer("session_id"))
                    .col(big_integer("author_id"))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("removed_at"))
                    .foreign_key(&mut reference(
                        "live_messages",
                        "session_id",
                        "live_sessions",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_messages",
                        "author_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "live_messages", &["session_id", "id"], false).await?;
        index(
            manager,
            "live_messages",
            &["author_id", "created_at"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("live_questions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("session_id"))
                    .col(big_integer("author_id"))
                    .col(boolean("anonymous").default(false))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(string_len("status", 32))
                    .col(integer("votes").default(0))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "live_questions",
                        "session_id",
                        "live_sessions",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_questions",
                        "author_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "live_questions", &["session_id"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("live_question_votes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("question_id"))
                    .col(big_integer("user_id"))
                    .foreign_key(&mut reference(
                        "live_question_votes",
                        "question_id",
                        "live_questions",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "live_question_votes",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "live_question_votes",
            &["question_id", "user_id"],
            true,
        )
        .await?;
        for column in [
            boolean("qa_moderated").default(false).to_owned(),
            boolean("anonymous_questions").default(false).to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table("live_sessions")
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("events")
                    .add_column(big_integer_null("session_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("events")
                    .drop_column("session_id")
                    .to_owned(),
            )
            .await?;
        for column in ["anonymous_questions", "qa_moderated"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("live_sessions")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in ["live_question_votes", "live_questions", "live_messages"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
