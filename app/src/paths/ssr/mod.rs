//! Paths on the server: building and assigning them (admins), and reading where people stand from
//! stored facts (finished lessons, acknowledged items, posts, comments), never from counters.

mod facts;
mod rules;

pub use rules::{Facts, Profile, Terms, Walk, due, reaches, terms};

use crate::{
    db::{
        course, group, group_member, library_item, path, path_assignment, path_step,
        step_completion, user,
    },
    error::AppError,
    groups::types::{MemberStatus, Privacy},
    library::{
        ssr::{Access, visible_item},
        types::ItemStatus,
    },
    moderation::ssr::{people_by_id, person_or_former},
    paths::types::*,
    people::{
        types::{AccountStatus, PersonRef},
        validate,
    },
    policy::{self, Actor, InPath},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait, sea_query::OnConflict,
};
use std::collections::{HashMap, HashSet};

/// Steps in one path, at most.
pub const MAX_STEPS: u64 = 40;

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn profile(person: &user::Model) -> Profile<'_> {
    Profile {
        id: person.id,
        department: &person.department,
        location: &person.location,
        start_date: person.start_date,
    }
}

fn card(row: &path::Model, steps: usize) -> PathCard {
    PathCard {
        id: row.id,
        title: row.title.clone(),
        summary: row.summary.clone(),
        linear: row.linear,
        steps: steps as u32,
    }
}

/// The steps of these paths, in order.
async fn steps_of(
    db: &impl ConnectionTrait,
    paths: Vec<i64>,
) -> Result<Vec<path_step::Model>, AppError> {
    Ok(path_step::Entity::find()
        .filter(path_step::Column::PathId.is_in(paths))
        .order_by_asc(path_step::Column::PathId)
        .order_by_asc(path_step::Column::Position)
        .order_by_asc(path_step::Column::Id)
        .all(db)
        .await?)
}

/// The groups a path is tied to: assigned to, or introduced in by a step.
fn linked_groups(assignments: &[path_assignment::Model], steps: &[path_step::Model]) -> Vec<i64> {
    let mut groups: Vec<i64> = assignments
        .iter()
        .filter_map(|assignment| assignment.group_id)
        .chain(
            steps
                .iter()
                .filter(|step| step.kind == StepKind::Introduce)
                .filter_map(|step| step.group_id),
        )
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups
}

/// Among `groups` (or all groups, when None), those the actor owns or facilitates.
async fn facilitated(
    db: &impl ConnectionTrait,
    actor: Actor,
    groups: Option<Vec<i64>>,
) -> Result<HashSet<i64>, AppError> {
    let mut query = group_member::Entity::find()
        .filter(group_member::Column::UserId.eq(actor.id))
        .filter(group_member::Column::Status.eq(MemberStatus::Active));
    if let Some(groups) = groups {
        query = query.filter(group_member::Column::GroupId.is_in(groups));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .filter(|member| member.role.moderates())
        .map(|member| member.group_id)
        .collect())
}

/// The actor's account and the groups they are an active member of.
async fn me(
    db: &impl ConnectionTrait,
    actor: Actor,
) -> Result<(user::Model, HashSet<i64>), AppError> {
    let person = user::Entity::find_by_id(actor.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let groups = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(actor.id))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .into_tuple()
        .all(db)
        .await?;
    Ok((person, groups.into_iter().collect()))
}

/// Every assignment, of any path, that reaches the actor.
async fn reaching_me(
    db: &impl ConnectionTrait,
    person: &user::Model,
    groups: &HashSet<i64>,
) -> Result<Vec<path_assignment::Model>, AppError> {
    let candidates = path_assignment::Entity::find()
        .filter(
            Condition::any()
                .add(path_assignment::Column::UserId.eq(person.id))
                .add(path_assignment::Column::GroupId.is_in(groups.iter().copied()))
                .add(path_assignment::Column::Audience.eq(Audience::Rule)),
        )
        .all(db)
        .await?;
    Ok(candidates
        .into_iter()
        .filter(|assignment| reaches(assignment, profile(person), groups))
        .collect())
}

/// A path with its steps and assignments, what the policy knows, and the actor's terms on it.
struct Placed {
    row: path::Model,
    steps: Vec<path_step::Model>,
    assignments: Vec<path_assignment::Model>,
    policy: InPath,
    terms: Option<Terms>,
}

async fn place(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<Placed, AppError> {
    let row = path::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let steps = steps_of(db, vec![id]).await?;
    let assignments = path_assignment::Entity::find()
        .filter(path_assignment::Column::PathId.eq(id))
        .order_by_asc(path_assignment::Column::Id)
        .all(db)
        .await?;
    let (person, groups) = me(db, actor).await?;
    let terms = terms(
        assignments
            .iter()
            .filter(|assignment| reaches(assignment, profile(&person), &groups)),
        person.start_date,
    );
    let facilitates = !facilitated(db, actor, Some(linked_groups(&assignments, &steps)))
        .await?
        .is_empty();
    Ok(Placed {
        row,
        steps,
        assignments,
        policy: InPath {
            assigned: terms.is_some(),
            facilitates,
        },
        terms,
    })
}

/// Where a step is done.
fn href(step: &path_step::Model) -> Option<String> {
    match step.kind {
        StepKind::Course => step.course_id.map(|id| format!("/courses/{id}")),
        StepKind::Read => step
            .library_item_id
            .map(|id| format!("/library/items/{id}")),
        StepKind::Introduce => step.group_id.map(|id| format!("/groups/{id}")),
        StepKind::Ask | StepKind::CommentExpert => Some("/".into()),
        StepKind::Link => Some(step.url.clone()),
    }
}

/// One person's walk along a path's steps.
fn walk(row: &path::Model, steps: &[path_step::Model], facts: &Facts, person: i64) -> Walk {
    let required: Vec<bool> = steps.iter().map(|step| step.required).collect();
    let done = steps.iter().map(|step| facts.done(person, step)).collect();
    Walk::new(&required, done, row.linear)
}

fn step_views(steps: &[path_step::Model], walk: &Walk) -> Vec<Step> {
    steps
        .iter()
        .enumerate()
        .map(|(index, step)| Step {
            id: step.id,
            position: index as i32 + 1,
            kind: step.kind,
            required: step.required,
            title: step.title.clone(),
            href: href(step),
            done: walk.done[index],
            locked: walk.locked[index],
        })
        .collect()
}

/// "My learning": the paths assigned to the caller, the ones that need attention first.
pub async fn my_learning(
    db: &impl ConnectionTrait,
    actor: Actor,
) -> Result<Vec<Assigned>, AppError> {
    let (person, groups) = me(db, actor).await?;
    let reaching = reaching_me(db, &person, &groups).await?;
    let mut by_path: HashMap<i64, Vec<&path_assignment::Model>> = HashMap::new();
    for assignment in &reaching {
        by_path
            .entry(assignment.path_id)
            .or_default()
            .push(assignment);
    }
    let ids: Vec<i64> = by_path.keys().copied().collect();
    let rows = path::Entity::find()
        .filter(path::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    let steps = steps_of(db, ids).await?;
    let facts = facts::load(db, &[actor.id], &steps).await?;
    let mut assigned: Vec<Assigned> = rows
        .iter()
        .filter_map(|row| {
            let terms = terms(by_path.get(&row.id)?.iter().copied(), person.start_date)?;
            let mine: Vec<path_step::Model> = steps
                .iter()
                .filter(|step| step.path_id == row.id)
                .cloned()
                .collect();
            let walk = walk(row, &mine, &facts, actor.id);
            let views = step_views(&mine, &walk);
            Some(Assigned {
                card: card(row, mine.len()),
                progress: walk.progress(terms, today()),
                next: walk.next.map(|index| views[index].clone()),
            })
        })
        .collect();
    assigned.sort_by(|a, b| {
        let key = |item: &Assigned| {
            (
                item.progress.standing == Standing::Completed,
                !item.progress.required,
                item.progress.due.clone().unwrap_or_else(|| "9999".into()),
                item.card.title.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(assigned)
}

/// The paths the caller looks after: every path for admins, the paths of their groups for
/// facilitators.
pub async fn list_paths(
    db: &impl ConnectionTrait,
    actor: Actor,
) -> Result<Vec<PathCard>, AppError> {
    let mut query = path::Entity::find().order_by_asc(path::Column::Title);
    if policy::manage_paths(actor).is_err() {
        let groups: Vec<i64> = facilitated(db, actor, None).await?.into_iter().collect();
        let mut ids: Vec<i64> = path_assignment::Entity::find()
            .select_only()
            .column(path_assignment::Column::PathId)
            .filter(path_assignment::Column::GroupId.is_in(groups.clone()))
            .into_tuple()
            .all(db)
            .await?;
        let by_step: Vec<i64> = path_step::Entity::find()
            .select_only()
            .column(path_step::Column::PathId)
            .filter(path_step::Column::Kind.eq(StepKind::Introduce))
            .filter(path_step::Column::GroupId.is_in(groups))
            .into_tuple()
            .all(db)
            .await?;
        ids.extend(by_step);
        query = query.filter(path::Column::Id.is_in(ids));
    }
    let rows = query.all(db).await?;
    let steps = steps_of(db, rows.iter().map(|row| row.id).collect()).await?;
    Ok(rows
        .iter()
        .map(|row| {
            card(
                row,
                steps.iter().filter(|step| step.path_id == row.id).count(),
            )
        })
        .collect())
}

/// Describes assignments in words, for the people who manage them.
async fn describe(
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

/// A path's page: its steps as the caller stands on them, and for admins its assignments.
pub async fn path_page(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<PathPage, AppError> {
    let placed = place(db, actor, id).await?;
    policy::see_path(actor, placed.policy)?;
    let facts = facts::load(db, &[actor.id], &placed.steps).await?;
    let walk = walk(&placed.row, &placed.steps, &facts, actor.id);
    let can_manage = policy::manage_paths(actor).is_ok();
    Ok(PathPage {
        card: card(&placed.row, placed.steps.len()),
        steps: step_views(&placed.steps, &walk),
        mine: placed.terms.map(|terms| walk.progress(terms, today())),
        can_manage,
        can_see_progress: policy::see_progress(actor, placed.policy).is_ok(),
        assignments: if can_manage {
            describe(db, &placed.assignments).await?
        } else {
            Vec::new()
        },
    })
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
    title: String,
}

async fn target(
    db: &impl ConnectionTrait,
    kind: StepKind,
    fields: &StepFields,
) -> Result<Target, AppError> {
    let mut target = Target {
        course: None,
        item: None,
        group: None,
        url: String::new(),
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
    let target = target(&txn, kind, fields).await?;
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
    active.insert(&txn).await?;
    txn.commit().await?;
    Ok(())
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

/// The learner marks a "read and acknowledge" or link step done, on a path assigned to them;
/// doing it again changes nothing.
pub async fn mark_step(db: &DatabaseConnection, actor: Actor, id: i64) -> Result<(), AppError> {
    let step = path_step::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let placed = place(db, actor, step.path_id).await?;
    policy::take_path(actor, placed.policy)?;
    if !step.kind.marked_by_hand() {
        return Err(AppError::invalid(
            "This step is done by doing it: it ticks itself once you have.",
        ));
    }
    if let Some(item) = step.library_item_id {
        let access = Access::load(db, actor).await?;
        visible_item(db, &access, item).await?;
    }
    if placed.row.linear {
        let facts = facts::load(db, &[actor.id], &placed.steps).await?;
        let walk = walk(&placed.row, &placed.steps, &facts, actor.id);
        let index = placed.steps.iter().position(|other| other.id == step.id);
        if index.is_some_and(|index| walk.locked[index]) {
            return Err(AppError::Conflict(
                "Finish the required steps before this one first.".into(),
            ));
        }
    }
    step_completion::Entity::insert(step_completion::ActiveModel {
        step_id: Set(step.id),
        user_id: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            step_completion::Column::UserId,
            step_completion::Column::StepId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The people a path reaches, with their terms, among those the caller may see progress of.
async fn assignees(
    db: &impl ConnectionTrait,
    actor: Actor,
    placed: &Placed,
) -> Result<Vec<(user::Model, Terms)>, AppError> {
    let linked = linked_groups(&placed.assignments, &placed.steps);
    let members: Vec<(i64, i64)> = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::UserId)
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::GroupId.is_in(linked.clone()))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .into_tuple()
        .all(db)
        .await?;
    let mut groups_of: HashMap<i64, HashSet<i64>> = HashMap::new();
    for (person, group) in &members {
        groups_of.entry(*person).or_default().insert(*group);
    }
    // Facilitators see their own groups' members; admins see everyone.
    let scope: Option<HashSet<i64>> = if policy::manage_paths(actor).is_ok() {
        None
    } else {
        let mine = facilitated(db, actor, Some(linked)).await?;
        Some(
            members
                .iter()
                .filter(|(_, group)| mine.contains(group))
                .map(|(person, _)| *person)
                .collect(),
        )
    };
    let mut people = user::Entity::find()
        .filter(user::Column::Status.ne(AccountStatus::Deactivated))
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id);
    if !placed
        .assignments
        .iter()
        .any(|assignment| assignment.audience == Audience::Rule)
    {
        let named: HashSet<i64> = placed
            .assignments
            .iter()
            .filter_map(|assignment| assignment.user_id)
            .chain(groups_of.keys().copied())
            .collect();
        people = people.filter(user::Column::Id.is_in(named));
    }
    let none = HashSet::new();
    Ok(people
        .all(db)
        .await?
        .into_iter()
        .filter(|person| {
            scope
                .as_ref()
                .is_none_or(|scope| scope.contains(&person.id))
        })
        .filter_map(|person| {
            let groups = groups_of.get(&person.id).unwrap_or(&none);
            let terms = terms(
                placed
                    .assignments
                    .iter()
                    .filter(|assignment| reaches(assignment, profile(&person), groups)),
                person.start_date,
            )?;
            Some((person, terms))
        })
        .collect())
}

fn behind(row: &ProgressRow) -> (u8, u32) {
    let rank = match row.progress.standing {
        Standing::Overdue => 0,
        Standing::NotStarted => 1,
        Standing::InProgress => 2,
        Standing::Completed => 3,
    };
    (rank, row.progress.percent)
}

/// A path's progress across the assignees the caller may see, filtered; `shown` caps the rows.
pub async fn progress(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
    filter: &ProgressFilter,
    shown: Option<usize>,
) -> Result<ProgressReport, AppError> {
    let placed = place(db, actor, id).await?;
    policy::see_progress(actor, placed.policy)?;
    let assignees = assignees(db, actor, &placed).await?;
    let ids: Vec<i64> = assignees.iter().map(|(person, _)| person.id).collect();
    let facts = facts::load(db, &ids, &placed.steps).await?;
    let mut departments: Vec<String> = assignees
        .iter()
        .map(|(person, _)| person.department.clone())
        .filter(|department| !department.is_empty())
        .collect();
    departments.sort_unstable();
    departments.dedup();
    let standing = Standing::parse(filter.standing.trim());
    let department = filter.department.trim().to_lowercase();
    let name = filter.name.trim().to_lowercase();
    let today = today();
    let mut rows: Vec<ProgressRow> = assignees
        .iter()
        .filter(|(person, _)| {
            department.is_empty() || person.department.to_lowercase() == department
        })
        .filter(|(person, _)| {
            name.is_empty()
                || person.name.to_lowercase().contains(&name)
                || person.email.contains(&name)
        })
        .map(|(person, terms)| {
            let walk = walk(&placed.row, &placed.steps, &facts, person.id);
            ProgressRow {
                person: PersonRef {
                    id: person.id,
                    name: person.name.clone(),
                    email: person.email.clone(),
                },
                department: person.department.clone(),
                location: person.location.clone(),
                progress: walk.progress(*terms, today),
                steps: walk.done,
            }
        })
        .filter(|row| standing.is_none_or(|standing| row.progress.standing == standing))
        .collect();
    rows.sort_by_key(behind);
    let standings = Standing::ALL
        .iter()
        .map(|standing| {
            rows.iter()
                .filter(|row| row.progress.standing == *standing)
                .count() as u32
        })
        .collect();
    let step_done = (0..placed.steps.len())
        .map(|index| rows.iter().filter(|row| row.steps[index]).count() as u32)
        .collect();
    let matching = rows.len() as u32;
    if let Some(shown) = shown {
        rows.truncate(shown);
    }
    Ok(ProgressReport {
        card: card(&placed.row, placed.steps.len()),
        steps: placed.steps.iter().map(|step| step.title.clone()).collect(),
        rows,
        matching,
        assignees: assignees.len() as u32,
        standings,
        step_done,
        departments,
    })
}

/// A CSV cell: quoted when needed, and never read as a formula by a spreadsheet.
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The whole progress report as CSV, a row per assignee and a column per step.
pub fn csv(report: &ProgressReport) -> String {
    let mut header: Vec<String> = [
        "Name",
        "Email",
        "Department",
        "Location",
        "Assignment",
        "Due",
        "Status",
        "Steps done",
        "Required steps",
        "Percent",
    ]
    .iter()
    .map(|title| title.to_string())
    .collect();
    header.extend(report.steps.iter().cloned());
    let mut out = header
        .iter()
        .map(|title| cell(title))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for row in &report.rows {
        let mut cells = vec![
            row.person.name.clone(),
            row.person.email.clone(),
            row.department.clone(),
            row.location.clone(),
            if row.progress.required {
                "Required"
            } else {
                "Recommended"
            }
            .to_string(),
            row.progress.due.clone().unwrap_or_default(),
            row.progress.standing.label().to_string(),
            row.progress.done.to_string(),
            row.progress.of.to_string(),
            row.progress.percent.to_string(),
        ];
        cells.extend(
            row.steps
                .iter()
                .map(|done| if *done { "Done" } else { "" }.to_string()),
        );
        out.push_str(
            &cells
                .iter()
                .map(|value| cell(value))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("Ada"), "Ada");
        assert_eq!(cell("Lovelace, Ada"), "\"Lovelace, Ada\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("-1"), "'-1");
    }
}
