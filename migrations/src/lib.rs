//! Schema changes, one file per change, applied in order at start-up.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_people;
mod m20261129_000002_people_search;
mod m20261129_000003_groups_and_feed;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_people::Migration),
            Box::new(m20261129_000002_people_search::Migration),
            Box::new(m20261129_000003_groups_and_feed::Migration),
        ]
    }
}
