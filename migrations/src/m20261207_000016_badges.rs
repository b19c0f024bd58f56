//! Badges and their awards: one award per badge and person, kept when revoked (with the reason),
//! so a credential once issued can say it was taken back.

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
                    .table("badges")
                    .col(big_pk_auto("id"))
                    .col(string_len("name", 120))
                    .col(text("description"))
                    .col(text("criteria"))
                    .col(text("criteria_html"))
                    .col(string_len("icon", 32))
                    .col(big_integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "badges",
                        "created_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "badges", &["name"], true).await?;
        manager
            .create_table(
                Table::create()
                    .table("badge_awards")
                    .col(big_pk_auto("id"))
                    .col(big_integer("badge_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer_null("awarded_by"))
                    .col(text("note"))
                    .col(timestamp_with_time_zone("awarded_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(big_integer_null("revoked_by"))
                    .col(text("revoke_reason"))
                    .foreign_key(&mut reference(
                        "badge_awards",
                        "badge_id",
                        "badges",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "badge_awards",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "badge_awards",
                        "awarded_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut reference(
                        "badge_awards",
                        "revoked_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "badge_awards", &["badge_id", "user_id"], true).await?;
        index(manager, "badge_awards", &["user_id", "awarded_at"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("badge_awards").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("badges").to_owned())
            .await
    }
}
