//! Badges made for a group by its facilitators, badges a rule awards by itself (completing a
//! course, accepted answers, library items approved, a first post in a cohort, helpful marks), and
//! badges with an uploaded picture.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Plain columns without foreign keys, as SQLite cannot add one to an existing table: a
        // badge whose group or course is gone is shown without it and its rule awards nothing.
        // One column per statement, as SQLite alters a table one column at a time.
        let columns = [
            big_integer_null("group_id"),
            string_len("rule", 32).default("hand").to_owned(),
            integer("rule_count").default(1).to_owned(),
            big_integer_null("rule_course_id"),
            string_len_null("image", 64),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table("badges")
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["image", "rule_course_id", "rule_count", "rule", "group_id"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("badges")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
