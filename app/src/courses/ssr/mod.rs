//! Courses on the server: writing them, the expert review that publishes them, and learners'
//! progress through their lessons, with quizzes graded here.

mod grading;

pub use grading::{Key, grade};

use crate::{
    auth::ssr::Limit,
    courses::types::*,
    db::{
        course, course_lesson, lesson_completion, library_item, quiz_attempt, quiz_question,
        user_tag,
    },
    error::AppError,
    feed::markdown::render,
    library::{
        ssr::media_url,
        types::{ItemKind, ItemStatus},
    },
    moderation::ssr::{people_by_id, person_or_former},
    people::{types::TagKind, validate},
    policy::{self, Actor, InCategory, InItem},
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::OnConflict,
};
use std::collections::{HashMap, HashSet};

/// Lessons in one course, at most.
pub const MAX_LESSONS: u64 = 50;
/// Questions in one quiz, at most.
pub const MAX_QUESTIONS: u64 = 30;

/// What the policy knows about a course: it follows the library's rules, in a category everyone
/// reads and nobody edits but the course's owner.
async fn place(
    db: &impl ConnectionTrait,
    actor: Actor,
    row: &course::Model,
) -> Result<InItem, AppError> {
    let expert = user_tag::Entity::find()
        .filter(user_tag::Column::UserId.eq(actor.id))
        .filter(user_tag::Column::Kind.eq(TagKind::Expert))
        .filter(user_tag::Column::Tag.eq(&row.topic))
        .count(db)
        .await?
        > 0;
    Ok(InItem {
        category: InCategory {
            audience: true,
            editor: false,
        },
        status: row.status,
        owner: row.owner_id == actor.id,
        expert,
    })
}

/// A course the caller may see, with what the policy knows about it.
async fn visible(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<(course::Model, InItem), AppError> {
    let row = course::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = place(db, actor, &row).await?;
    policy::see_item(actor, place)?;
    Ok((row, place))
}

/// A course its owner (or an admin) may change: drafts only, so what an expert approved stays as
/// approved.
async fn draft(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<course::Model, AppError> {
    let (row, place) = visible(db, actor, id).await?;
    policy::keep_item(actor, place)?;
    if row.status != ItemStatus::Draft {
        return Err(AppError::Conflict(
            "Only drafts change. This course is past that.".into(),
        ));
    }
    Ok(row)
}

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

/// Sends a complete draft course to the experts of its topic.
pub async fn submit_course(db: &DatabaseConnection, actor: Actor, id: i64) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let row = draft(&txn, actor, id).await?;
    if row.topic.is_empty() {
        return Err(AppError::invalid(
            "Choose a topic before you send it for review.",
        ));
    }
    let lessons = course_lesson::Entity::find()
        .filter(course_lesson::Column::CourseId.eq(id))
        .all(&txn)
        .await?;
    if lessons.is_empty() {
        return Err(AppError::invalid(
            "Add a lesson before you send it for review.",
        ));
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
    let others = user_tag::Entity::find()
        .filter(user_tag::Column::Kind.eq(TagKind::Expert))
        .filter(user_tag::Column::Tag.eq(&row.topic))
        .filter(user_tag::Column::UserId.ne(row.owner_id))
        .count(&txn)
        .await?;
    if others == 0 {
        return Err(AppError::Conflict(format!(
            "Nobody else is an expert in \"{}\" yet. Ask an admin to name one, then send it again.",
            row.topic
        )));
    }
    let mut active: course::ActiveModel = row.into();
    active.status = Set(ItemStatus::InReview);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// An expert approves a course in review (publishing it) or sends it back to its owner.
pub async fn review_course(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    approve: bool,
    comment: &str,
) -> Result<(), AppError> {
    let comment = validate::paragraph("Comment", comment, 2_000)?;
    if !approve && comment.is_empty() {
        return Err(AppError::invalid(
            "Say what to change, so the owner knows what to fix.",
        ));
    }
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
    active.review_note = Set(comment);
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
    txn.commit().await?;
    Ok(())
}

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
    let topics: Vec<String> = user_tag::Entity::find()
        .filter(user_tag::Column::UserId.eq(actor.id))
        .filter(user_tag::Column::Kind.eq(TagKind::Expert))
        .all(db)
        .await?
        .into_iter()
        .map(|tag| tag.tag)
        .collect();
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
    record_completion(db, actor.id, lesson.id).await
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
