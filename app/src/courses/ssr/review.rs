//! Courses through the expert review the library's items go through: sending a draft, and an
//! expert publishing it or sending it back.

use super::{draft, visible};
use crate::{
    courses::types::*,
    db::{course, course_lesson, quiz_question},
    error::AppError,
    library::{ssr::review, types::ItemStatus},
    notify::{self, ssr::Tell, types::NoticeKind},
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, TransactionTrait,
};

/// Sends a complete draft course to the experts of its topic.
pub async fn submit_course(db: &DatabaseConnection, actor: Actor, id: i64) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let row = draft(&txn, actor, id).await?;
    if row.topic.is_empty() {
        return Err(review::not_ready("Choose a topic"));
    }
    let lessons = course_lesson::Entity::find()
        .filter(course_lesson::Column::CourseId.eq(id))
        .all(&txn)
        .await?;
    if lessons.is_empty() {
        return Err(review::not_ready("Add a lesson"));
    }
    for lesson in lessons
        .iter()
        .filter(|lesson| lesson.kind == LessonKind::Quiz)
    {
        let questions = quiz_question::Entity::find()
            .filter(quiz_question::Column::LessonId.eq(lesson.id))
            .count(&txn)
            .await?;
        if questions == 0 {
            return Err(AppError::invalid(format!(
                "The quiz \"{}\" has no questions yet.",
                lesson.title
            )));
        }
    }
    review::another_expert(&txn, &row.topic, row.owner_id).await?;
    let reviewers = review::reviewers(&txn, &row.topic, row.owner_id).await?;
    let mut active: course::ActiveModel = row.into();
    active.status = Set(ItemStatus::InReview);
    active.updated_at = Set(Utc::now());
    let row = active.update(&txn).await?;
    notify::ssr::tell_each(
        &txn,
        reviewers,
        Tell::new(NoticeKind::ReviewRequested, row.owner_id)
            .by(actor.id)
            .course(row.id),
    )
    .await?;
    notify::ssr::commit(txn).await
}

/// An expert approves a course in review (publishing it) or sends it back to its owner.
pub async fn review_course(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    approve: bool,
    comment: &str,
) -> Result<(), AppError> {
    let comment = review::comment(comment)?;
    review::require_note(!approve, &comment)?;
    let txn = db.begin().await?;
    let (row, place) = visible(&txn, actor, id).await?;
    policy::review_item(actor, place)?;
    if row.status != ItemStatus::InReview {
        return Err(AppError::Conflict(
            "This course is not waiting for review.".into(),
        ));
    }
    let now = Utc::now();
    let mut active: course::ActiveModel = row.clone().into();
    active.reviewer_id = Set(Some(actor.id));
    active.review_note = Set(comment.clone());
    active.updated_at = Set(now);
    if approve {
        active.status = Set(ItemStatus::Published);
        active.published_at = Set(Some(now));
    } else {
        active.status = Set(ItemStatus::Draft);
    }
    // Only while it still waits: two experts at once get one decision and a clear conflict.
    let decided = course::Entity::update_many()
        .set(active)
        .filter(course::Column::Id.eq(row.id))
        .filter(course::Column::Status.eq(ItemStatus::InReview))
        .exec(&txn)
        .await?;
    if decided.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Another expert decided on this course just now. Reload to see it.".into(),
        ));
    }
    let told = if approve {
        NoticeKind::ReviewApproved
    } else {
        NoticeKind::ReviewSentBack
    };
    notify::ssr::tell(
        &txn,
        Tell::new(told, row.owner_id)
            .by(actor.id)
            .course(row.id)
            .reason(&comment),
    )
    .await?;
    notify::ssr::commit(txn).await
}
