//! Schema changes, one file per change, applied in order at start-up.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_people;
mod m20261129_000002_people_search;
mod m20261129_000003_groups_and_feed;
mod m20261130_000004_library;
mod m20261130_000005_courses;
mod m20261130_000006_paths;
mod m20261130_000007_change_time_indexes;
mod m20261205_000008_known_devices;
mod m20261205_000009_notifications;
mod m20261205_000010_email;
mod m20261205_000011_campaigns;
mod m20261206_000012_path_reminders;
mod m20261206_000013_time_zones;
mod m20261207_000014_follows;
mod m20261207_000015_suggestion_dismissals;
mod m20261207_000016_badges;
mod m20261207_000017_path_badges;
mod m20261208_000018_badge_rules;
mod m20261209_000019_live_sessions;
mod m20261209_000020_session_attendance;
mod m20261209_000021_session_room;
mod m20261210_000022_room_frames;

/// A foreign key from `table.column` to `target.id`.
pub(crate) fn reference(
    table: &'static str,
    column: &'static str,
    target: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(target, "id")
        .on_delete(on_delete)
        .to_owned()
}

/// An index named after its table and columns.
pub(crate) async fn index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    columns: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index
        .name(format!("{table}_{}", columns.join("_")))
        .table(table);
    for column in columns {
        index.col(*column);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_people::Migration),
            Box::new(m20261129_000002_people_search::Migration),
            Box::new(m20261129_000003_groups_and_feed::Migration),
            Box::new(m20261130_000004_library::Migration),
            Box::new(m20261130_000005_courses::Migration),
            Box::new(m20261130_000006_paths::Migration),
            Box::new(m20261130_000007_change_time_indexes::Migration),
            Box::new(m20261205_000008_known_devices::Migration),
            Box::new(m20261205_000009_notifications::Migration),
            Box::new(m20261205_000010_email::Migration),
            Box::new(m20261205_000011_campaigns::Migration),
            Box::new(m20261206_000012_path_reminders::Migration),
            Box::new(m20261206_000013_time_zones::Migration),
            Box::new(m20261207_000014_follows::Migration),
            Box::new(m20261207_000015_suggestion_dismissals::Migration),
            Box::new(m20261207_000016_badges::Migration),
            Box::new(m20261207_000017_path_badges::Migration),
            Box::new(m20261208_000018_badge_rules::Migration),
            Box::new(m20261209_000019_live_sessions::Migration),
            Box::new(m20261209_000020_session_attendance::Migration),
            Box::new(m20261209_000021_session_room::Migration),
            Box::new(m20261210_000022_room_frames::Migration),
        ]
    }
}
