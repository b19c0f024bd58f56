//! People, their sign-in sessions, invitations and the failed attempts that rate-limit sign-in.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("email", 254))
                    .col(string_len("name", 120))
                    .col(string_len("title", 120))
                    .col(string_len("department", 120))
                    .col(string_len("location", 120))
                    .col(date_null("start_date"))
                    .col(big_integer_null("manager_id"))
                    .col(text("bio"))
                    .col(string_len_null("avatar", 64))
                    .col(string_len("role", 16))
                    .col(string_len("status", 16))
                    .col(string_len_null("password_hash", 255))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("users", "manager_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("users_name_id", &["name", "id"][..]),
            ("users_department", &["department"][..]),
            ("users_location", &["location"][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table("users");
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("user_tags")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("tag", 60))
                    .foreign_key(
                        ForeignKey::create()
                            .from("user_tags", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("user_tags_unique")
                    .table("user_tags")
                    .col("user_id")
                    .col("kind")
                    .col("tag")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("user_tags_kind_tag")
                    .table("user_tags")
                    .col("kind")
                    .col("tag")
                    .to_owned(),
            )
            .await?;

        for table in ["sessions", "invites"] {
            let mut create = Table::create();
            create
                .table(table)
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string_len_uniq("token_hash", 64))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from(table, "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                );
            if table == "invites" {
                create
                    .col(big_integer_null("invited_by"))
                    .col(timestamp_with_time_zone_null("accepted_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from(table, "invited_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    );
            }
            manager.create_table(create.to_owned()).await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("{table}_user_id"))
                        .table(table)
                        .col("user_id")
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("auth_failures")
                    .col(big_pk_auto("id"))
                    .col(string_len("scope", 16))
                    .col(string_len("subject", 254))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("auth_failures_lookup")
                    .table("auth_failures")
                    .col("scope")
                    .col("subject")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["auth_failures", "invites", "sessions", "user_tags", "users"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
