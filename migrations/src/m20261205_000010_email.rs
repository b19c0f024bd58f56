//! Email: the outbox every message waits in until a worker sends it, what each person wants by
//! email, when each person's daily and weekly digests last went, and the server's own keys (the one
//! that signs unsubscribe links first).

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
                    .table("email_outbox")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("idempotency_key", 160))
                    .col(string_len("kind", 32))
                    .col(big_integer_null("recipient_id"))
                    .col(string_len("to_address", 320))
                    .col(string_len("subject", 300))
                    .col(text("text_body"))
                    .col(text("html_body"))
                    .col(text_null("unsubscribe_url"))
                    .col(string_len("status", 16))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(string_len_null("lease_token", 64))
                    .col(timestamp_with_time_zone_null("lease_until"))
                    .col(text_null("last_error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .foreign_key(&mut reference(
                        "email_outbox",
                        "recipient_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "email_outbox",
            &["status", "next_attempt_at"],
            false,
        )
        .await?;
        index(manager, "email_outbox", &["lease_token"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("email_preferences")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("cadence", 16))
                    .foreign_key(&mut reference(
                        "email_preferences",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "email_preferences", &["user_id", "kind"], true).await?;
        manager
            .create_table(
                Table::create()
                    .table("digest_runs")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("cadence", 16))
                    .col(timestamp_with_time_zone("last_at"))
                    .foreign_key(&mut reference(
                        "digest_runs",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "digest_runs", &["user_id", "cadence"], true).await?;
        index(manager, "digest_runs", &["cadence", "last_at"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("server_keys")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("name", 64))
                    .col(text("secret"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "server_keys",
            "digest_runs",
            "email_preferences",
            "email_outbox",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
