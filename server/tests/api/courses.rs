//! Micro-learning courses through their server functions, on both databases.

use crate::common::{Backend, TestApp, spawn_app, status};
use app::{
    courses::types::{Course, CourseCard, QuizResult},
    db::{lesson_completion, quiz_attempt},
    library::types::ItemStatus,
    people::types::Role,
};
use reqwest::{Client, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};

async fn lesson(
    app: &TestApp,
    author: &Client,
    course: &str,
    kind: &str,
    title: &str,
    body: &str,
) -> String {
    let id: i64 = app
        .json(
            author,
            "add_lesson",
            &[
                ("course", course),
                ("lesson[kind]", kind),
                ("lesson[title]", title),
                ("lesson[body]", body),
                ("lesson[pass_mark]", "60"),
            ],
        )
        .await;
    id.to_string()
}

async fn question(
    app: &TestApp,
    author: &Client,
    lesson: &str,
    kind: &str,
    prompt: &str,
    options: &str,
    correct: &str,
) -> (StatusCode, String) {
    status(
        app,
        author,
        "add_question",
        &[
            ("lesson", lesson),
            ("question[kind]", kind),
            ("question[prompt]", prompt),
            ("question[options]", options),
            ("question[correct]", correct),
        ],
    )
    .await
}

async fn quiz(app: &TestApp, who: &Client, lesson: &str, answers: &str, token: &str) -> QuizResult {
    app.json(
        who,
        "submit_quiz",
        &[("lesson", lesson), ("answers", answers), ("token", token)],
    )
    .await
}

async fn a_course_is_written_reviewed_and_taken_with_quizzes_graded_on_the_server(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let (expert, expert_row) = app.signed_in("expert@example.com", Role::Member).await;
    let (learner, _) = app.signed_in("learner@example.com", Role::Member).await;

    let course: i64 = app
        .json(
            &author,
            "create_course",
            &[
                ("course[title]", "Security in ten minutes"),
                ("course[summary]", "Screens, passwords, phishing."),
                ("course[topic]", "Security"),
            ],
        )
        .await;
    let course = course.to_string();
    let reading = lesson(
        &app,
        &author,
        &course,
        "text",
        "Lock your screen",
        "Press **Win+L**.",
    )
    .await;
    let check = lesson(&app, &author, &course, "quiz", "Check yourself", "").await;
    assert_eq!(
        status(
            &app,
            &author,
            "add_lesson",
            &[
                ("course", &course),
                ("lesson[kind]", "text"),
                ("lesson[title]", "Empty")
            ]
        )
        .await,
        (StatusCode::UNPROCESSABLE_ENTITY, "Validation".into())
    );
    assert_eq!(
        status(&app, &author, "submit_course", &[("id", &course)])
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an empty quiz"
    );
    for (kind, prompt, options, correct) in [
        (
            "single",
            "Which shortcut locks Windows?",
            "Win+L\nCtrl+C\nAlt+F4",
            "1",
        ),
        (
            "multiple",
            "Which make a strong password?",
            "Length\nYour birthday\nA password manager",
            "1,3",
        ),
        (
            "true_false",
            "You may share your password with IT.",
            "",
            "2",
        ),
    ] {
        assert_eq!(
            question(&app, &author, &check, kind, prompt, options, correct)
                .await
                .0,
            StatusCode::OK,
            "{prompt}"
        );
    }
    for (kind, options, correct) in [
        ("single", "Only one", "1"),
        ("single", "A\nB", "1,2"),
        ("multiple", "A\nB", "3"),
        ("true_false", "", ""),
    ] {
        assert_eq!(
            question(&app, &author, &check, kind, "Bad", options, correct)
                .await
                .0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind} {options:?} {correct}"
        );
    }
    assert_eq!(
        question(&app, &learner, &check, "true_false", "Mine?", "", "1")
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Nobody else knows security yet; once an expert does, the course goes to them.
    assert_eq!(
        status(&app, &author, "submit_course", &[("id", &course)])
            .await
            .0,
        StatusCode::CONFLICT
    );
    app.call(
        &admin,
        "set_expertise",
        &[("id", &expert_row.id.to_string()), ("topics", "security")],
    )
    .await;
    assert_eq!(
        status(&app, &author, "submit_course", &[("id", &course)])
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        status(
            &app,
            &author,
            "add_lesson",
            &[
                ("course", &course),
                ("lesson[kind]", "text"),
                ("lesson[title]", "Late"),
                ("lesson[body]", "x")
            ]
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        status(&app, &learner, "get_course", &[("id", &course)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let waiting: Vec<CourseCard> = app.json(&expert, "list_courses", &[]).await;
    let waiting: Vec<(String, ItemStatus)> = waiting
        .iter()
        .map(|card| (card.id.to_string(), card.status))
        .collect();
    assert_eq!(waiting, vec![(course.clone(), ItemStatus::InReview)]);
    let elsewhere: Vec<CourseCard> = app.json(&learner, "list_courses", &[]).await;
    assert!(
        elsewhere.is_empty(),
        "courses in review are for their experts"
    );
    assert_eq!(
        status(
            &app,
            &expert,
            "review_course",
            &[("id", &course), ("approve", "false"), ("comment", "")]
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        status(
            &app,
            &expert,
            "review_course",
            &[("id", &course), ("approve", "true"), ("comment", "Good")]
        )
        .await
        .0,
        StatusCode::OK
    );

    // Learners never receive the answers.
    let raw = app
        .call(&learner, "get_course", &[("id", &course)])
        .await
        .text()
        .await
        .unwrap();
    assert!(!raw.contains("correct"), "{raw}");
    let page: Course = serde_json::from_str(&raw).unwrap();
    assert_eq!(page.card.status, ItemStatus::Published);
    assert_eq!(page.lessons.len(), 2);
    assert_eq!(page.lessons[1].questions[2].options, vec!["True", "False"]);
    assert_eq!(page.next.map(|id| id.to_string()), Some(reading.clone()));

    // A wrong answer is not accepted: 1 of 3 right is below the 60% pass mark.
    let failed = quiz(&app, &learner, &check, "[[1],[0],[1]]", "first").await;
    assert_eq!(
        (failed.score, failed.passed, failed.right.clone()),
        (None, false, vec![]),
        "the score and which answers were right are told only once the quiz is passed"
    );
    let refused = app
        .call(
            &learner,
            "submit_quiz",
            &[("lesson", &check), ("answers", "[[0]]"), ("token", "short")],
        )
        .await;
    for answers in ["[[0],[0,0],[1]]", "[[0],[0,2],[9]]"] {
        let odd = app
            .call(
                &learner,
                "submit_quiz",
                &[("lesson", &check), ("answers", answers), ("token", answers)],
            )
            .await;
        assert_eq!(odd.status(), StatusCode::UNPROCESSABLE_ENTITY, "{answers}");
    }
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "every question needs an answer"
    );
    let passed = quiz(&app, &learner, &check, "[[0],[0,2],[1]]", "second").await;
    assert_eq!(
        (passed.score, passed.passed, passed.right.clone()),
        (Some(100), true, vec![true, true, true])
    );
    // The same form sent twice is one attempt, answered as the first time.
    let again = quiz(&app, &learner, &check, "[[2],[1],[0]]", "second").await;
    assert_eq!(again, passed);
    assert_eq!(
        quiz_attempt::Entity::find().count(&app.db).await.unwrap(),
        2
    );

    for _ in 0..2 {
        assert_eq!(
            status(&app, &learner, "complete_lesson", &[("lesson", &reading)])
                .await
                .0,
            StatusCode::OK
        );
    }
    assert_eq!(
        status(&app, &learner, "complete_lesson", &[("lesson", &check)])
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        lesson_completion::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        2
    );
    let cards: Vec<CourseCard> = app.json(&learner, "list_courses", &[]).await;
    assert_eq!((cards[0].lessons, cards[0].done), (2, 2));
    let page: Course = app.json(&learner, "get_course", &[("id", &course)]).await;
    assert_eq!(page.next, None);
    assert_eq!(page.lessons[1].best_score, Some(100));
}

async fn lessons_of_unpublished_courses_do_not_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let course: i64 = app
        .json(
            &author,
            "create_course",
            &[("course[title]", "Draft course")],
        )
        .await;
    let reading = lesson(
        &app,
        &author,
        &course.to_string(),
        "text",
        "Read me",
        "Words.",
    )
    .await;
    assert_eq!(
        status(&app, &author, "complete_lesson", &[("lesson", &reading)])
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        status(
            &app,
            &author,
            "add_lesson",
            &[
                ("course", &course.to_string()),
                ("lesson[kind]", "video"),
                ("lesson[title]", "Watch"),
                ("lesson[video]", "12345")
            ]
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

crate::on_both_databases!(
    a_course_is_written_reviewed_and_taken_with_quizzes_graded_on_the_server,
    lessons_of_unpublished_courses_do_not_count,
);
