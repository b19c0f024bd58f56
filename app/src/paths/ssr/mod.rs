//! Paths on the server: building and assigning them (admins), and reading where people stand from
//! stored facts (finished lessons, acknowledged items, posts, comments), never from counters.

mod badges;
mod building;
mod facts;
mod reminders;
mod report;
mod rules;

pub use badges::{award_all, award_earned, award_qualified, set_badge};
pub use building::{add_step, assign, create_path, move_step, remove_step, unassign};
pub use reminders::send_due as send_reminders;
pub use report::{csv, progress};

pub use rules::{Facts, Profile, Rule, Terms, Walk, due, reaches, terms};

use crate::{
    db::{badge, group_member, path, path_assignment, path_step, step_completion, user},
    error::AppError,
    groups::types::MemberStatus,
    library::ssr::{Access, visible_item},
    paths::types::*,
    policy::{self, Actor, InPath},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};
use std::collections::{HashMap, HashSet};

/// Steps in one path, at most.
pub const MAX_STEPS: u64 = 40;

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

pub fn profile(person: &user::Model) -> Profile<'_> {
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
async fn me(db: &impl ConnectionTrait, id: i64) -> Result<(user::Model, HashSet<i64>), AppError> {
    let person = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let groups = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(id))
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

/// The paths assigned to a person now, by id.
pub async fn paths_reaching(
    db: &impl ConnectionTrait,
    person: i64,
) -> Result<HashSet<i64>, AppError> {
    let (user, groups) = me(db, person).await?;
    Ok(reaching_me(db, &user, &groups)
        .await?
        .into_iter()
        .map(|assignment| assignment.path_id)
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
    let (person, groups) = me(db, actor.id).await?;
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
        StepKind::Attend => Some(
            step.session_id
                .map_or_else(|| "/sessions".into(), |id| format!("/sessions/{id}")),
        ),
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
    let (person, groups) = me(db, actor.id).await?;
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
                item.progress.due.is_none(),
                item.progress.due.clone(),
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

/// A path's page: its steps as the caller stands on them, and for admins its assignments.
pub async fn path_page(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<PathPage, AppError> {
    let placed = place(db, actor, id).await?;
    policy::see_path(actor, placed.policy)?;
    let facts = facts::load(db, &[actor.id], &placed.steps).await?;
    let mut walk = walk(&placed.row, &placed.steps, &facts, actor.id);
    if placed.terms.is_none() {
        // Someone looking after a path they do not take sees its steps, not a learner's locks.
        walk.locked.fill(false);
    }
    let can_manage = policy::manage_paths(actor).is_ok();
    Ok(PathPage {
        card: card(&placed.row, placed.steps.len()),
        steps: step_views(&placed.steps, &walk),
        mine: placed.terms.map(|terms| walk.progress(terms, today())),
        can_manage,
        can_see_progress: policy::see_progress(actor, placed.policy).is_ok(),
        assignments: if can_manage {
            building::describe(db, &placed.assignments).await?
        } else {
            Vec::new()
        },
        choices: if can_manage {
            building::choices(db).await?
        } else {
            Choices::default()
        },
        badge: match placed.row.badge_id {
            Some(badge) => badge::Entity::find_by_id(badge)
                .one(db)
                .await?
                .map(|row| Choice {
                    id: row.id,
                    label: row.name,
                }),
            None => None,
        },
    })
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
    crate::badges::ssr::earned_after(db, actor.id, crate::badges::ssr::Fact::Step).await;
    Ok(())
}
