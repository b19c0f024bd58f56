//! Badges on the server: making them, awarding and revoking by hand, and reading who holds what.

use super::types::*;
use crate::{
    clock,
    db::{badge, badge_award, user},
    error::AppError,
    feed::markdown::render,
    notify,
    people::{
        ssr::summary,
        types::AccountStatus,
        validate::{email, line, paragraph},
    },
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::OnConflict,
};
use std::collections::HashMap;

const NAME_MAX: usize = 80;
const DESCRIPTION_MAX: usize = 300;
const CRITERIA_MAX: usize = 4_000;
const NOTE_MAX: usize = 500;

fn summary_of(row: &badge::Model, holders: i64) -> BadgeSummary {
    BadgeSummary {
        id: row.id,
        name: row.name.clone(),
        description: row.description.clone(),
        icon: row.icon,
        holders,
    }
}

/// How many people hold each of these badges now.
async fn holders(db: &impl ConnectionTrait, badges: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    use sea_orm::QuerySelect;
    Ok(badge_award::Entity::find()
        .select_only()
        .column(badge_award::Column::BadgeId)
        .column_as(badge_award::Column::Id.count(), "count")
        .filter(badge_award::Column::BadgeId.is_in(badges.iter().copied()))
        .filter(badge_award::Column::RevokedAt.is_null())
        .group_by(badge_award::Column::BadgeId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Every badge, by name.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<BadgeSummary>, AppError> {
    let rows = badge::Entity::find()
        .order_by_asc(badge::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let counts = holders(db, &ids).await?;
    Ok(rows
        .iter()
        .map(|row| summary_of(row, counts.get(&row.id).copied().unwrap_or(0)))
        .collect())
}

/// Checks a new badge's fields.
fn checked(fields: &BadgeFields) -> Result<(String, String, String, BadgeIcon), AppError> {
    let name = line("Name", &fields.name, NAME_MAX)?;
    if name.is_empty() {
        return Err(AppError::invalid("Give the badge a name."));
    }
    let description = line("Description", &fields.description, DESCRIPTION_MAX)?;
    if description.is_empty() {
        return Err(AppError::invalid(
            "Say in a sentence what the badge stands for.",
        ));
    }
    let criteria = paragraph("Criteria", &fields.criteria, CRITERIA_MAX)?;
    let icon = BadgeIcon::parse(fields.icon.trim())
        .ok_or_else(|| AppError::invalid("Choose one of the pictures."))?;
    Ok((name, description, criteria, icon))
}

/// Makes a badge; its name must be new.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: Actor,
    fields: BadgeFields,
) -> Result<i64, AppError> {
    let (name, description, criteria, icon) = checked(&fields)?;
    let taken = badge::Entity::find()
        .filter(badge::Column::Name.eq(name.clone()))
        .count(db)
        .await?
        > 0;
    if taken {
        return Err(AppError::Conflict(format!(
            "There is already a badge called “{name}”."
        )));
    }
    let row = badge::ActiveModel {
        name: Set(name),
        description: Set(description),
        criteria_html: Set(render(&criteria, &HashMap::new())),
        criteria: Set(criteria),
        icon: Set(icon),
        created_by: Set(Some(actor.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Awards as the reader sees them, in the order given: members see those of active people only,
/// as they see only active people's profiles.
async fn awards(
    db: &impl ConnectionTrait,
    viewer: Actor,
    rows: Vec<badge_award::Model>,
) -> Result<Vec<Award>, AppError> {
    let everyone = policy::manage_people(viewer).is_ok();
    let people: HashMap<i64, user::Model> = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                rows.iter()
                    .flat_map(|row| [Some(row.user_id), row.awarded_by])
                    .flatten(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    let badge_rows: HashMap<i64, badge::Model> = badge::Entity::find()
        .filter(badge::Column::Id.is_in(rows.iter().map(|row| row.badge_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let ids: Vec<i64> = badge_rows.keys().copied().collect();
    let counts = holders(db, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let badge = badge_rows.get(&row.badge_id)?;
            let holder = people
                .get(&row.user_id)
                .filter(|holder| everyone || holder.status == AccountStatus::Active)?;
            Some(Award {
                id: row.id,
                person: summary(holder),
                badge: summary_of(badge, counts.get(&badge.id).copied().unwrap_or(0)),
                note: row.note,
                awarded_by: row
                    .awarded_by
                    .and_then(|id| people.get(&id))
                    .map(|person| person.name.clone()),
                awarded: clock::label(row.awarded_at),
                stamp: clock::stamp(row.awarded_at),
                revoked: row.revoked_at.map(|_| row.revoke_reason),
            })
        })
        .collect())
}

/// A badge with its awards, the most recent first.
pub async fn one(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<Badge, AppError> {
    let row = badge::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = badge_award::Entity::find()
        .filter(badge_award::Column::BadgeId.eq(id))
        .order_by_desc(badge_award::Column::Id)
        .all(db)
        .await?;
    let count = holders(db, &[id]).await?.get(&id).copied().unwrap_or(0);
    Ok(Badge {
        summary: summary_of(&row, count),
        criteria_html: row.criteria_html.clone(),
        awards: awards(db, actor, rows).await?,
        can_award: policy::manage_badges(actor).is_ok(),
    })
}

/// A person's awards, the most recent first, revoked ones included.
pub async fn of_person(
    db: &impl ConnectionTrait,
    viewer: Actor,
    person: i64,
) -> Result<Vec<Award>, AppError> {
    let rows = badge_award::Entity::find()
        .filter(badge_award::Column::UserId.eq(person))
        .order_by_desc(badge_award::Column::AwardedAt)
        .order_by_desc(badge_award::Column::Id)
        .all(db)
        .await?;
    awards(db, viewer, rows).await
}

/// Awards a badge by hand to an active person, with a note of why; they are told. A badge held
/// already is refused; one revoked is awarded again.
pub async fn award(
    db: &DatabaseConnection,
    actor: Actor,
    badge_id: i64,
    to: &str,
    note: &str,
) -> Result<(), AppError> {
    let badge = badge::Entity::find_by_id(badge_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let email = email(to)?;
    let note = paragraph("Why", note, NOTE_MAX)?;
    if note.is_empty() {
        return Err(AppError::invalid(
            "Say why they earned it: it is shown with the badge.",
        ));
    }
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid(format!("Nobody active here has the email {email}.")))?;
    let txn = db.begin().await?;
    let existing = badge_award::Entity::find()
        .filter(badge_award::Column::BadgeId.eq(badge_id))
        .filter(badge_award::Column::UserId.eq(person.id))
        .one(&txn)
        .await?;
    let now = Utc::now();
    match existing {
        Some(row) if row.revoked_at.is_none() => {
            return Err(AppError::Conflict(format!(
                "{} holds “{}” already.",
                person.name, badge.name
            )));
        }
        Some(row) => {
            let mut again: badge_award::ActiveModel = row.into();
            again.awarded_by = Set(Some(actor.id));
            again.note = Set(note.clone());
            again.awarded_at = Set(now);
            again.revoked_at = Set(None);
            again.revoked_by = Set(None);
            again.revoke_reason = Set(String::new());
            again.path_id = Set(None);
            again.update(&txn).await?;
        }
        None => {
            badge_award::ActiveModel {
                badge_id: Set(badge_id),
                user_id: Set(person.id),
                awarded_by: Set(Some(actor.id)),
                note: Set(note.clone()),
                awarded_at: Set(now),
                revoked_at: Set(None),
                revoked_by: Set(None),
                revoke_reason: Set(String::new()),
                path_id: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|error| match error.sql_err() {
                // The rule or another admin awarded it a moment ago.
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                    AppError::Conflict(format!("{} holds “{}” already.", person.name, badge.name))
                }
                _ => error.into(),
            })?;
        }
    }
    notify::ssr::badge_awarded(&txn, actor.id, person.id, &badge.name, &note).await?;
    notify::ssr::commit(txn).await
}

/// Awards a path's badge to someone who completed it, once: an award they hold, or held and had
/// revoked, is left as it is. They are told. Answers whether it was awarded now.
pub async fn award_for_path(
    db: &DatabaseConnection,
    badge_id: i64,
    person: i64,
    path: &str,
    path_id: i64,
) -> Result<bool, AppError> {
    let Some(badge) = badge::Entity::find_by_id(badge_id).one(db).await? else {
        return Ok(false);
    };
    let txn = db.begin().await?;
    let note = format!("Completed the learning path “{path}”");
    let added = badge_award::Entity::insert(badge_award::ActiveModel {
        badge_id: Set(badge_id),
        user_id: Set(person),
        awarded_by: Set(None),
        note: Set(note.clone()),
        awarded_at: Set(Utc::now()),
        revoked_at: Set(None),
        revoked_by: Set(None),
        revoke_reason: Set(String::new()),
        path_id: Set(Some(path_id)),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([badge_award::Column::BadgeId, badge_award::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if added == 0 {
        return Ok(false);
    }
    notify::ssr::badge_earned(&txn, person, &badge.name, &note).await?;
    notify::ssr::commit(txn).await?;
    Ok(true)
}

/// Takes an award back with a reason; it stays, marked revoked.
pub async fn revoke(
    db: &impl ConnectionTrait,
    actor: Actor,
    award_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let reason = line("Reason", reason, NOTE_MAX)?;
    if reason.is_empty() {
        return Err(AppError::invalid("Say why the badge is taken back."));
    }
    let row = badge_award::Entity::find_by_id(award_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.revoked_at.is_some() {
        return Err(AppError::Conflict("That award was revoked already.".into()));
    }
    let mut revoked: badge_award::ActiveModel = row.into();
    revoked.revoked_at = Set(Some(Utc::now()));
    revoked.revoked_by = Set(Some(actor.id));
    revoked.revoke_reason = Set(reason);
    revoked.update(db).await?;
    Ok(())
}
