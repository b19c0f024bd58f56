//! The directory: filtered, keyset-paginated lists of people.

use super::summary;
use crate::{
    db::{user, user_tag},
    error::AppError,
    people::types::{AccountStatus, Facets, PeoplePage, PersonSummary, TagKind},
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, LikeExpr, Query, SelectStatement},
};

/// People per directory page.
pub const PAGE_SIZE: u64 = 24;

/// What the directory is asked for.
#[derive(Debug, Default)]
pub struct DirectoryFilter {
    pub text: String,
    pub department: String,
    pub location: String,
    pub skill: String,
    /// Everyone, whatever their status (admins only); otherwise active people.
    pub every_status: bool,
}

fn cursor(user: &user::Model) -> String {
    format!("{}\u{1f}{}", user.name, user.id)
}

fn parse_cursor(raw: &str) -> Result<(String, i64), AppError> {
    raw.rsplit_once('\u{1f}')
        .and_then(|(name, id)| Some((name.to_string(), id.parse().ok()?)))
        .ok_or_else(|| AppError::invalid("That page link is broken. Start from the first page."))
}

/// A LIKE pattern: `part` with its wildcards taken literally, between `before` and `after`.
pub fn like(before: &str, part: &str, after: &str) -> LikeExpr {
    let escaped = part
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("{before}{escaped}{after}")).escape('\\')
}

/// A LIKE pattern matching text that contains `part`.
pub fn containing(part: &str) -> LikeExpr {
    like("%", part, "%")
}

/// The people who have a tag matching `condition`.
fn tagged(condition: Condition) -> SelectStatement {
    Query::select()
        .column(user_tag::Column::UserId)
        .from(user_tag::Entity)
        .cond_where(condition)
        .to_owned()
}

fn active_people() -> SelectStatement {
    Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::Status.eq(AccountStatus::Active))
        .to_owned()
}

/// One page of people ordered by name, after the cursor of the previous page.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &DirectoryFilter,
    after: Option<&str>,
) -> Result<PeoplePage, AppError> {
    let mut query = user::Entity::find();
    if !filter.every_status {
        query = query.filter(user::Column::Status.eq(AccountStatus::Active));
    }
    let text = filter.text.trim().to_lowercase();
    if !text.is_empty() {
        let pattern = containing(&text);
        // Both sides are lower-cased in Rust: the search column when saved, tags when validated.
        query = query.filter(
            Condition::any()
                .add(Expr::col(user::Column::Search).like(pattern.clone()))
                .add(user::Column::Id.in_subquery(tagged(
                    Condition::all().add(Expr::col(user_tag::Column::Tag).like(pattern)),
                ))),
        );
    }
    if !filter.department.is_empty() {
        query = query.filter(user::Column::Department.eq(&filter.department));
    }
    if !filter.location.is_empty() {
        query = query.filter(user::Column::Location.eq(&filter.location));
    }
    if !filter.skill.is_empty() {
        query = query.filter(
            user::Column::Id.in_subquery(tagged(
                Condition::all()
                    .add(user_tag::Column::Kind.eq(TagKind::Skill))
                    .add(user_tag::Column::Tag.eq(filter.skill.to_lowercase())),
            )),
        );
    }
    if let Some(after) = after.filter(|a| !a.is_empty()) {
        let (name, id) = parse_cursor(after)?;
        query = query.filter(
            Condition::any()
                .add(user::Column::Name.gt(name.clone()))
                .add(user::Column::Name.eq(name).and(user::Column::Id.gt(id))),
        );
    }
    let mut rows = query
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let next = if rows.len() as u64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(cursor)
    } else {
        None
    };
    Ok(PeoplePage {
        people: rows.iter().map(summary).collect(),
        next,
    })
}

/// The departments, locations and skills of active people.
pub async fn facets(db: &impl ConnectionTrait) -> Result<Facets, AppError> {
    let distinct = |column: user::Column| {
        user::Entity::find()
            .select_only()
            .column(column)
            .distinct()
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .filter(column.ne(""))
            .order_by_asc(column)
            .into_tuple::<String>()
            .all(db)
    };
    let skills = user_tag::Entity::find()
        .select_only()
        .column(user_tag::Column::Tag)
        .distinct()
        .filter(user_tag::Column::Kind.eq(TagKind::Skill))
        .filter(user_tag::Column::UserId.in_subquery(active_people()))
        .order_by_asc(user_tag::Column::Tag)
        .into_tuple::<String>()
        .all(db);
    Ok(Facets {
        departments: distinct(user::Column::Department).await?,
        locations: distinct(user::Column::Location).await?,
        skills: skills.await?,
    })
}

/// The people who joined most recently.
pub async fn newest(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<PersonSummary>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .order_by_desc(user::Column::CreatedAt)
        .order_by_desc(user::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .iter()
        .map(summary)
        .collect())
}
