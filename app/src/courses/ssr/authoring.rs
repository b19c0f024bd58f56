//! Writing a course: the draft, its lessons and its quizzes' questions.

use super::draft;
use crate::{
    courses::types::*,
    db::{course, course_lesson, library_item, quiz_question},
    error::AppError,
    library::types::{ItemKind, ItemStatus},
    people::validate,
    policy::Actor,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, TransactionTrait,
};

/// Lessons in one course, at most.
pub const MAX_LESSONS: u64 = 50;
/// Questions in one quiz, at most.
pub const MAX_QUESTIONS: u64 = 30;

fn checked_course(fields: &CourseFields) -> Result<(String, String, String), AppError> {
    let title = validate::line("Title", &fields.title, 160)?;
    if title.is_empty() {
        return Err(AppError::invalid("Give the course a title."));
    }
    let summary = validate::paragraph("Summary", &fields.summary, 500)?;
    let topic = validate::tags("Topic", &fields.topic)?;
    if topic.len() > 1 {
        return Err(AppError::invalid("Topic: choose one."));
    }
    Ok((title, summary, topic.into_iter().next().unwrap_or_default()))
}

/// Starts a draft course; anyone may write one, and an expert of its topic publishes it.
pub async fn create_course(
    db: &DatabaseConnection,
    actor: Actor,
    fields: &CourseFields,
) -> Result<i64, AppError> {
    let (title, summary, topic) = checked_course(fields)?;
    let now = Utc::now();
    Ok(course::ActiveModel {
        title: Set(title),
        summary: Set(summary),
        topic: Set(topic),
        status: Set(ItemStatus::Draft),
        owner_id: Set(actor.id),
        reviewer_id: Set(None),
        review_note: Set(String::new()),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// Adds a lesson at the end of a draft course.
pub async fn add_lesson(
    db: &DatabaseConnection,
    actor: Actor,
    course_id: i64,
    fields: &LessonFields,
) -> Result<i64, AppError> {
    let kind = LessonKind::parse(fields.kind.trim())
        .ok_or_else(|| AppError::invalid("Choose what kind of lesson it is."))?;
    let title = validate::line("Title", &fields.title, 160)?;
    if title.is_empty() {
        return Err(AppError::invalid("Give the lesson a title."));
    }
    let body = validate::paragraph("Text", &fields.body, crate::library::ssr::MAX_ARTICLE)?;
    if kind == LessonKind::Text && body.is_empty() {
        return Err(AppError::invalid("Write the lesson's text."));
    }
    let pass_mark = match fields.pass_mark.trim() {
        "" => 80,
        raw => raw
            .parse::<i32>()
            .ok()
            .filter(|mark| (1..=100).contains(mark))
            .ok_or_else(|| AppError::invalid("Pass mark: a percentage from 1 to 100."))?,
    };
    let txn = db.begin().await?;
    let row = draft(&txn, actor, course_id).await?;
    let video = match kind {
        LessonKind::Video => {
            let id: i64 =
                fields.video.trim().parse().map_err(|_| {
                    AppError::invalid("Choose the library video this lesson plays.")
                })?;
            let item = library_item::Entity::find_by_id(id)
                .filter(library_item::Column::Kind.eq(ItemKind::Video))
                .filter(library_item::Column::Status.eq(ItemStatus::Published))
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::invalid("That is not a published library video."))?;
            Some(item.id)
        }
        _ => None,
    };
    let count = course_lesson::Entity::find()
        .filter(course_lesson::Column::CourseId.eq(row.id))
        .count(&txn)
        .await?;
    if count >= MAX_LESSONS {
        return Err(AppError::invalid(format!(
            "A course has at most {MAX_LESSONS} lessons: keep it micro."
        )));
    }
    let lesson = course_lesson::ActiveModel {
        course_id: Set(row.id),
        position: Set(count as i32 + 1),
        kind: Set(kind),
        title: Set(title),
        body: Set(body),
        library_item_id: Set(video),
        pass_mark: Set(pass_mark),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(lesson.id)
}

/// Adds a question to a quiz lesson of a draft course.
pub async fn add_question(
    db: &DatabaseConnection,
    actor: Actor,
    lesson_id: i64,
    fields: &QuestionFields,
) -> Result<(), AppError> {
    let kind = QuestionKind::parse(fields.kind.trim())
        .ok_or_else(|| AppError::invalid("Choose how the question is answered."))?;
    let prompt = validate::paragraph("Question", &fields.prompt, 1_000)?;
    if prompt.is_empty() {
        return Err(AppError::invalid("Write the question."));
    }
    let options: Vec<String> = match kind {
        QuestionKind::TrueFalse => vec!["True".into(), "False".into()],
        _ => fields
            .options
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| validate::line("Option", line, 300))
            .collect::<Result<_, _>>()?,
    };
    if !(2..=8).contains(&options.len()) {
        return Err(AppError::invalid("Give from 2 to 8 options, one per line."));
    }
    let mut correct = Vec::new();
    for part in fields
        .correct
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let number: usize = part
            .parse()
            .ok()
            .filter(|number| (1..=options.len()).contains(number))
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "Right answers: numbers from 1 to {}, separated by commas.",
                    options.len()
                ))
            })?;
        if !correct.contains(&(number - 1)) {
            correct.push(number - 1);
        }
    }
    let fits = match kind {
        QuestionKind::Single | QuestionKind::TrueFalse => correct.len() == 1,
        QuestionKind::Multiple => !correct.is_empty(),
    };
    if !fits {
        return Err(AppError::invalid(match kind {
            QuestionKind::Multiple => "Say which options are right.",
            _ => "Say which one option is right.",
        }));
    }
    let txn = db.begin().await?;
    let lesson = course_lesson::Entity::find_by_id(lesson_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    draft(&txn, actor, lesson.course_id).await?;
    if lesson.kind != LessonKind::Quiz {
        return Err(AppError::invalid("Questions go in quiz lessons."));
    }
    let count = quiz_question::Entity::find()
        .filter(quiz_question::Column::LessonId.eq(lesson.id))
        .count(&txn)
        .await?;
    if count >= MAX_QUESTIONS {
        return Err(AppError::invalid(format!(
            "A quiz has at most {MAX_QUESTIONS} questions."
        )));
    }
    quiz_question::ActiveModel {
        lesson_id: Set(lesson.id),
        position: Set(count as i32 + 1),
        kind: Set(kind),
        prompt: Set(prompt),
        options: Set(serde_json::to_string(&options).map_err(|_| AppError::Internal)?),
        correct: Set(serde_json::to_string(&correct).map_err(|_| AppError::Internal)?),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}
