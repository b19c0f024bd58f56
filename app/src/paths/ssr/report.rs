//! A path's progress across its assignees: the table, its totals and the CSV.

use super::{
    Placed, Terms, card, facilitated, facts, linked_groups, place, profile, reaches, terms, today,
    walk,
};
use crate::{
    db::{group_member, path_assignment, path_step, user},
    error::AppError,
    groups::types::MemberStatus,
    paths::types::*,
    people::types::{AccountStatus, PersonRef},
    policy::{self, Actor},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// Everyone a path's assignments reach, with their terms, and the linked groups each is an active
/// member of.
pub(super) async fn reached(
    db: &impl ConnectionTrait,
    assignments: &[path_assignment::Model],
    steps: &[path_step::Model],
) -> Result<(Vec<(user::Model, Terms)>, HashMap<i64, HashSet<i64>>), AppError> {
    let members: Vec<(i64, i64)> = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::UserId)
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::GroupId.is_in(linked_groups(assignments, steps)))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .into_tuple()
        .all(db)
        .await?;
    let mut groups_of: HashMap<i64, HashSet<i64>> = HashMap::new();
    for (person, group) in members {
        groups_of.entry(person).or_default().insert(group);
    }
    let mut people = user::Entity::find()
        .filter(user::Column::Status.ne(AccountStatus::Deactivated))
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id);
    if !assignments
        .iter()
        .any(|assignment| assignment.audience == Audience::Rule)
    {
        let named: HashSet<i64> = assignments
            .iter()
            .filter_map(|assignment| assignment.user_id)
            .chain(groups_of.keys().copied())
            .collect();
        people = people.filter(user::Column::Id.is_in(named));
    }
    let none = HashSet::new();
    let reached = people
        .all(db)
        .await?
        .into_iter()
        .filter_map(|person| {
            let groups = groups_of.get(&person.id).unwrap_or(&none);
            let terms = terms(
                assignments
                    .iter()
                    .filter(|assignment| reaches(assignment, profile(&person), groups)),
                person.start_date,
            )?;
            Some((person, terms))
        })
        .collect();
    Ok((reached, groups_of))
}

/// The people a path reaches, with their terms, among those the caller may see progress of:
/// facilitators see their own groups' members; admins see everyone.
async fn assignees(
    db: &impl ConnectionTrait,
    actor: Actor,
    placed: &Placed,
) -> Result<Vec<(user::Model, Terms)>, AppError> {
    let (reached, groups_of) = reached(db, &placed.assignments, &placed.steps).await?;
    if policy::manage_paths(actor).is_ok() {
        return Ok(reached);
    }
    let mine = facilitated(
        db,
        actor,
        Some(linked_groups(&placed.assignments, &placed.steps)),
    )
    .await?;
    Ok(reached
        .into_iter()
        .filter(|(person, _)| {
            groups_of
                .get(&person.id)
                .is_some_and(|groups| !groups.is_disjoint(&mine))
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
