//! Onboarding campaigns: emails L&D writes once, each step sent so many days after a person's start
//! date to the people its rules choose, with a record of each delivery and whether its link was
//! followed.

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
                    .table("campaigns")
                    .col(big_pk_auto("id"))
                    .col(string_len("name", 120))
                    .col(string_len("department", 120))
                    .col(string_len("location", 120))
                    .col(date_null("started_after"))
                    .col(boolean("paused"))
                    .col(big_integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("campaigns", "created_by", "users", SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("campaign_steps")
                    .col(big_pk_auto("id"))
                    .col(big_integer("campaign_id"))
                    .col(integer("day"))
                    .col(string_len("subject", 200))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference(
                        "campaign_steps",
                        "campaign_id",
                        "campaigns",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "campaign_steps", &["campaign_id", "day"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("campaign_deliveries")
                    .col(big_pk_auto("id"))
                    .col(big_integer("step_id"))
                    .col(big_integer("user_id"))
                    .col(string_len_uniq("token", 64))
                    .col(timestamp_with_time_zone("sent_at"))
                    .col(timestamp_with_time_zone_null("clicked_at"))
                    .foreign_key(&mut reference(
                        "campaign_deliveries",
                        "step_id",
                        "campaign_steps",
                        Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "campaign_deliveries",
                        "user_id",
                        "users",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "campaign_deliveries",
            &["step_id", "user_id"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["campaign_deliveries", "campaign_steps", "campaigns"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
