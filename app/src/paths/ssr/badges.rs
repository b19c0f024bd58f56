//! Paths that name a badge award it on completion: checked for the person when a fact of theirs
//! happens (a step marked, a lesson finished, a post or comment written), for everyone by the
//! scheduler (which catches what moderators approve later), and on an admin's request. An award
//! row per badge and person makes each go once however often it is checked, and once there, it
//! settles that badge for that person: nothing is worked out for it again.

use super::{facts, me, reaching_me, report::reached, steps_of, walk};
use crate::{
    badges::ssr::{award_earned_by, settled},
    db::{badge, path, path_assignment, path_step},
    error::AppError,
    policy::{self, Actor},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

/// The steps of one path among many.
fn of(steps: &[path_step::Model], path: i64) -> Vec<path_step::Model> {
    steps
        .iter()
        .filter(|step| step.path_id == path)
        .cloned()
        .collect()
}

/// Awards a path's badge to someone who completed it, once; answers whether it was awarded now.
async fn award_path_badge(
    db: &DatabaseConnection,
    badge: i64,
    person: i64,
    row: &path::Model,
) -> Result<bool, AppError> {
    let note = format!("Completed the learning path “{}”", row.title);
    award_earned_by(db, badge, person, &note, Some(row.id)).await
}

/// Awards `person` the badge of every path reaching them that they have now completed.
pub async fn award_earned(db: &DatabaseConnection, person: i64) -> Result<usize, AppError> {
    let (user, groups) = me(db, person).await?;
    let paths: Vec<i64> = reaching_me(db, &user, &groups)
        .await?
        .iter()
        .map(|assignment| assignment.path_id)
        .collect();
    let rows = path::Entity::find()
        .filter(path::Column::Id.is_in(paths))
        .filter(path::Column::BadgeId.is_not_null())
        .all(db)
        .await?;
    // A badge held, or held and revoked, is settled: nothing to work out for it.
    let settled = settled(db, rows.iter().filter_map(|row| row.badge_id), &[person]).await?;
    let rows: Vec<path::Model> = rows
        .into_iter()
        .filter(|row| {
            row.badge_id
                .is_some_and(|badge| !settled.contains(&(badge, person)))
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let steps = steps_of(db, rows.iter().map(|row| row.id).collect()).await?;
    let facts = facts::load(db, &[person], &steps).await?;
    let mut awarded = 0;
    for row in rows {
        let mine = of(&steps, row.id);
        let Some(badge) = row.badge_id else { continue };
        if !mine.is_empty()
            && walk(&row, &mine, &facts, person).complete()
            && award_path_badge(db, badge, person, &row).await?
        {
            awarded += 1;
        }
    }
    Ok(awarded)
}

/// Awards a path's badge to everyone it reaches who has completed it; answers how many were
/// awarded now.
pub async fn award_everyone(db: &DatabaseConnection, row: &path::Model) -> Result<usize, AppError> {
    let Some(badge) = row.badge_id else {
        return Ok(0);
    };
    let steps = steps_of(db, vec![row.id]).await?;
    if steps.is_empty() {
        return Ok(0);
    }
    let assignments = path_assignment::Entity::find()
        .filter(path_assignment::Column::PathId.eq(row.id))
        .all(db)
        .await?;
    let (reached, _) = reached(db, &assignments, &steps).await?;
    let people: Vec<i64> = reached.iter().map(|(person, _)| person.id).collect();
    let settled = settled(db, [badge], &people).await?;
    let people: Vec<i64> = people
        .into_iter()
        .filter(|person| !settled.contains(&(badge, *person)))
        .collect();
    let facts = facts::load(db, &people, &steps).await?;
    let mut awarded = 0;
    for person in people {
        if walk(row, &steps, &facts, person).complete()
            && award_path_badge(db, badge, person, row).await?
        {
            awarded += 1;
        }
    }
    Ok(awarded)
}

/// Every path's badge to everyone who has earned it, as the scheduler runs it.
pub async fn award_all(db: &DatabaseConnection) -> Result<usize, AppError> {
    let rows = path::Entity::find()
        .filter(path::Column::BadgeId.is_not_null())
        .all(db)
        .await?;
    let mut awarded = 0;
    for row in rows {
        // One path's trouble never holds up the others' badges.
        match award_everyone(db, &row).await {
            Ok(count) => awarded += count,
            Err(error) => tracing::warn!(?error, path = row.id, "path badges could not be awarded"),
        }
    }
    Ok(awarded)
}

/// Names the badge completing a path earns (None: no badge). People who completed it already get
/// it at once.
pub async fn set_badge(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    badge_id: Option<i64>,
) -> Result<usize, AppError> {
    policy::manage_paths(actor)?;
    let row = path::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(badge_id) = badge_id {
        let named = badge::Entity::find_by_id(badge_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::invalid("That badge no longer exists."))?;
        if named.group_id.is_some() {
            return Err(AppError::invalid(
                "A path awards one of the company's badges; that one belongs to a group.",
            ));
        }
    }
    let mut changed: path::ActiveModel = row.into();
    changed.badge_id = Set(badge_id);
    let row = changed.update(db).await?;
    award_everyone(db, &row).await
}

/// An admin's "award it to everyone who already qualifies"; answers how many were awarded now.
pub async fn award_qualified(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
) -> Result<usize, AppError> {
    policy::manage_paths(actor)?;
    let row = path::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.badge_id.is_none() {
        return Err(AppError::invalid(
            "Choose the badge this path awards first.",
        ));
    }
    award_everyone(db, &row).await
}
