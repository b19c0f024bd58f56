//! A stranger's abuse run: what one person can make the server do to others, and what a learner can
//! learn from failing.

use crate::{
    common::{Backend, PASSWORD, TestApp, error_kind, post_form, spawn_app},
    fixtures::{new_course, new_lesson, new_question},
};
use app::{
    courses::types::{LessonKind, QuizResult},
    db::{auth_failure, post, quiz_attempt},
    library::types::ItemStatus,
    people::types::{AccountStatus, Role},
};
use chrono::Duration;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel, PaginatorTrait};

/// Moves every failed sign-in back in time, as if `by` had passed.
async fn age_failures(app: &TestApp, by: Duration) {
    for failure in auth_failure::Entity::find().all(&app.db).await.unwrap() {
        let created_at = failure.created_at - by;
        let mut row = failure.into_active_model();
        row.created_at = Set(created_at);
        row.update(&app.db).await.unwrap();
    }
}

async fn guessing_at_invitation_links_never_slows_anyone_signing_in(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let stranger = app.browser();
    for guess in 0..60 {
        app.page(&stranger, &format!("/invite/made-up-{guess}"))
            .await;
    }
    let looked_up = app
        .call(&stranger, "check_invite", &[("token", "made-up-again")])
        .await;
    assert_eq!(
        looked_up.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "invitation look-ups have a limit of their own"
    );
    let signed_in = app
        .sign_in(&app.browser(), "ada@example.com", PASSWORD)
        .await;
    assert_eq!(signed_in.status(), StatusCode::OK);
}

async fn a_stranger_guessing_at_an_email_cannot_keep_its_owner_out_of_a_known_browser(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.person("admin@example.com", Role::Admin, AccountStatus::Active)
        .await;
    let owner = app.browser();
    assert_eq!(
        app.sign_in(&owner, "admin@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    app.call(&owner, "sign_out", &[]).await;

    for guess in 0..12 {
        let response = app
            .sign_in(
                &app.browser(),
                "admin@example.com",
                &format!("guess {guess}"),
            )
            .await;
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&response.status()),
            "{}",
            response.status()
        );
    }
    let elsewhere = app
        .sign_in(&app.browser(), "admin@example.com", PASSWORD)
        .await;
    assert_eq!(elsewhere.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_kind(elsewhere).await, "RateLimited");

    let at_home = app.sign_in(&owner, "admin@example.com", PASSWORD).await;
    assert_eq!(
        at_home.status(),
        StatusCode::OK,
        "the owner's own browser signs in"
    );
}

async fn a_known_browser_that_keeps_failing_waits_like_any_other(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let browser = app.browser();
    app.sign_in(&browser, "ada@example.com", PASSWORD).await;
    app.call(&browser, "sign_out", &[]).await;
    for _ in 0..10 {
        let response = app.sign_in(&browser, "ada@example.com", "guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let after = app.sign_in(&browser, "ada@example.com", PASSWORD).await;
    assert_eq!(after.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn each_failure_past_five_doubles_the_wait_and_the_wait_passes(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let sign_in = |password: &'static str| {
        let app = &app;
        async move {
            app.sign_in(&app.browser(), "ada@example.com", password)
                .await
                .status()
        }
    };
    for _ in 0..5 {
        assert_eq!(sign_in("guess").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(sign_in(PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    age_failures(&app, Duration::seconds(16)).await;
    assert_eq!(
        sign_in("guess").await,
        StatusCode::UNAUTHORIZED,
        "15 seconds after the fifth failure, one more try"
    );
    assert_eq!(sign_in(PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    age_failures(&app, Duration::seconds(16)).await;
    assert_eq!(
        sign_in(PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "after the sixth failure the wait is 30 seconds"
    );
    age_failures(&app, Duration::seconds(16)).await;
    assert_eq!(sign_in(PASSWORD).await, StatusCode::OK);
}

async fn failed_quiz_attempts_say_only_that_they_failed_and_slow_down_after_five(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner) = app.signed_in("author@example.com", Role::Member).await;
    let (learner, _) = app.signed_in("learner@example.com", Role::Member).await;
    let course = new_course(&app, owner.id, ItemStatus::Published).await;
    let lesson = new_lesson(&app, course, LessonKind::Quiz).await;
    new_question(&app, lesson).await;
    let lesson = lesson.to_string();
    let attempt = |answers: &'static str, token: String| {
        let (app, learner, lesson) = (&app, &learner, &lesson);
        async move {
            app.call(
                learner,
                "submit_quiz",
                &[("lesson", lesson), ("answers", answers), ("token", &token)],
            )
            .await
        }
    };
    for n in 0..5 {
        let response = attempt("[[1]]", format!("wrong {n}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let failed: QuizResult = response.json().await.unwrap();
        assert_eq!((failed.score, failed.passed), (None, false));
        assert!(failed.right.is_empty());
    }
    let sixth = attempt("[[0]]", "sixth".into()).await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    let resent = attempt("[[1]]", "wrong 4".into()).await;
    assert_eq!(
        resent.status(),
        StatusCode::OK,
        "the same form sent again is answered as before"
    );

    for row in quiz_attempt::Entity::find().all(&app.db).await.unwrap() {
        let created_at = row.created_at - Duration::minutes(2);
        let mut row = row.into_active_model();
        row.created_at = Set(created_at);
        row.update(&app.db).await.unwrap();
    }
    let passed: QuizResult = attempt("[[0]]", "after a break".into())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((passed.score, passed.passed), (Some(100), true));
}

/// Sends `call(n)` for n = 0, 1, … until one is refused (at most 1,000 times) and answers how many
/// went through; the refusal must be a 429 `RateLimited`.
async fn until_refused<F, Fut>(call: F) -> u64
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = reqwest::Response>,
{
    for n in 0..1000 {
        let response = call(n).await;
        if response.status() != StatusCode::OK {
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(error_kind(response).await, "RateLimited");
            return n;
        }
    }
    panic!("a thousand calls went through");
}

async fn a_flood_of_changes_from_one_session_is_slowed_and_what_was_refused_is_not_kept(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (flooder, _) = app.signed_in("flood@example.com", Role::Member).await;
    let (neighbour, _) = app.signed_in("ada@example.com", Role::Member).await;
    let kept = until_refused(|n| {
        let (app, flooder) = (&app, &flooder);
        async move {
            let body = format!("flood {n}");
            app.call(flooder, "create_post", &post_form("", "post", &body, ""))
                .await
        }
    })
    .await;
    assert!(kept >= 120, "a burst goes through: {kept}");
    assert_eq!(
        post::Entity::find().count(&app.db).await.unwrap(),
        kept,
        "a refused change is rolled back"
    );
    let response = app
        .call(
            &neighbour,
            "create_post",
            &post_form("", "post", "Hello", ""),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "others are not slowed");
}

async fn a_flood_of_calls_from_one_session_is_refused_before_any_work(backend: Backend) {
    let app = spawn_app(backend).await;
    let (flooder, _) = app.signed_in("flood@example.com", Role::Member).await;
    let (neighbour, _) = app.signed_in("ada@example.com", Role::Member).await;
    let answered = until_refused(|_| app.call(&flooder, "list_groups", &[])).await;
    assert!(answered >= 300, "a burst goes through: {answered}");
    let other = app.call(&neighbour, "list_groups", &[]).await;
    assert_eq!(other.status(), StatusCode::OK, "others are not slowed");
}

crate::on_both_databases!(
    a_flood_of_calls_from_one_session_is_refused_before_any_work,
    a_flood_of_changes_from_one_session_is_slowed_and_what_was_refused_is_not_kept,
    guessing_at_invitation_links_never_slows_anyone_signing_in,
    a_stranger_guessing_at_an_email_cannot_keep_its_owner_out_of_a_known_browser,
    a_known_browser_that_keeps_failing_waits_like_any_other,
    each_failure_past_five_doubles_the_wait_and_the_wait_passes,
    failed_quiz_attempts_say_only_that_they_failed_and_slow_down_after_five,
);
