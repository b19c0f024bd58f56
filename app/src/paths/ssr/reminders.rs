//! Reminders of learning paths falling due: three days before the due day, and once it has passed,
//! to everyone a path reaches who has not finished it. They are worked out from the stored
//! assignments and facts each time the scheduler runs, never from timers in memory; a reminder row
//! per person, path, kind and due day, written with the notification, makes each go once however
//! often the scheduler runs and on however many servers.

use super::{facts, report::reached, steps_of, today, walk};
use crate::{
    db::{path, path_assignment, path_reminder},
    error::AppError,
    notify::{
        ssr::{Tell, commit, tell},
        types::NoticeKind,
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, TransactionTrait, sea_query::OnConflict,
};
use std::collections::HashSet;

/// How many days before its due day a path is "due soon".
pub const DUE_SOON_DAYS: i64 = 3;

/// The reminder someone who has not finished a path due on `due` is owed on `today`, if any.
pub fn reminder(due: NaiveDate, today: NaiveDate) -> Option<NoticeKind> {
    let days_left = (due - today).num_days();
    if days_left < 0 {
        Some(NoticeKind::PathOverdue)
    } else if days_left <= DUE_SOON_DAYS {
        Some(NoticeKind::PathDueSoon)
    } else {
        None
    }
}

/// What a reminder says under its sentence: the due day, and the step to take next.
fn detail(due: NaiveDate, next: Option<&str>) -> String {
    let due = due.format("%A %-d %B %Y");
    match next {
        Some(step) => format!("Due {due}. Next step: {step}"),
        None => format!("Due {due}."),
    }
}

/// Sends every reminder owed today; answers how many it sent.
pub async fn send_due(db: &DatabaseConnection) -> Result<usize, AppError> {
    let today = today();
    let paths: Vec<i64> = path_assignment::Entity::find()
        .select_only()
        .column(path_assignment::Column::PathId)
        .distinct()
        .filter(
            Condition::any()
                .add(path_assignment::Column::DueOn.is_not_null())
                .add(path_assignment::Column::DueDays.is_not_null()),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut sent = 0;
    for path in paths {
        // One path's trouble never holds up the others' reminders.
        match remind(db, path, today).await {
            Ok(count) => sent += count,
            Err(error) => tracing::warn!(?error, path, "path reminders could not be sent"),
        }
    }
    Ok(sent)
}

/// Sends one path's reminders owed today.
async fn remind(db: &DatabaseConnection, id: i64, today: NaiveDate) -> Result<usize, AppError> {
    let Some(row) = path::Entity::find_by_id(id).one(db).await? else {
        return Ok(0);
    };
    let steps = steps_of(db, vec![id]).await?;
    let assignments = path_assignment::Entity::find()
        .filter(path_assignment::Column::PathId.eq(id))
        .all(db)
        .await?;
    let sent: HashSet<(i64, NoticeKind, NaiveDate)> = path_reminder::Entity::find()
        .select_only()
        .columns([
            path_reminder::Column::UserId,
            path_reminder::Column::Kind,
            path_reminder::Column::DueOn,
        ])
        .filter(path_reminder::Column::PathId.eq(id))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let (reached, _) = reached(db, &assignments, &steps).await?;
    let owed: Vec<(i64, NoticeKind, NaiveDate)> = reached
        .iter()
        .filter_map(|(person, terms)| {
            let due = terms.due?;
            Some((person.id, reminder(due, today)?, due))
        })
        .filter(|owed| !sent.contains(owed))
        .collect();
    if owed.is_empty() {
        return Ok(0);
    }
    let people: Vec<i64> = owed.iter().map(|(person, ..)| *person).collect();
    let facts = facts::load(db, &people, &steps).await?;
    let mut told = 0;
    for (person, kind, due) in owed {
        let walk = walk(&row, &steps, &facts, person);
        if walk.complete() {
            continue;
        }
        let txn = db.begin().await?;
        let claimed = path_reminder::Entity::insert(path_reminder::ActiveModel {
            user_id: Set(person),
            path_id: Set(id),
            kind: Set(kind),
            due_on: Set(due),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                path_reminder::Column::UserId,
                path_reminder::Column::PathId,
                path_reminder::Column::Kind,
                path_reminder::Column::DueOn,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        // Another server sent this one since it was read.
        if claimed == 0 {
            continue;
        }
        let next = walk.next.map(|index| steps[index].title.as_str());
        tell(
            &txn,
            Tell::new(kind, person).path(id).reason(&detail(due, next)),
        )
        .await?;
        commit(txn).await?;
        told += 1;
    }
    Ok(told)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_path_is_due_soon_from_three_days_before_and_overdue_the_day_after() {
        let due = day("2026-12-10");
        assert_eq!(reminder(due, day("2026-12-06")), None);
        assert_eq!(
            reminder(due, day("2026-12-07")),
            Some(NoticeKind::PathDueSoon)
        );
        assert_eq!(
            reminder(due, day("2026-12-10")),
            Some(NoticeKind::PathDueSoon)
        );
        assert_eq!(
            reminder(due, day("2026-12-11")),
            Some(NoticeKind::PathOverdue)
        );
        assert_eq!(
            reminder(due, day("2027-03-01")),
            Some(NoticeKind::PathOverdue)
        );
    }

    #[test]
    fn the_detail_names_the_due_day_and_the_next_step() {
        assert_eq!(
            detail(day("2026-12-10"), Some("Meet your team")),
            "Due Thursday 10 December 2026. Next step: Meet your team"
        );
        assert_eq!(
            detail(day("2026-12-10"), None),
            "Due Thursday 10 December 2026."
        );
    }
}
