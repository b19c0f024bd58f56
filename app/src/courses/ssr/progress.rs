//! Reading courses: the list and a course's page, each with how far the caller has got.

use super::visible;
use crate::{
    courses::types::*,
    db::{course, course_lesson, lesson_completion, library_item, quiz_attempt, quiz_question},
    error::AppError,
    feed::markdown::render,
    library::{
        ssr::{media_url, review::expert_topics},
        types::ItemStatus,
    },
    moderation::ssr::{people_by_id, person_or_former},
    policy::{self, Actor},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// Lessons the person has completed, among `lessons`.
async fn completed(
    db: &impl ConnectionTrait,
    person: i64,
    lessons: Vec<i64>,
) -> Result<HashSet<i64>, AppError> {
    Ok(lesson_completion::Entity::find()
        .filter(lesson_completion::Column::UserId.eq(person))
        .filter(lesson_completion::Column::LessonId.is_in(lessons))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.lesson_id)
        .collect())
}

/// Published courses, the caller's own drafts, and courses waiting for the caller's review, with
/// how far the caller has got in each.
pub async fn list_courses(
    db: &impl ConnectionTrait,
    actor: Actor,
) -> Result<Vec<CourseCard>, AppError> {
    let topics = expert_topics(db, actor.id).await?;
    let rows = course::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(course::Column::Status.eq(ItemStatus::Published))
                .add(
                    sea_orm::Condition::all()
                        .add(course::Column::OwnerId.eq(actor.id))
                        .add(course::Column::Status.ne(ItemStatus::Archived)),
                )
                .add(
                    sea_orm::Condition::all()
                        .add(course::Column::Status.eq(ItemStatus::InReview))
                        .add(course::Column::Topic.is_in(topics)),
                ),
        )
        .order_by_desc(course::Column::UpdatedAt)
        .all(db)
        .await?;
    cards(db, actor, rows).await
}

async fn cards(
    db: &impl ConnectionTrait,
    actor: Actor,
    rows: Vec<course::Model>,
) -> Result<Vec<CourseCard>, AppError> {
    let lessons = course_lesson::Entity::find()
        .filter(course_lesson::Column::CourseId.is_in(rows.iter().map(|row| row.id)))
        .all(db)
        .await?;
    let done = completed(
        db,
        actor.id,
        lessons.iter().map(|lesson| lesson.id).collect(),
    )
    .await?;
    let owners = people_by_id(db, rows.iter().map(|row| row.owner_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mine = lessons.iter().filter(|lesson| lesson.course_id == row.id);
            CourseCard {
                id: row.id,
                lessons: mine.clone().count() as u32,
                done: mine.filter(|lesson| done.contains(&lesson.id)).count() as u32,
                owner: person_or_former(&owners, row.owner_id),
                title: row.title,
                summary: row.summary,
                topic: row.topic,
                status: row.status,
            }
        })
        .collect())
}

/// A course's page: its lessons as the caller may take them, and their progress.
pub async fn course_page(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<Course, AppError> {
    let (row, place) = visible(db, actor, id).await?;
    let lessons = course_lesson::Entity::find()
        .filter(course_lesson::Column::CourseId.eq(id))
        .order_by_asc(course_lesson::Column::Position)
        .order_by_asc(course_lesson::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = lessons.iter().map(|lesson| lesson.id).collect();
    let done = completed(db, actor.id, ids.clone()).await?;
    let questions = quiz_question::Entity::find()
        .filter(quiz_question::Column::LessonId.is_in(ids.clone()))
        .order_by_asc(quiz_question::Column::Position)
        .order_by_asc(quiz_question::Column::Id)
        .all(db)
        .await?;
    let mut best: HashMap<i64, i32> = HashMap::new();
    for attempt in quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(actor.id))
        .filter(quiz_attempt::Column::LessonId.is_in(ids))
        .filter(quiz_attempt::Column::Passed.eq(true))
        .all(db)
        .await?
    {
        let score = best.entry(attempt.lesson_id).or_insert(attempt.score);
        *score = (*score).max(attempt.score);
    }
    let reviewer = match row.reviewer_id {
        Some(id) => Some(person_or_former(&people_by_id(db, vec![id]).await?, id)),
        None => None,
    };
    let videos: HashMap<i64, i64> = library_item::Entity::find()
        .filter(
            library_item::Column::Id
                .is_in(lessons.iter().filter_map(|lesson| lesson.library_item_id)),
        )
        .all(db)
        .await?
        .into_iter()
        .filter_map(|item| Some((item.id, item.media_id?)))
        .collect();
    let next = lessons
        .iter()
        .find(|lesson| !done.contains(&lesson.id))
        .map(|lesson| lesson.id);
    let lessons = lessons
        .into_iter()
        .map(|lesson| Lesson {
            id: lesson.id,
            position: lesson.position,
            kind: lesson.kind,
            title: lesson.title,
            body_html: render(&lesson.body, &HashMap::new()),
            video_url: lesson
                .library_item_id
                .and_then(|item| videos.get(&item))
                .map(|media| media_url(*media)),
            pass_mark: lesson.pass_mark,
            questions: questions
                .iter()
                .filter(|question| question.lesson_id == lesson.id)
                .map(|question| Question {
                    id: question.id,
                    kind: question.kind,
                    prompt: question.prompt.clone(),
                    options: serde_json::from_str(&question.options).unwrap_or_default(),
                })
                .collect(),
            done: done.contains(&lesson.id),
            best_score: best.get(&lesson.id).copied(),
        })
        .collect();
    let card = cards(db, actor, vec![row.clone()]).await?.remove(0);
    Ok(Course {
        card,
        lessons,
        reviewer,
        review_note: row.review_note,
        next,
        can_edit: policy::keep_item(actor, place).is_ok() && row.status == ItemStatus::Draft,
        can_review: policy::review_item(actor, place).is_ok() && row.status == ItemStatus::InReview,
    })
}
