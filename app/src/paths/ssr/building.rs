//! Building paths and assigning them: for admins.

use super::{MAX_STEPS, profile, reaches, today};
use crate::{
    db::{
        badge, course, group, group_member, library_item, live_session, path, path_assignment,
        path_step, user,
    },
    error::AppError,
    groups::types::{MemberStatus, Privacy},
    library::types::ItemStatus,
    moderation::ssr::{people_by_id, person_or_former},
    notify::{self, ssr::Tell, types::NoticeKind},
    paths::types::*,
    people::{types::AccountStatus, validate},
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    sea_query::Expr,
};
use std::collections::{HashMap, HashSet};

/// The published courses and items and the groups a manager can point steps and assignments at.
pub(super) async fn choices(db: &impl ConnectionTrait) -> Result<Choices, AppError> {
    let choice = |(id, label): (i64, String)| Choice { id, label };
    let courses = course::Entity::find()
        .select_only()
        .columns([course::Column::Id, course::Column::Title])
        .filter(course::Column::Status.eq(ItemStatus::Published))
        .order_by_asc(course::Column::Title)
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?;
    let items = library_item::Entity::find()
        .select_only()
        .columns([library_item::Column::Id, library_item::Column::Title])
        .filter(library_item::Column::Status.eq(ItemStatus::Published))
        .order_by_desc(library_item::Column::PublishedAt)
        .order_by_desc(library_item::Column::Id)
        .limit(ITEMS_LISTED)
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?;
    let groups = group::Entity::find()
        .select_only()
        .columns([
            group::Column::Id,
            group::Column::Name,
            group::Column::Privacy,
        ])
        .order_by_asc(group::Column::Name)
        .into_tuple::<(i64, String, Privacy)>()
        .all(db)
        .await?;
    Ok(Choices {
        courses: courses.into_iter().map(choice).collect(),
        items: items.into_iter().map(choice).collect(),
        findable_groups: groups
            .iter()
            .filter(|(_, _, privacy)| *privacy != Privacy::Secret)
            .map(|(id, name, _)| choice((*id, name.clone())))
            .collect(),
        groups: groups
            .into_iter()
            .map(|(id, name, _)| choice((id, name)))
            .collect(),
        // A path awards the company's badges; a group's go only to its members.
        badges: badge::Entity::find()
            .select_only()
            .columns([badge::Column::Id, badge::Column::Name])
            .filter(badge::Column::GroupId.is_null())
            .order_by_asc(badge::Column::Name)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(choice)
            .collect(),
        sessions: live_session::Entity::find()
            .select_only()
            .columns([live_session::Column::Id, live_session::Column::Title])
            .filter(live_session::Column::Cancelled.eq(false))
            .filter(live_session::Column::EndsAt.gt(Utc::now()))
            .order_by_asc(live_session::Column::StartsAt)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(choice)
            .collect(),
    })
}

/// Describes assignments in words, for the people who manage them.
pub(super) async fn describe(
    db: &impl ConnectionTrait,
    assignments: &[path_assignment::Model],
) -> Result<Vec<AssignmentView>, AppError> {
    let people = people_by_id(db, assignments.iter().filter_map(|a| a.user_id).collect()).await?;
    let groups: HashMap<i64, String> = group::Entity::find()
        .filter(group::Column::Id.is_in(assignments.iter().filter_map(|a| a.group_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|group| (group.id, group.name))
        .collect();
    Ok(assignments
        .iter()
        .map(|assignment| {
            let reaches = match assignment.audience {
                Audience::Person => {
                    let person = person_or_former(&people, assignment.user_id.unwrap_or_default());
                    format!("{} ({})", person.name, person.email)
                }
                Audience::Group => format!(
                    "Members of {}",
                    assignment
                        .group_id
                        .and_then(|id| groups.get(&id))
                        .map_or("a former group", String::as_str)
                ),
                Audience::Rule => {
                    let mut parts = Vec::new();
                    if !assignment.department.is_empty() {
                        parts.push(format!("in {}", assignment.department));
                    }
                    if !assignment.location.is_empty() {
                        parts.push(format!("in {}", assignment.location));
                    }
                    if let Some(day) = assignment.started_after {
                        parts.push(format!("starting after {day}"));
                    }
                    if parts.is_empty() {
                        "Everyone".into()
                    } else {
                        format!("Everyone {}", parts.join(", "))
                    }
                }
            };
            let due = match (assignment.due_on, assignment.due_days) {
                (Some(day), _) => format!("due {day}"),
                (None, Some(days)) => format!("due within {days} days of starting"),
                (None, None) => String::new(),
            };
            AssignmentView {
                id: assignment.id,
                reaches,
                required: assignment.required,
                due,
            }
        })
        .collect())
}

/// Starts a path; its steps and assignments come next.
pub async fn create_path(
    db: &DatabaseConnection,
    actor: Actor,
    fields: &PathFields,
) -> Result<i64, AppError> {
    policy::manage_paths(actor)?;
    let title = validate::line("Title", &fields.title, 160)?;
    if title.is_empty() {
        return Err(AppError::invalid("Give the path a title."));
    }
    let summary = validate::paragraph("Summary", &fields.summary, 1_000)?;
    let now = Utc::now();
    Ok(path::ActiveModel {
        title: Set(title),
        summary: Set(summary),
        linear: Set(matches!(fields.linear.as_str(), "on" | "true")),
        owner_id: Set(actor.id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

fn id_field(raw: &str, missing: &str) -> Result<i64, AppError> {
    raw.trim()
        .parse()
        .map_err(|_| AppError::invalid(missing.to_string()))
}

/// A step's target and the title it takes when the admin gives none.
struct Target {
    course: Option<i64>,
    item: Option<i64>,
    group: Option<i64>,
    url: String,
    session: Option<i64>,
    session_tag: Option<String>,
    title: String,
}

async fn target(
    db: &impl ConnectionTrait,
    path: i64,
    kind: StepKind,
    fields: &StepFields,
) -> Result<Target, AppError> {
    let mut target = Target {
        course: None,
        item: None,
        group: None,
        url: String::new(),
        session: None,
        session_tag: None,
        title: String::new(),
    };
    match kind {
        StepKind::Course => {
            let id = id_field(&fields.course, "Choose the course.")?;
            let row = course::Entity::find_by_id(id)
                .filter(course::Column::Status.eq(ItemStatus::Published))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("That is not a published course."))?;
            target.course = Some(row.id);
            target.title = format!("Take the course \"{}\"", row.title);
        }
        StepKind::Read => {
            let id = id_field(&fields.item, "Choose the library item.")?;
            let row = library_item::Entity::find_by_id(id)
                .filter(library_item::Column::Status.eq(ItemStatus::Published))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("That is not a published library item."))?;
            target.item = Some(row.id);
            target.title = format!("Read \"{}\"", row.title);
        }
        StepKind::Introduce => {
            let id = id_field(&fields.group, "Choose the group.")?;
            let row = group::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("That group does not exist."))?;
            if row.privacy == Privacy::Secret {
                return Err(AppError::invalid(
                    "Choose a group people can find: nobody can ask to join a secret group.",
                ));
            }
            target.group = Some(row.id);
            target.title = format!("Introduce yourself in {}", row.name);
        }
        StepKind::Ask => target.title = "Ask your first question".into(),
        StepKind::CommentExpert => target.title = "Comment on an expert's post".into(),
        StepKind::Link => {
            target.url = validate::web_address("Link", &fields.url)?;
        }
        StepKind::Attend if fields.session.trim().is_empty() => {
            let tag = validate::tag("Session tag", &fields.session_tag)?.ok_or_else(|| {
                AppError::invalid("Choose the live session, or a tag any session may carry.")
            })?;
            target.title = format!("Attend a live session tagged \"{tag}\"");
            target.session_tag = Some(tag);
        }
        StepKind::Attend => {
            let id = id_field(&fields.session, "Choose the live session.")?;
            let row = live_session::Entity::find_by_id(id)
                .filter(live_session::Column::Cancelled.eq(false))
                .filter(live_session::Column::EndsAt.gt(Utc::now()))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("That live session is not still to come."))?;
            // Only a session the path's learners can all see can be asked of them.
            let open_to_learners = match row.audience {
                crate::sessions::types::Audience::Company => true,
                crate::sessions::types::Audience::Path => row.path_id == Some(path),
                crate::sessions::types::Audience::Group => false,
            };
            if !open_to_learners {
                return Err(AppError::invalid(
                    "Choose a session for the whole company or for this path's learners.",
                ));
            }
            target.session = Some(row.id);
            target.title = format!("Attend \"{}\"", row.title);
        }
    }
    Ok(target)
}

/// Adds a step at the end of a path.
pub async fn add_step(
    db: &DatabaseConnection,
    actor: Actor,
    path_id: i64,
    fields: &StepFields,
) -> Result<i64, AppError> {
    policy::manage_paths(actor)?;
    let kind = StepKind::parse(fields.kind.trim())
        .ok_or_else(|| AppError::invalid("Choose what kind of step it is."))?;
    let title = validate::line("Title", &fields.title, 160)?;
    let txn = db.begin().await?;
    let row = path::Entity::find_by_id(path_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = target(&txn, row.id, kind, fields).await?;
    let title = if title.is_empty() {
        target.title
    } else {
        title
    };
    if title.is_empty() {
        return Err(AppError::invalid("Give the link a title."));
    }
    let count = path_step::Entity::find()
        .filter(path_step::Column::PathId.eq(row.id))
        .count(&txn)
        .await?;
    if count >= MAX_STEPS {
        return Err(AppError::invalid(format!(
            "A path has at most {MAX_STEPS} steps: split it in two."
        )));
    }
    let last: Option<i32> = path_step::Entity::find()
        .select_only()
        .column_as(path_step::Column::Position.max(), "last")
        .filter(path_step::Column::PathId.eq(row.id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let step = path_step::ActiveModel {
        path_id: Set(row.id),
        position: Set(last.unwrap_or(0) + 1),
        kind: Set(kind),
        required: Set(fields.need.trim() != "optional"),
        title: Set(title),
        course_id: Set(target.course),
        library_item_id: Set(target.item),
        group_id: Set(target.group),
        url: Set(target.url),
        session_id: Set(target.session),
        session_tag: Set(target.session_tag),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut active: path::ActiveModel = row.into();
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(step.id)
}

/// Removes a step; what people did for it stays in the facts it stood for.
pub async fn remove_step(db: &DatabaseConnection, actor: Actor, id: i64) -> Result<(), AppError> {
    policy::manage_paths(actor)?;
    let removed = path_step::Entity::delete_by_id(id).exec(db).await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Moves a step one place earlier or later in its path, numbering the steps afresh from one (so
/// two steps that ever shared a place come apart).
pub async fn move_step(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    earlier: bool,
) -> Result<(), AppError> {
    policy::manage_paths(actor)?;
    let step = path_step::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = db.begin().await?;
    // Touching the path first holds its row until the commit, so two moves on one path take turns.
    path::Entity::update_many()
        .col_expr(path::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(path::Column::Id.eq(step.path_id))
        .exec(&txn)
        .await?;
    let mut steps = path_step::Entity::find()
        .filter(path_step::Column::PathId.eq(step.path_id))
        .order_by_asc(path_step::Column::Position)
        .order_by_asc(path_step::Column::Id)
        .all(&txn)
        .await?;
    let at = steps
        .iter()
        .position(|other| other.id == id)
        .ok_or(AppError::NotFound)?;
    let to = if earlier {
        at.checked_sub(1)
            .ok_or_else(|| AppError::invalid("This step is already the first."))?
    } else {
        Some(at + 1)
            .filter(|to| *to < steps.len())
            .ok_or_else(|| AppError::invalid("This step is already the last."))?
    };
    steps.swap(at, to);
    for (index, step) in steps.iter().enumerate() {
        let position = index as i32 + 1;
        if step.position != position {
            path_step::Entity::update_many()
                .col_expr(path_step::Column::Position, Expr::value(position))
                .filter(path_step::Column::Id.eq(step.id))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Assigns a path to a person, a group, or everyone a rule matches.
pub async fn assign(
    db: &DatabaseConnection,
    actor: Actor,
    path_id: i64,
    fields: &AssignmentFields,
) -> Result<(), AppError> {
    policy::manage_paths(actor)?;
    let audience = Audience::parse(fields.audience.trim())
        .ok_or_else(|| AppError::invalid("Choose whom to assign the path to."))?;
    let due_on = validate::date("Due date", &fields.due_on)?;
    let due_days = match fields.due_days.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i32>()
                .ok()
                .filter(|days| (1..=365).contains(days))
                .ok_or_else(|| AppError::invalid("Due within: a number of days from 1 to 365."))?,
        ),
    };
    if due_on.is_some() && due_days.is_some() {
        return Err(AppError::invalid(
            "Choose a due date or a number of days after starting, not both.",
        ));
    }
    if due_on.is_some_and(|day| day < today()) {
        return Err(AppError::invalid(
            "Due date: choose a day that has not passed.",
        ));
    }
    let mut active = path_assignment::ActiveModel {
        path_id: Set(path_id),
        audience: Set(audience),
        user_id: Set(None),
        group_id: Set(None),
        department: Set(String::new()),
        location: Set(String::new()),
        started_after: Set(None),
        required: Set(fields.need.trim() != "recommended"),
        due_on: Set(due_on),
        due_days: Set(due_days),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    match audience {
        Audience::Person => {
            let email = validate::email(&fields.email)?;
            let person = user::Entity::find()
                .filter(user::Column::Email.eq(&email))
                .filter(user::Column::Status.ne(AccountStatus::Deactivated))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid(format!("Nobody here has the email {email}.")))?;
            active.user_id = Set(Some(person.id));
        }
        Audience::Group => {
            let id = id_field(&fields.group, "Choose the group.")?;
            group::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("That group does not exist."))?;
            active.group_id = Set(Some(id));
        }
        Audience::Rule => {
            active.department = Set(validate::line("Department", &fields.department, 120)?);
            active.location = Set(validate::line("Location", &fields.location, 120)?);
            active.started_after = Set(validate::date("Started after", &fields.started_after)?);
        }
    }
    let txn = db.begin().await?;
    path::Entity::find_by_id(path_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let assignment = active.insert(&txn).await?;
    let reached = reached_now(&txn, &assignment).await?;
    notify::ssr::tell_each(
        &txn,
        reached,
        Tell::new(NoticeKind::PathAssigned, actor.id)
            .by(actor.id)
            .path(path_id),
    )
    .await?;
    notify::ssr::commit(txn).await
}

/// The active people an assignment reaches as it is made, to tell them (people who come later, such
/// as new hires matching a rule, find the path on My learning).
async fn reached_now(
    db: &impl ConnectionTrait,
    assignment: &path_assignment::Model,
) -> Result<Vec<i64>, AppError> {
    let active = user::Entity::find().filter(user::Column::Status.eq(AccountStatus::Active));
    Ok(match assignment.audience {
        Audience::Person => {
            active
                .filter(user::Column::Id.is_in(assignment.user_id))
                .select_only()
                .column(user::Column::Id)
                .into_tuple()
                .all(db)
                .await?
        }
        Audience::Group => {
            group_member::Entity::find()
                .select_only()
                .column(group_member::Column::UserId)
                .filter(group_member::Column::GroupId.is_in(assignment.group_id))
                .filter(group_member::Column::Status.eq(MemberStatus::Active))
                .into_tuple()
                .all(db)
                .await?
        }
        Audience::Rule => active
            .all(db)
            .await?
            .iter()
            .filter(|person| reaches(assignment, profile(person), &HashSet::new()))
            .map(|person| person.id)
            .collect(),
    })
}

/// Withdraws an assignment. Steps people did stay done, should the path reach them again.
pub async fn unassign(db: &DatabaseConnection, actor: Actor, id: i64) -> Result<(), AppError> {
    policy::manage_paths(actor)?;
    let removed = path_assignment::Entity::delete_by_id(id).exec(db).await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
