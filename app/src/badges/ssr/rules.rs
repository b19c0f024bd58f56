//! Badges a rule awards by itself, worked out from stored facts: a course completed, accepted
//! answers, library items approved as their author, a first post in a cohort, helpful marks. A
//! rule is checked for a person when a fact of theirs happens, for everyone by the scheduler, and
//! on request; the award row per badge and person makes each go once however often it is checked.

use super::{award_earned_by, settled};
use crate::{
    badges::types::BadgeRule,
    db::{
        badge, comment, course, course_lesson, group, group_member, lesson_completion,
        library_category, library_feedback, library_item, post, user,
    },
    error::AppError,
    feed::types::PostStatus,
    groups::types::{GroupKind, MemberStatus, Privacy},
    library::types::{FeedbackKind, ItemStatus},
    people::types::AccountStatus,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    QueryFilter, QuerySelect, QueryTrait, Select,
    sea_query::{Expr, ExprTrait},
};
use std::collections::{HashMap, HashSet};

/// How many of what the rule counts a person needs: one course or first post, else the badge's
/// number (at least one).
pub fn needed(rule: BadgeRule, count: i32) -> i64 {
    if rule.counts() {
        i64::from(Ord::max(count, 1))
    } else {
        1
    }
}

/// What earns a badge by its rule, in words; `place` is the group its posts and answers count in
/// and `course` the course's title. None for a badge given only by hand.
pub fn describe(
    rule: BadgeRule,
    count: i32,
    place: Option<&str>,
    course: Option<&str>,
) -> Option<String> {
    let count = needed(rule, count);
    let plural = |one: &str, many: &str| {
        if count == 1 {
            format!("1 {one}")
        } else {
            format!("{count} {many}")
        }
    };
    Some(match rule {
        BadgeRule::Hand => return None,
        BadgeRule::Course => format!(
            "Completing the course “{}”",
            course.unwrap_or("(no longer here)")
        ),
        BadgeRule::Answers => {
            let answers = plural("accepted answer", "accepted answers");
            match place {
                Some(place) => format!("{answers} in {place}"),
                None => answers,
            }
        }
        BadgeRule::Items => plural(
            "library item approved, as its author",
            "library items approved, as their author",
        ),
        BadgeRule::CohortPost => match place {
            Some(place) => format!("A first post in {place}"),
            None => "A first post in a cohort group".into(),
        },
        BadgeRule::Helpful => plural(
            "helpful mark on their library items",
            "helpful marks on their library items",
        ),
    })
}

/// Whether someone whose lessons done in a course are `done` has completed it: every lesson of a
/// course that has some.
pub fn course_completed(lessons: &HashSet<i64>, done: &HashSet<i64>) -> bool {
    !lessons.is_empty() && lessons.is_subset(done)
}

/// Counts per person of `query`'s rows, grouped by `person` (a column of the query's tables).
async fn count_by(
    db: &impl ConnectionTrait,
    query: Select<impl EntityTrait>,
    person: impl ColumnTrait,
    people: Option<&[i64]>,
) -> Result<HashMap<i64, i64>, AppError> {
    let mut query = query
        .select_only()
        .column(person)
        .column_as(Expr::cust("COUNT(*)"), "count")
        .group_by(person);
    if let Some(people) = people {
        query = query.filter(person.is_in(people.iter().copied()));
    }
    Ok(query
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Where a badge's posts and answers count: in its group, for a group's badge; else in the
/// company feed and in groups that are not secret, since the company's badges are shown to
/// everyone and must not tell of what happens where only members look.
fn where_shown(place: Option<i64>) -> Condition {
    match place {
        Some(place) => Condition::all().add(post::Column::GroupId.eq(place)),
        None => Condition::any().add(post::Column::GroupId.is_null()).add(
            post::Column::GroupId.in_subquery(
                group::Entity::find()
                    .select_only()
                    .column(group::Column::Id)
                    .filter(group::Column::Privacy.ne(Privacy::Secret))
                    .into_query(),
            ),
        ),
    }
}

/// The library's shelves everyone reads: only their items count for badges everyone sees.
fn shelves_for_everyone() -> sea_orm::sea_query::SelectStatement {
    library_category::Entity::find()
        .select_only()
        .column(library_category::Column::Id)
        .filter(library_category::Column::Everyone.eq(true))
        .into_query()
}

/// For each of `people` (None: everyone) who has any, how many of what the badge's rule counts
/// they have; for the course rule, 1 for those who completed it.
async fn tally(
    db: &impl ConnectionTrait,
    row: &badge::Model,
    people: Option<&[i64]>,
) -> Result<HashMap<i64, i64>, AppError> {
    match row.rule {
        BadgeRule::Hand => Ok(HashMap::new()),
        BadgeRule::Course => {
            let Some(course) = row.rule_course_id else {
                return Ok(HashMap::new());
            };
            let lessons: HashSet<i64> = course_lesson::Entity::find()
                .select_only()
                .column(course_lesson::Column::Id)
                .filter(course_lesson::Column::CourseId.eq(course))
                .into_tuple()
                .all(db)
                .await?
                .into_iter()
                .collect();
            let mut query = lesson_completion::Entity::find()
                .select_only()
                .columns([
                    lesson_completion::Column::UserId,
                    lesson_completion::Column::LessonId,
                ])
                .filter(lesson_completion::Column::LessonId.is_in(lessons.iter().copied()));
            if let Some(people) = people {
                query = query.filter(lesson_completion::Column::UserId.is_in(people.to_vec()));
            }
            let mut done: HashMap<i64, HashSet<i64>> = HashMap::new();
            for (person, lesson) in query.into_tuple::<(i64, i64)>().all(db).await? {
                done.entry(person).or_default().insert(lesson);
            }
            Ok(done
                .into_iter()
                .filter(|(_, done)| course_completed(&lessons, done))
                .map(|(person, _)| (person, 1))
                .collect())
        }
        BadgeRule::Answers => {
            // Answers accepted on someone else's question, both still published.
            let mut query = comment::Entity::find()
                .join(
                    JoinType::InnerJoin,
                    comment::Entity::belongs_to(post::Entity)
                        .from(comment::Column::Id)
                        .to(post::Column::AcceptedCommentId)
                        .into(),
                )
                .filter(comment::Column::Status.eq(PostStatus::Published))
                .filter(post::Column::Status.eq(PostStatus::Published))
                .filter(
                    Expr::col((post::Entity, post::Column::AuthorId))
                        .ne(Expr::col((comment::Entity, comment::Column::AuthorId))),
                );
            query = query.filter(where_shown(row.group_id));
            count_by(db, query, comment::Column::AuthorId, people).await
        }
        BadgeRule::Items => {
            // Published, approved by an expert other than their author, on a shelf for everyone.
            let query = library_item::Entity::find()
                .filter(library_item::Column::Status.eq(ItemStatus::Published))
                .filter(library_item::Column::CategoryId.in_subquery(shelves_for_everyone()))
                .filter(library_item::Column::ReviewerId.is_not_null())
                .filter(
                    Expr::col(library_item::Column::ReviewerId)
                        .ne(Expr::col(library_item::Column::OwnerId)),
                );
            count_by(db, query, library_item::Column::OwnerId, people).await
        }
        BadgeRule::CohortPost => {
            let mut query = post::Entity::find()
                .filter(post::Column::Status.eq(PostStatus::Published))
                .filter(where_shown(row.group_id));
            if row.group_id.is_none() {
                query = query.filter(
                    post::Column::GroupId.in_subquery(
                        group::Entity::find()
                            .select_only()
                            .column(group::Column::Id)
                            .filter(group::Column::Kind.eq(GroupKind::Cohort))
                            .into_query(),
                    ),
                );
            }
            count_by(db, query, post::Column::AuthorId, people).await
        }
        BadgeRule::Helpful => {
            // Marks by others on their published items.
            let query = library_feedback::Entity::find()
                .join(
                    JoinType::InnerJoin,
                    library_feedback::Entity::belongs_to(library_item::Entity)
                        .from(library_feedback::Column::ItemId)
                        .to(library_item::Column::Id)
                        .into(),
                )
                .filter(library_feedback::Column::Kind.eq(FeedbackKind::Helpful))
                .filter(library_item::Column::Status.eq(ItemStatus::Published))
                .filter(library_item::Column::CategoryId.in_subquery(shelves_for_everyone()))
                .filter(
                    Expr::col((library_feedback::Entity, library_feedback::Column::UserId)).ne(
                        Expr::col((library_item::Entity, library_item::Column::OwnerId)),
                    ),
                );
            count_by(db, query, library_item::Column::OwnerId, people).await
        }
    }
}

/// Of `people`, those a badge may go to: active accounts and, for a group's badge, its active
/// members.
async fn eligible(
    db: &impl ConnectionTrait,
    row: &badge::Model,
    people: Vec<i64>,
) -> Result<Vec<i64>, AppError> {
    let mut found = Vec::new();
    for chunk in people.chunks(1_000) {
        let mut query = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::Id.is_in(chunk.to_vec()))
            .filter(user::Column::Status.eq(AccountStatus::Active));
        if let Some(place) = row.group_id {
            let members = group_member::Entity::find()
                .select_only()
                .column(group_member::Column::UserId)
                .filter(group_member::Column::GroupId.eq(place))
                .filter(group_member::Column::Status.eq(MemberStatus::Active))
                .into_query();
            query = query.filter(user::Column::Id.in_subquery(members));
        }
        found.extend(query.into_tuple::<i64>().all(db).await?);
    }
    Ok(found)
}

/// The words a rule's award carries as its note ("Earned by 3 accepted answers").
async fn note(db: &impl ConnectionTrait, row: &badge::Model) -> Result<String, AppError> {
    let place = match row.group_id {
        Some(id) => group::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|found| found.name),
        None => None,
    };
    let course = match row.rule_course_id {
        Some(id) => course::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|found| found.title),
        None => None,
    };
    Ok(describe(
        row.rule,
        row.rule_count,
        place.as_deref(),
        course.as_deref(),
    )
    .map(|rule| format!("Earned by: {rule}"))
    .unwrap_or_default())
}

/// Awards a rule's badge to those of `people` (None: everyone) who qualify and have no award of it
/// yet, held or revoked; answers how many were awarded now.
pub async fn award_qualified(
    db: &DatabaseConnection,
    row: &badge::Model,
    people: Option<&[i64]>,
) -> Result<usize, AppError> {
    let needed = needed(row.rule, row.rule_count);
    let qualified: Vec<i64> = tally(db, row, people)
        .await?
        .into_iter()
        .filter(|(_, count)| *count >= needed)
        .map(|(person, _)| person)
        .collect();
    if qualified.is_empty() {
        return Ok(0);
    }
    let settled = settled(db, [row.id], &qualified).await?;
    let open: Vec<i64> = qualified
        .into_iter()
        .filter(|person| !settled.contains(&(row.id, *person)))
        .collect();
    let open = eligible(db, row, open).await?;
    if open.is_empty() {
        return Ok(0);
    }
    let note = note(db, row).await?;
    let mut awarded = 0;
    for person in open {
        if award_earned_by(db, row.id, person, &note, None).await? {
            awarded += 1;
        }
    }
    Ok(awarded)
}

/// Every badge with this rule that `person` may hold (the company's, and their groups'), to them if
/// they now qualify; badges they hold or had revoked are settled and skipped before any fact is
/// read.
pub async fn award_earned(
    db: &DatabaseConnection,
    person: i64,
    rule: BadgeRule,
) -> Result<usize, AppError> {
    let groups = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(person))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .into_query();
    let rows = badge::Entity::find()
        .filter(badge::Column::Rule.eq(rule))
        .filter(
            Condition::any()
                .add(badge::Column::GroupId.is_null())
                .add(badge::Column::GroupId.in_subquery(groups)),
        )
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let settled = settled(db, rows.iter().map(|row| row.id), &[person]).await?;
    let mut awarded = 0;
    for row in rows {
        if !settled.contains(&(row.id, person)) {
            awarded += award_qualified(db, &row, Some(&[person])).await?;
        }
    }
    Ok(awarded)
}

/// Every rule's badge to everyone who qualifies, as the scheduler runs it.
pub async fn award_all(db: &DatabaseConnection) -> Result<usize, AppError> {
    let rows = badge::Entity::find()
        .filter(badge::Column::Rule.ne(BadgeRule::Hand))
        .all(db)
        .await?;
    let mut awarded = 0;
    for row in rows {
        // One badge's trouble never holds up the others.
        match award_qualified(db, &row, None).await {
            Ok(count) => awarded += count,
            Err(error) => {
                tracing::warn!(?error, badge = row.id, "rule badges could not be awarded")
            }
        }
    }
    Ok(awarded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_is_completed_when_every_lesson_is_done() {
        let lessons: HashSet<i64> = [1, 2, 3].into();
        assert!(!course_completed(&lessons, &[1, 2].into()));
        assert!(course_completed(&lessons, &[1, 2, 3].into()));
        assert!(course_completed(&lessons, &[3, 2, 1, 9].into()));
        assert!(!course_completed(&HashSet::new(), &[1].into()));
    }

    #[test]
    fn counting_rules_need_their_number_and_the_others_one() {
        assert_eq!(needed(BadgeRule::Answers, 3), 3);
        assert_eq!(needed(BadgeRule::Helpful, 0), 1);
        assert_eq!(needed(BadgeRule::Items, -2), 1);
        assert_eq!(needed(BadgeRule::Course, 5), 1);
        assert_eq!(needed(BadgeRule::CohortPost, 4), 1);
    }

    #[test]
    fn a_rule_says_what_earns_the_badge() {
        assert_eq!(describe(BadgeRule::Hand, 1, None, None), None);
        assert_eq!(
            describe(BadgeRule::Answers, 3, Some("Engineering Guild"), None).as_deref(),
            Some("3 accepted answers in Engineering Guild")
        );
        assert_eq!(
            describe(BadgeRule::Answers, 1, None, None).as_deref(),
            Some("1 accepted answer")
        );
        assert_eq!(
            describe(BadgeRule::Course, 1, None, Some("Secure coding")).as_deref(),
            Some("Completing the course “Secure coding”")
        );
        assert_eq!(
            describe(BadgeRule::CohortPost, 1, None, None).as_deref(),
            Some("A first post in a cohort group")
        );
        assert_eq!(
            describe(BadgeRule::Helpful, 10, None, None).as_deref(),
            Some("10 helpful marks on their library items")
        );
    }
}
