//! The progress benchmark: a path's progress report for 5,000 assignees, computed in-process on a
//! seeded SQLite database, against a primary-key lookup on the same connection in the same run.
//!
//! `cargo bench -p server --bench progress` prints the time per report (p50 and p95), the queries
//! each report sends (counted by the database layer, so an N+1 shows at once), and the same for
//! one learner's "My learning". `BENCH_ASSIGNEES=500` shrinks the company for a quick run.

use app::{
    courses::types::LessonKind,
    db::{
        course, course_lesson, group, lesson_completion, path, path_assignment, path_step, post,
        step_completion, user,
    },
    feed::types::{PostKind, PostStatus},
    groups::{
        ssr::new_member,
        types::{Approval, GroupKind, GroupRole, MemberStatus, Privacy},
    },
    library::types::ItemStatus,
    paths::{
        ssr::{my_learning, progress},
        types::{Audience, ProgressFilter, ROWS_SHOWN, StepKind},
    },
    people::{
        ssr::new_account,
        types::{AccountStatus, Role},
    },
    policy::Actor,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, TransactionTrait,
};
use server::{config::Config, open_database};
use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

const ROUNDS: usize = 40;
const DEPARTMENTS: [&str; 5] = ["Engineering", "Design", "Sales", "Support", "People"];

/// The company: an admin, `assignees` new hires matched by one rule, a cohort group with half of
/// them, and facts for each kind of step spread across them. Returns the admin and the path.
async fn seed(db: &DatabaseConnection, assignees: usize) -> (Actor, i64, i64) {
    let now = Utc::now();
    let admin = new_account(
        "admin@example.com".into(),
        "Admin".into(),
        Role::Admin,
        AccountStatus::Active,
        None,
    )
    .insert(db)
    .await
    .unwrap();
    let txn = db.begin().await.unwrap();
    let mut people = Vec::with_capacity(assignees);
    for n in 0..assignees {
        let mut person = new_account(
            format!("hire{n}@example.com"),
            format!("Hire {n:05}"),
            Role::Member,
            AccountStatus::Active,
            None,
        );
        person.department = Set(DEPARTMENTS[n % DEPARTMENTS.len()].into());
        person.start_date = Set(NaiveDate::from_ymd_opt(2026, 11, 1 + (n % 28) as u32));
        people.push(person.insert(&txn).await.unwrap().id);
    }
    let course = course::ActiveModel {
        title: Set("Basics".into()),
        summary: Set(String::new()),
        topic: Set("onboarding".into()),
        status: Set(ItemStatus::Published),
        owner_id: Set(admin.id),
        reviewer_id: Set(None),
        review_note: Set(String::new()),
        published_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    let mut lessons = Vec::new();
    for position in 1..=2 {
        let lesson = course_lesson::ActiveModel {
            course_id: Set(course.id),
            position: Set(position),
            kind: Set(LessonKind::Text),
            title: Set(format!("Lesson {position}")),
            body: Set("Words.".into()),
            library_item_id: Set(None),
            pass_mark: Set(80),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        lessons.push(lesson.id);
    }
    let cohort = group::ActiveModel {
        name: Set("Cohort".into()),
        description: Set(String::new()),
        cover: Set(None),
        privacy: Set(Privacy::Closed),
        kind: Set(GroupKind::Cohort),
        approval: Set(Approval::Off),
        approval_threshold: Set(0),
        slow_mode_seconds: Set(0),
        created_by: Set(Some(admin.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    let path = path::ActiveModel {
        title: Set("Welcome".into()),
        summary: Set(String::new()),
        linear: Set(true),
        owner_id: Set(admin.id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    let mut steps = Vec::new();
    for (position, kind) in [
        StepKind::Course,
        StepKind::Link,
        StepKind::Introduce,
        StepKind::Ask,
    ]
    .into_iter()
    .enumerate()
    {
        let step = path_step::ActiveModel {
            path_id: Set(path.id),
            position: Set(position as i32 + 1),
            kind: Set(kind),
            required: Set(true),
            title: Set(kind.label().into()),
            course_id: Set((kind == StepKind::Course).then_some(course.id)),
            library_item_id: Set(None),
            group_id: Set((kind == StepKind::Introduce).then_some(cohort.id)),
            url: Set("https://example.com".into()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        steps.push(step.id);
    }
    path_assignment::ActiveModel {
        path_id: Set(path.id),
        audience: Set(Audience::Rule),
        user_id: Set(None),
        group_id: Set(None),
        department: Set(String::new()),
        location: Set(String::new()),
        started_after: Set(NaiveDate::from_ymd_opt(2026, 10, 31)),
        required: Set(true),
        due_on: Set(None),
        due_days: Set(Some(14)),
        created_by: Set(admin.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    // Facts thin out along the path, as they do: most finished the course, fewer posted.
    for (n, person) in people.iter().enumerate() {
        if n % 2 == 0 {
            new_member(cohort.id, *person, GroupRole::Member, MemberStatus::Active)
                .insert(&txn)
                .await
                .unwrap();
        }
        if n % 5 != 0 {
            for lesson in &lessons {
                lesson_completion::ActiveModel {
                    lesson_id: Set(*lesson),
                    user_id: Set(*person),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .unwrap();
            }
        }
        if n % 5 != 0 && n % 3 != 0 {
            step_completion::ActiveModel {
                step_id: Set(steps[1]),
                user_id: Set(*person),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .unwrap();
        }
        for (due, group, kind) in [
            (n % 4 == 0, Some(cohort.id), PostKind::Post),
            (n % 7 == 0, None, PostKind::Question),
        ] {
            if due {
                post::ActiveModel {
                    author_id: Set(*person),
                    group_id: Set(group),
                    kind: Set(kind),
                    status: Set(PostStatus::Published),
                    body: Set("Hello".into()),
                    body_html: Set("<p>Hello</p>".into()),
                    pinned_until: Set(None),
                    comments_locked: Set(false),
                    accepted_comment_id: Set(None),
                    comment_count: Set(0),
                    created_at: Set(now),
                    edited_at: Set(None),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .unwrap();
            }
        }
    }
    txn.commit().await.unwrap();
    let admin = Actor {
        id: admin.id,
        role: Role::Admin,
    };
    (admin, path.id, people[1])
}

/// p50 and p95 of `ROUNDS` runs of `work`, and the queries one run sends.
async fn measure<F, Fut>(queries: &AtomicUsize, work: F) -> (Duration, Duration, usize)
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    work().await;
    let mut times = Vec::with_capacity(ROUNDS);
    let before = queries.load(Ordering::Relaxed);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        work().await;
        times.push(started.elapsed());
    }
    let per_run = (queries.load(Ordering::Relaxed) - before) / ROUNDS;
    times.sort_unstable();
    (times[ROUNDS / 2], times[ROUNDS * 95 / 100], per_run)
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let assignees: usize = std::env::var("BENCH_ASSIGNEES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/wellspring.db?mode=rwc", dir.path().display());
    let config = Config::for_data_dir(dir.path().to_path_buf(), Some(url));
    let mut db = open_database(&config).await.expect("open the database");
    let seeding = Instant::now();
    let (admin, path, learner) = seed(&db, assignees).await;
    println!(
        "seeded {assignees} assignees in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let queries = Arc::new(AtomicUsize::new(0));
    let counter = queries.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let filter = ProgressFilter::default();
    let report = progress(&db, admin, path, &filter, Some(ROWS_SHOWN))
        .await
        .unwrap();
    assert_eq!(report.assignees as usize, assignees);
    let (report_p50, report_p95, report_queries) = measure(&queries, || async {
        progress(&db, admin, path, &filter, Some(ROWS_SHOWN))
            .await
            .unwrap();
    })
    .await;
    let me = Actor {
        id: learner,
        role: Role::Member,
    };
    let (mine_p50, mine_p95, mine_queries) = measure(&queries, || async {
        my_learning(&db, me).await.unwrap();
    })
    .await;
    let (pk_p50, pk_p95, pk_queries) = measure(&queries, || async {
        user::Entity::find_by_id(learner).one(&db).await.unwrap();
    })
    .await;
    println!(
        "standings (completed, in progress, not started, overdue): {:?}",
        report.standings
    );
    println!("                      p50 ms   p95 ms  queries  p50 / pk lookup");
    for (name, p50, p95, queries) in [
        ("progress report", report_p50, report_p95, report_queries),
        ("my learning", mine_p50, mine_p95, mine_queries),
        ("primary-key lookup", pk_p50, pk_p95, pk_queries),
    ] {
        println!(
            "{name:<20} {:>8.2} {:>8.2} {queries:>8} {:>14.0}x",
            ms(p50),
            ms(p95),
            p50.as_secs_f64() / pk_p50.as_secs_f64()
        );
    }
}
