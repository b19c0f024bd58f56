//! Paths that name a badge award it on completion: checked for the person when a fact of theirs
//! happens (a step marked, a lesson finished, a post or comment written), for everyone by the
//! scheduler (which catches what moderators approve later), and on an admin's request. An award
//! row per badge and person makes each go once however often it is checked, and once there, it
//! settles that badge for that person: nothing is worked out for it again.

use super::{facts, me, reaching_me, report::reached, steps_of, walk};
use crate::{
    badges::ssr::award_for_path,
    db::{badge, badge_award, path, path_assignment, path_step},
    error::AppError,
    policy::{self, Actor},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};
use std::collections::HashSet;

/// The steps of one path among many.
fn of(steps: &[path_step::Model], path: i64) -> Vec<path_step::Model> {
    steps
        .iter()
        .filter(|step| step.path_id == path)
        .cloned()
        .collect()
}

/// The (badge, person) pairs among these that have an award, held or revoked.
async fn settled(
    db: &DatabaseConnection,
    badges: impl IntoIterator<Item = i64>,
    people: &[i64],
) -> Result<HashSet<(i64, i64)>, AppError> {
    let badges: Vec<i64> = badges.into_iter().collect();
    let mut found = HashSet::new();
    // People per `IN (…)` list, far below both databases' limits on bound values.
    for chunk in people.chunks(1_000) {
        let rows: Vec<(i64, i64)> = badge_award::Entity::find()
            .select_only()
            .columns([badge_award::Column::BadgeId, badge_award::Column::UserId])
            .filter(badge_award::Column::BadgeId.is_in(badges.clone()))
            .filter(badge_award::Column::UserId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Awards `person` the badge of every path reaching them that they have now completed.
pub async fn award_earned(db: &DatabaseConnection, person: Actor) -> Result<usize, AppError> {
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
    let settled = settled(db, rows.iter().filter_map(|row| row.badge_id), &[person.id]).await?;
    let rows: Vec<path::Model> = rows
        .into_iter()
        .filter(|row| {
            row.badge_id
                .is_some_and(|badge| !settled.contains(&(badge, person.id)))
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let steps = steps_of(db, rows.iter().map(|row| row.id).collect()).await?;
    let facts = facts::load(db, &[person.id], &steps).await?;
    let mut awarded = 0;
    for row in rows {
        let mine = of(&steps, row.id);
        let Some(badge) = row.badge_id else { continue };
        if !mine.is_empty()
            && walk(&row, &mine, &facts, person.id).complete()
            && award_for_path(db, badge, person.id, &row.title, row.id).await?
        {
            awarded += 1;
        }
    }
    Ok(awarded)
}

/// The same as `award_earned` for a person whose action has already succeeded: a failure here is
/// logged, and the scheduler tries again, rather than refusing what they did.
pub async fn award_earned_after(db: &DatabaseConnection, person: Actor) {
    if let Err(error) = award_earned(db, person).await {
        tracing::warn!(
            ?error,
            person = person.id,
            "path badges could not be checked"
        );
    }
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
            && award_for_path(db, badge, person, &row.title, row.id).await?
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
    if let Some(badge_id) = badge_id
        && badge::Entity::find_by_id(badge_id).one(db).await?.is_none()
    {
        return Err(AppError::invalid("That badge no longer exists."));
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
