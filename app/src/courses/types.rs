//! Types about micro-learning courses that cross the wire. Correct answers never do.

use crate::{library::types::ItemStatus, people::types::PersonRef};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// What a lesson is.
    pub enum LessonKind {
        /// Text to read, in Markdown.
        Text = "text" => "Reading",
        /// A video from the library.
        Video = "video" => "Video",
        /// Questions graded on the server.
        Quiz = "quiz" => "Quiz",
    }
}

db_enum! {
    /// How a quiz question is answered.
    pub enum QuestionKind {
        /// Exactly one option is right.
        Single = "single" => "One answer",
        /// Every right option, and no other, must be chosen.
        Multiple = "multiple" => "Several answers",
        TrueFalse = "true_false" => "True or false",
    }
}

/// A course in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseCard {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub status: ItemStatus,
    pub owner: PersonRef,
    pub lessons: u32,
    /// Lessons the caller has completed.
    pub done: u32,
}

/// A question as a learner sees it: the options, never which are right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
}

/// A lesson as a learner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub id: i64,
    pub position: i32,
    pub kind: LessonKind,
    pub title: String,
    /// Sanitized HTML of the text, or of the notes beside a video.
    pub body_html: String,
    /// Where the video plays from.
    pub video_url: Option<String>,
    /// The share of right answers a quiz needs, in percent.
    pub pass_mark: i32,
    pub questions: Vec<Question>,
    pub done: bool,
    /// The caller's best passing quiz score, in percent; failed attempts are never scored aloud.
    pub best_score: Option<i32>,
}

/// A course's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub card: CourseCard,
    pub lessons: Vec<Lesson>,
    pub reviewer: Option<PersonRef>,
    /// What the expert said when they last decided.
    pub review_note: String,
    /// The first lesson not done yet, where "Resume" goes.
    pub next: Option<i64>,
    pub can_edit: bool,
    pub can_review: bool,
}

/// What an author fills in for a course.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CourseFields {
    pub title: String,
    pub summary: String,
    pub topic: String,
}

/// What an author fills in for a lesson.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonFields {
    pub kind: String,
    pub title: String,
    pub body: String,
    /// For a video lesson: the library video's id.
    pub video: String,
    /// For a quiz: the pass mark in percent (default 80).
    pub pass_mark: String,
}

/// What an author fills in for a question: one option per line, and the right ones' numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionFields {
    pub kind: String,
    pub prompt: String,
    pub options: String,
    /// Comma-separated numbers of the right options, counting from 1.
    pub correct: String,
}

/// How a quiz went. A failed attempt says only that it failed: a score or a verdict per question
/// would let a learner find the answers by changing one at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizResult {
    /// The share of right answers in percent, told once the quiz is passed.
    pub score: Option<i32>,
    pub passed: bool,
    pub pass_mark: i32,
    /// Whether each question, in order, was answered right.
    pub right: Vec<bool>,
}
