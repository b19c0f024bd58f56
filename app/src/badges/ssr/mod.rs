//! Badges on the server: making them, awarding and revoking by hand, and reading who holds what.
//! Admins make the company's badges; a group's facilitators make badges for their group, which go
//! only to its members and are seen by those who read the group.

pub mod rules;

use super::types::*;
use crate::{
    clock,
    db::{badge, badge_award, course, group, group_member, user},
    error::AppError,
    feed::markdown::render,
    groups::types::MemberStatus,
    library::types::ItemStatus,
    notify,
    people::{
        ssr::summary,
        types::AccountStatus,
        validate::{email, line, paragraph},
    },
    policy::{self, Actor},
    standing::Standing,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use std::collections::{HashMap, HashSet};

const NAME_MAX: usize = 80;
const DESCRIPTION_MAX: usize = 300;
const CRITERIA_MAX: usize = 4_000;
const NOTE_MAX: usize = 500;
/// The most a counting rule may ask for.
const RULE_COUNT_MAX: i32 = 1_000;

/// The names of the groups badges belong to, by id.
type GroupNames = HashMap<i64, String>;

fn summary_of(row: &badge::Model, holders: i64, groups: &GroupNames) -> BadgeSummary {
    BadgeSummary {
        id: row.id,
        name: row.name.clone(),
        description: row.description.clone(),
        icon: row.icon,
        image: row.image.as_deref().map(image_url),
        holders,
        group: row
            .group_id
            .and_then(|id| Some((id, groups.get(&id)?.clone()))),
    }
}

/// Where an uploaded badge picture is served: publicly, as credentials point to it.
pub fn image_url(file: &str) -> String {
    format!("/open-badges/images/{file}")
}

/// Makes an uploaded picture (already in the media store as `file`) a badge's, for those who
/// manage the badge.
pub async fn set_image(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
    file: String,
) -> Result<(), AppError> {
    let row = visible(db, actor, id).await?;
    may_manage(db, actor, row.group_id).await?;
    let mut changed: badge::ActiveModel = row.into();
    changed.image = Set(Some(file));
    changed.update(db).await?;
    Ok(())
}

/// The names of these badges' groups.
async fn group_names(
    db: &impl ConnectionTrait,
    rows: &[&badge::Model],
) -> Result<GroupNames, AppError> {
    Ok(group::Entity::find()
        .select_only()
        .columns([group::Column::Id, group::Column::Name])
        .filter(group::Column::Id.is_in(rows.iter().filter_map(|row| row.group_id)))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Whether the reader sees a badge: the company's are seen by all, a group's by those who read the
/// group.
fn sees(standing: &Standing, row: &badge::Model) -> bool {
    row.group_id.is_none_or(|id| standing.reads(Some(id)))
}

/// May the actor make, award and revoke badges of this group (None: the company's)?
async fn may_manage(
    db: &impl ConnectionTrait,
    actor: Actor,
    group_id: Option<i64>,
) -> Result<(), AppError> {
    let place = match group_id {
        Some(id) => Some(crate::groups::ssr::place(db, actor, id).await?),
        None => None,
    };
    policy::manage_badge(actor, place.as_ref().map(|place| place.policy()))
}

/// The (badge, person) pairs among these that have an award, held or revoked.
pub async fn settled(
    db: &impl ConnectionTrait,
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

/// How many people hold each of these badges now.
async fn holders(db: &impl ConnectionTrait, badges: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
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

/// Every badge the reader sees, by name.
pub async fn list(db: &impl ConnectionTrait, actor: Actor) -> Result<Vec<BadgeSummary>, AppError> {
    let standing = Standing::load(db, actor).await?;
    let rows: Vec<badge::Model> = badge::Entity::find()
        .order_by_asc(badge::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter(|row| sees(&standing, row))
        .collect();
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let counts = holders(db, &ids).await?;
    let groups = group_names(db, &rows.iter().collect::<Vec<_>>()).await?;
    Ok(rows
        .iter()
        .map(|row| summary_of(row, counts.get(&row.id).copied().unwrap_or(0), &groups))
        .collect())
}

/// Where the reader may make badges (admins: the company and every group; facilitators: their
/// groups), and the published courses a rule may name.
pub async fn making(db: &impl ConnectionTrait, actor: Actor) -> Result<BadgeChoices, AppError> {
    let groups = crate::groups::ssr::run_by(db, actor).await?;
    let courses = if actor.is_admin() || !groups.is_empty() {
        course::Entity::find()
            .select_only()
            .columns([course::Column::Id, course::Column::Title])
            .filter(course::Column::Status.eq(ItemStatus::Published))
            .order_by_asc(course::Column::Title)
            .into_tuple()
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    Ok(BadgeChoices {
        company: actor.is_admin(),
        groups,
        courses,
    })
}

/// A badge's rule as typed: the rule, its number and its course, checked.
struct RuleFields {
    rule: BadgeRule,
    count: i32,
    course: Option<i64>,
}

/// Checks a new badge's rule.
async fn checked_rule(
    db: &impl ConnectionTrait,
    fields: &BadgeFields,
) -> Result<RuleFields, AppError> {
    let rule = match fields.rule.trim() {
        "" => BadgeRule::Hand,
        value => BadgeRule::parse(value)
            .ok_or_else(|| AppError::invalid("Choose one of the ways it is earned."))?,
    };
    let count = if rule.counts() {
        fields
            .rule_count
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|count| (1..=RULE_COUNT_MAX).contains(count))
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "Say how many earn it: a whole number from 1 to {RULE_COUNT_MAX}."
                ))
            })?
    } else {
        1
    };
    let course = if rule == BadgeRule::Course {
        let course = fields
            .rule_course
            .trim()
            .parse::<i64>()
            .ok()
            .ok_or_else(|| AppError::invalid("Choose the course that earns it."))?;
        let published = course::Entity::find_by_id(course)
            .filter(course::Column::Status.eq(ItemStatus::Published))
            .count(db)
            .await?
            > 0;
        if !published {
            return Err(AppError::invalid("That course is not published."));
        }
        Some(course)
    } else {
        None
    };
    Ok(RuleFields {
        rule,
        count,
        course,
    })
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

/// Makes a badge for the company or for a group the actor facilitates; its name must be new. A
/// rule's badge goes at once to those who already qualify.
pub async fn create(
    db: &DatabaseConnection,
    actor: Actor,
    fields: BadgeFields,
) -> Result<i64, AppError> {
    let group_id = match fields.group.trim() {
        "" => None,
        value => Some(
            value
                .parse::<i64>()
                .map_err(|_| AppError::invalid("Choose the group the badge is for."))?,
        ),
    };
    may_manage(db, actor, group_id).await?;
    let (name, description, criteria, icon) = checked(&fields)?;
    let RuleFields {
        rule,
        count,
        course,
    } = checked_rule(db, &fields).await?;
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
        group_id: Set(group_id),
        rule: Set(rule),
        rule_count: Set(count),
        rule_course_id: Set(course),
        created_by: Set(Some(actor.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The badge is made either way: those who qualify and are missed here get it from the
    // scheduler.
    if let Err(error) = rules::award_qualified(db, &row, None).await {
        tracing::warn!(
            ?error,
            badge = row.id,
            "a new badge's rule could not be run"
        );
    }
    Ok(row.id)
}

/// A rule badge to everyone who already qualifies, on request; answers how many were awarded now.
pub async fn award_qualified(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
) -> Result<usize, AppError> {
    let row = visible(db, actor, id).await?;
    may_manage(db, actor, row.group_id).await?;
    if row.rule == BadgeRule::Hand {
        return Err(AppError::invalid(
            "This badge is awarded by hand: no rule awards it.",
        ));
    }
    rules::award_qualified(db, &row, None).await
}

/// What a person has just done, so that only the badges it can earn are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// A path's step marked done.
    Step,
    /// A lesson or quiz finished.
    Lesson,
    /// A post published (written, approved or restored).
    Post,
    /// A comment published.
    Comment,
    /// An answer of theirs accepted.
    Answer,
    /// A library item of theirs approved.
    ItemApproved,
    /// A helpful mark on an item of theirs.
    Helpful,
}

impl Fact {
    /// Whether a path's step can stand for it.
    fn moves_paths(self) -> bool {
        matches!(self, Fact::Step | Fact::Lesson | Fact::Post | Fact::Comment)
    }

    /// The rule it can meet, if any.
    fn rule(self) -> Option<BadgeRule> {
        match self {
            Fact::Lesson => Some(BadgeRule::Course),
            Fact::Post => Some(BadgeRule::CohortPost),
            Fact::Answer => Some(BadgeRule::Answers),
            Fact::ItemApproved => Some(BadgeRule::Items),
            Fact::Helpful => Some(BadgeRule::Helpful),
            Fact::Step | Fact::Comment => None,
        }
    }
}

/// Badges earned by what `person` has just done: those of paths it completes, and those whose rule
/// it meets. Their action has already succeeded, so a failure is logged (the scheduler tries
/// again) rather than refusing it.
pub async fn earned_after(db: &DatabaseConnection, person: i64, fact: Fact) {
    if fact.moves_paths()
        && let Err(error) = crate::paths::ssr::award_earned(db, person).await
    {
        tracing::warn!(?error, person, "path badges could not be checked");
    }
    if let Some(rule) = fact.rule()
        && let Err(error) = rules::award_earned(db, person, rule).await
    {
        tracing::warn!(?error, person, "rule badges could not be checked");
    }
}

/// A badge the reader sees; any other is not found.
async fn visible(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<badge::Model, AppError> {
    let row = badge::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(group) = row.group_id {
        let standing = Standing::load(db, actor).await?;
        if !standing.reads(Some(group)) {
            return Err(AppError::NotFound);
        }
    }
    Ok(row)
}

/// Awards as the reader sees them, in the order given: members see those of active people only,
/// as they see only active people's profiles, and a group's badges only where they read the group.
async fn awards(
    db: &impl ConnectionTrait,
    viewer: Actor,
    rows: Vec<badge_award::Model>,
) -> Result<Vec<Award>, AppError> {
    let everyone = policy::manage_people(viewer).is_ok();
    let standing = Standing::load(db, viewer).await?;
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
        .filter(|row| sees(&standing, row))
        .map(|row| (row.id, row))
        .collect();
    let ids: Vec<i64> = badge_rows.keys().copied().collect();
    let counts = holders(db, &ids).await?;
    let groups = group_names(db, &badge_rows.values().collect::<Vec<_>>()).await?;
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
                badge: summary_of(badge, counts.get(&badge.id).copied().unwrap_or(0), &groups),
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
    let row = visible(db, actor, id).await?;
    let rows = badge_award::Entity::find()
        .filter(badge_award::Column::BadgeId.eq(id))
        .order_by_desc(badge_award::Column::Id)
        .all(db)
        .await?;
    let count = holders(db, &[id]).await?.get(&id).copied().unwrap_or(0);
    let groups = group_names(db, &[&row]).await?;
    let course = match row.rule_course_id {
        Some(id) => course::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|found| found.title),
        None => None,
    };
    let place = row
        .group_id
        .and_then(|id| groups.get(&id))
        .map(String::as_str);
    Ok(Badge {
        summary: summary_of(&row, count, &groups),
        criteria_html: row.criteria_html.clone(),
        rule: rules::describe(row.rule, row.rule_count, place, course.as_deref()),
        awards: awards(db, actor, rows).await?,
        can_award: may_manage(db, actor, row.group_id).await.is_ok(),
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
    let badge = visible(db, actor, badge_id).await?;
    may_manage(db, actor, badge.group_id).await?;
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
    if let Some(group) = badge.group_id {
        let member = group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(group))
            .filter(group_member::Column::UserId.eq(person.id))
            .filter(group_member::Column::Status.eq(MemberStatus::Active))
            .count(db)
            .await?
            > 0;
        if !member {
            return Err(AppError::invalid(format!(
                "{} is not a member of the group: its badges go to its members.",
                person.name
            )));
        }
    }
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

/// Awards a badge that a path (`path_id`) or a rule earned, once: an award they hold, or held and
/// had revoked, is left as it is. They are told, with `note`. Answers whether it was awarded now.
pub async fn award_earned_by(
    db: &DatabaseConnection,
    badge_id: i64,
    person: i64,
    note: &str,
    path_id: Option<i64>,
) -> Result<bool, AppError> {
    let Some(badge) = badge::Entity::find_by_id(badge_id).one(db).await? else {
        return Ok(false);
    };
    let txn = db.begin().await?;
    let added = badge_award::Entity::insert(badge_award::ActiveModel {
        badge_id: Set(badge_id),
        user_id: Set(person),
        awarded_by: Set(None),
        note: Set(note.to_string()),
        awarded_at: Set(Utc::now()),
        revoked_at: Set(None),
        revoked_by: Set(None),
        revoke_reason: Set(String::new()),
        path_id: Set(path_id),
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
    notify::ssr::badge_earned(&txn, person, &badge.name, note).await?;
    notify::ssr::commit(txn).await?;
    Ok(true)
}

/// Takes an award back with a reason; it stays, marked revoked. Those who may award the badge
/// may revoke it.
pub async fn revoke(
    db: &impl ConnectionTrait,
    actor: Actor,
    award_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let row = badge_award::Entity::find_by_id(award_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let badge = visible(db, actor, row.badge_id).await?;
    may_manage(db, actor, badge.group_id).await?;
    let reason = line("Reason", reason, NOTE_MAX)?;
    if reason.is_empty() {
        return Err(AppError::invalid("Say why the badge is taken back."));
    }
    if row.revoked_at.is_some() {
        return Err(AppError::Conflict("That award was revoked already.".into()));
    }
    // Only while it is held: of two revoking at once, the second is told.
    let done = badge_award::Entity::update_many()
        .col_expr(badge_award::Column::RevokedAt, Expr::value(Utc::now()))
        .col_expr(badge_award::Column::RevokedBy, Expr::value(actor.id))
        .col_expr(badge_award::Column::RevokeReason, Expr::value(reason))
        .filter(badge_award::Column::Id.eq(award_id))
        .filter(badge_award::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict("That award was revoked already.".into()));
    }
    Ok(())
}
