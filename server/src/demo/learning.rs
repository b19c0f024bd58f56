//! The demo's learning: a short published course with a quiz, and the onboarding path every new
//! hire gets (a rule on the start date), ending with an introduction in the cohort group and
//! earning the "Onboarded" badge.

use app::{
    badges::types::BadgeIcon,
    courses::types::{LessonKind, QuestionKind},
    db::{badge, course, course_lesson, path, path_assignment, path_step, quiz_question},
    error::AppError,
    library::types::ItemStatus,
    paths::types::{Audience, StepKind},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

const WELCOME: &str = "Wellspring is where we learn from each other.\n\n\
    - **Ask** in the company feed or in your groups: questions get answers, and the best one is marked.\n\
    - **Read** the library: experts keep every item true, and you can flag what is out of date.\n\
    - **Follow your path**: it shows what to do next, and ticks social steps itself.";

/// People who start after this day get the onboarding path.
const NEW_HIRES_AFTER: (i32, u32, u32) = (2026, 10, 31);

/// Seeds the course and the onboarding path. `people` are in `PEOPLE` order.
pub async fn seed(
    db: &impl ConnectionTrait,
    people: &[i64],
    cohort: i64,
    article: i64,
) -> Result<(), AppError> {
    let now = Utc::now();
    let course = course::ActiveModel {
        title: Set("Wellspring in ten minutes".into()),
        summary: Set("How we ask, read and learn together here, and a two-question check.".into()),
        topic: Set("onboarding".into()),
        status: Set(ItemStatus::Published),
        owner_id: Set(people[0]),
        reviewer_id: Set(Some(people[2])),
        review_note: Set("Friendly and short. Approved.".into()),
        published_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    course_lesson::ActiveModel {
        course_id: Set(course.id),
        position: Set(1),
        kind: Set(LessonKind::Text),
        title: Set("How we learn here".into()),
        body: Set(WELCOME.into()),
        library_item_id: Set(None),
        pass_mark: Set(80),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let quiz = course_lesson::ActiveModel {
        course_id: Set(course.id),
        position: Set(2),
        kind: Set(LessonKind::Quiz),
        title: Set("Check yourself".into()),
        body: Set(String::new()),
        library_item_id: Set(None),
        pass_mark: Set(100),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (position, kind, prompt, options, correct) in [
        (
            1,
            QuestionKind::Single,
            "Where do you ask a question the whole company can answer?",
            r#"["In the company feed, as a question","By email to everyone","Nowhere: work it out alone"]"#,
            "[0]",
        ),
        (
            2,
            QuestionKind::TrueFalse,
            "Anyone can flag a library item as out of date.",
            r#"["True","False"]"#,
            "[0]",
        ),
    ] {
        quiz_question::ActiveModel {
            lesson_id: Set(quiz.id),
            position: Set(position),
            kind: Set(kind),
            prompt: Set(prompt.into()),
            options: Set(options.into()),
            correct: Set(correct.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let criteria = "Finish the **Welcome aboard** path: the ten-minute course, the alt-text article, and hello to your cohort.";
    let onboarded = badge::ActiveModel {
        name: Set("Onboarded".into()),
        description: Set("Found their feet in their first two weeks".into()),
        criteria_html: Set(app::feed::markdown::render(criteria, &Default::default())),
        criteria: Set(criteria.into()),
        icon: Set(BadgeIcon::Rocket),
        created_by: Set(Some(people[0])),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let onboarding = path::ActiveModel {
        title: Set("Welcome aboard".into()),
        summary: Set(
            "Your first two weeks: how we learn here, one habit we share, and hello to your cohort."
                .into(),
        ),
        linear: Set(true),
        owner_id: Set(people[0]),
        badge_id: Set(Some(onboarded.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let steps = [
        (StepKind::Course, true, "Take \"Wellspring in ten minutes\""),
        (StepKind::Read, true, "Read \"Writing alt text that helps\""),
        (
            StepKind::Introduce,
            true,
            "Introduce yourself to your cohort",
        ),
        (StepKind::Ask, false, "Ask your first question"),
    ];
    for (position, (kind, required, title)) in steps.into_iter().enumerate() {
        path_step::ActiveModel {
            path_id: Set(onboarding.id),
            position: Set(position as i32 + 1),
            kind: Set(kind),
            required: Set(required),
            title: Set(title.into()),
            course_id: Set((kind == StepKind::Course).then_some(course.id)),
            library_item_id: Set((kind == StepKind::Read).then_some(article)),
            group_id: Set((kind == StepKind::Introduce).then_some(cohort)),
            url: Set(String::new()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let (year, month, day) = NEW_HIRES_AFTER;
    path_assignment::ActiveModel {
        path_id: Set(onboarding.id),
        audience: Set(Audience::Rule),
        user_id: Set(None),
        group_id: Set(None),
        department: Set(String::new()),
        location: Set(String::new()),
        started_after: Set(NaiveDate::from_ymd_opt(year, month, day)),
        required: Set(true),
        due_on: Set(None),
        due_days: Set(Some(14)),
        created_by: Set(people[0]),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
