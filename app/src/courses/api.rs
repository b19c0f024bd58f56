//! Server functions for micro-learning courses.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Published courses and the caller's own drafts, with the caller's progress.
#[server(endpoint = "list_courses")]
pub async fn list_courses() -> Result<Vec<CourseCard>, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::list_courses(caller.db(), caller.actor()).await
}

/// A course with its lessons and the caller's progress; correct answers are never included.
#[server(endpoint = "get_course")]
pub async fn get_course(id: i64) -> Result<Course, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::course_page(caller.db(), caller.actor(), id).await
}

/// Starts a draft course, then opens it.
#[server(endpoint = "create_course")]
pub async fn create_course(course: CourseFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let id = super::ssr::create_course(caller.db(), caller.actor(), &course).await?;
    leptos_axum::redirect(&format!("/courses/{id}"));
    Ok(id)
}

/// Adds a lesson to a draft course.
#[server(endpoint = "add_lesson")]
pub async fn add_lesson(course: i64, lesson: LessonFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::add_lesson(caller.db(), caller.actor(), course, &lesson).await
}

/// Adds a question to a quiz lesson of a draft course.
#[server(endpoint = "add_question")]
pub async fn add_question(lesson: i64, question: QuestionFields) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::add_question(caller.db(), caller.actor(), lesson, &question).await
}

/// Sends a draft course to the experts of its topic.
#[server(endpoint = "submit_course")]
pub async fn submit_course(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::submit_course(caller.db(), caller.actor(), id).await
}

/// An expert publishes a course in review, or sends it back with a comment.
#[server(endpoint = "review_course")]
pub async fn review_course(id: i64, approve: bool, comment: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::review_course(caller.db(), caller.actor(), id, approve, &comment).await
}

/// Marks a reading or video lesson as done.
#[server(endpoint = "complete_lesson")]
pub async fn complete_lesson(lesson: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::complete_lesson(caller.db(), caller.actor(), lesson).await
}

/// Grades a quiz: `answers` is a JSON array, per question, of the chosen options' numbers.
#[server(endpoint = "submit_quiz")]
pub async fn submit_quiz(
    lesson: i64,
    answers: String,
    token: String,
) -> Result<QuizResult, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::submit_quiz(caller.db(), caller.actor(), lesson, &answers, &token).await
}
