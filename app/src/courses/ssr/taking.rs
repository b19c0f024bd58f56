//! Taking a published course: finishing lessons and passing quizzes, graded here.

use super::{Key, grade, visible};
use crate::{
    auth::ssr::Limit,
    courses::types::*,
    db::{course_lesson, lesson_completion, quiz_attempt, quiz_question},
    error::AppError,
    library::types::ItemStatus,
    policy::Actor,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait, sea_query::OnConflict,
};

/// A lesson of a published course the caller may take.
async fn takeable(
    db: &impl ConnectionTrait,
    actor: Actor,
    lesson_id: i64,
) -> Result<course_lesson::Model, AppError> {
    let lesson = course_lesson::Entity::find_by_id(lesson_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (row, _) = visible(db, actor, lesson.course_id).await?;
    if row.status != ItemStatus::Published {
        return Err(AppError::Conflict(
            "Lessons count once the course is published.".into(),
        ));
    }
    Ok(lesson)
}

/// Records that the caller finished a reading or video lesson; doing it again changes nothing.
pub async fn complete_lesson(
    db: &DatabaseConnection,
    actor: Actor,
    lesson_id: i64,
) -> Result<(), AppError> {
    let lesson = takeable(db, actor, lesson_id).await?;
    if lesson.kind == LessonKind::Quiz {
        return Err(AppError::invalid("A quiz is done when you pass it."));
    }
    record_completion(db, actor.id, lesson.id).await?;
    crate::badges::ssr::earned_after(db, actor.id, crate::badges::ssr::Fact::Lesson).await;
    Ok(())
}

async fn record_completion(
    db: &impl ConnectionTrait,
    person: i64,
    lesson: i64,
) -> Result<(), AppError> {
    // Two tabs finishing at once: the unique index keeps one row, and neither fails.
    lesson_completion::Entity::insert(lesson_completion::ActiveModel {
        lesson_id: Set(lesson),
        user_id: Set(person),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            lesson_completion::Column::UserId,
            lesson_completion::Column::LessonId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Grades a quiz on the server. `answers` is a JSON array, per question, of chosen option numbers
/// (from 0); `token` comes with the form, so the same form sent twice is one attempt.
pub async fn submit_quiz(
    db: &DatabaseConnection,
    actor: Actor,
    lesson_id: i64,
    answers: &str,
    token: &str,
) -> Result<QuizResult, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::invalid(
            "This quiz form is out of date. Reload the page.",
        ));
    }
    let chosen: Vec<Vec<usize>> = serde_json::from_str(answers).map_err(|_| {
        AppError::invalid("Those answers could not be read. Reload the page and try again.")
    })?;
    let lesson = takeable(db, actor, lesson_id).await?;
    if lesson.kind != LessonKind::Quiz {
        return Err(AppError::invalid("That lesson has no quiz."));
    }
    let questions = quiz_question::Entity::find()
        .filter(quiz_question::Column::LessonId.eq(lesson.id))
        .order_by_asc(quiz_question::Column::Position)
        .order_by_asc(quiz_question::Column::Id)
        .all(db)
        .await?;
    if questions.is_empty() {
        return Err(AppError::Conflict("This quiz has no questions yet.".into()));
    }
    if chosen.len() != questions.len() {
        return Err(AppError::invalid(
            "Answer every question, then send the quiz.",
        ));
    }
    for (question, picked) in questions.iter().zip(&chosen) {
        let options = serde_json::from_str::<Vec<String>>(&question.options)
            .map(|options| options.len())
            .unwrap_or(0);
        let mut distinct = picked.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != picked.len() || picked.iter().any(|option| *option >= options) {
            return Err(AppError::invalid(
                "Those answers don't fit the questions. Reload the page and try again.",
            ));
        }
    }
    let keys: Vec<Key> = questions
        .iter()
        .map(|question| Key {
            kind: question.kind,
            correct: serde_json::from_str(&question.correct).unwrap_or_default(),
        })
        .collect();
    let txn = db.begin().await?;
    let retry = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(actor.id))
        .filter(quiz_attempt::Column::LessonId.eq(lesson.id))
        .filter(quiz_attempt::Column::Token.eq(token))
        .one(&txn)
        .await?
        .is_some();
    if !retry {
        wait_between_failures(&txn, actor.id, lesson.id).await?;
    }
    let (score, _) = grade(&keys, &chosen);
    // The same form sent twice (a double click, a retry) is one attempt: the first one stands.
    quiz_attempt::Entity::insert(quiz_attempt::ActiveModel {
        lesson_id: Set(lesson.id),
        user_id: Set(actor.id),
        token: Set(token.to_string()),
        answers: Set(serde_json::to_string(&chosen).map_err(|_| AppError::Internal)?),
        score: Set(score),
        passed: Set(score >= lesson.pass_mark),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            quiz_attempt::Column::UserId,
            quiz_attempt::Column::LessonId,
            quiz_attempt::Column::Token,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let attempt = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(actor.id))
        .filter(quiz_attempt::Column::LessonId.eq(lesson.id))
        .filter(quiz_attempt::Column::Token.eq(token))
        .one(&txn)
        .await?
        .ok_or(AppError::Internal)?;
    let recorded: Vec<Vec<usize>> = serde_json::from_str(&attempt.answers).unwrap_or_default();
    let (score, right) = grade(&keys, &recorded);
    if attempt.passed {
        record_completion(&txn, actor.id, lesson.id).await?;
    }
    txn.commit().await?;
    if attempt.passed {
        crate::badges::ssr::earned_after(db, actor.id, crate::badges::ssr::Fact::Lesson).await;
    }
    // The score and which answers were right are told once the quiz is passed, so failing
    // attempts cannot be used to find the answers one question at a time.
    Ok(QuizResult {
        score: attempt.passed.then_some(score),
        passed: attempt.passed,
        pass_mark: lesson.pass_mark,
        right: if attempt.passed { right } else { Vec::new() },
    })
}

/// Failed attempts at one quiz allowed before the learner waits, a minute at first and twice as
/// long after each further failure: enough to learn by trying, too slow to try every combination.
const QUIZ_RETRIES: Limit = Limit {
    scope: "quiz",
    free: 5,
    first_wait: Duration::minutes(1),
    longest_wait: Duration::minutes(15),
};

/// Refuses with `RateLimited` while the learner must wait before trying this quiz again.
async fn wait_between_failures(
    db: &impl ConnectionTrait,
    person: i64,
    lesson: i64,
) -> Result<(), AppError> {
    let failures = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(person))
        .filter(quiz_attempt::Column::LessonId.eq(lesson))
        .filter(quiz_attempt::Column::Passed.eq(false));
    QUIZ_RETRIES
        .check(
            db,
            failures,
            quiz_attempt::Column::Id,
            quiz_attempt::Column::CreatedAt,
        )
        .await
}
