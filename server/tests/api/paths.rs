//! Learning paths through their server functions, on both databases: assignments by rule reaching
//! later hires, progress after each kind of step, and who may see and do what.

use crate::{
    common::{Backend, TestApp, invite_form, post_form, spawn_app, spawn_app_with, status},
    fixtures::{
        new_category, new_course, new_expert, new_group, new_item, new_lesson, new_secret_group,
    },
};
use app::{
    badges::types::Award,
    courses::types::LessonKind,
    db::{email_outbox, path_assignment, step_completion, user},
    feed::types::PostView,
    groups::{
        ssr::new_member,
        types::{GroupRole, MemberStatus},
    },
    library::types::ItemStatus,
    notify::types::{NoticeKind, NoticePage},
    paths::types::{Assigned, Choice, Choices, PathPage, ProgressReport, Standing},
    people::types::Role,
};
use chrono::{Days, Utc};
use reqwest::{Client, StatusCode, header};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::Expr,
};
use serde_json::Value;

pub async fn create_path(app: &TestApp, admin: &Client, title: &str, linear: bool) -> String {
    let id: i64 = app
        .json(
            admin,
            "create_path",
            &[
                ("path[title]", title),
                ("path[summary]", "Where everyone starts."),
                ("path[linear]", if linear { "on" } else { "" }),
            ],
        )
        .await;
    id.to_string()
}

pub async fn add_step(
    app: &TestApp,
    admin: &Client,
    path: &str,
    fields: &[(&str, &str)],
) -> String {
    let mut form = vec![("path", path)];
    form.extend(fields.iter().map(|(name, value)| (*name, *value)));
    let id: i64 = app.json(admin, "add_step", &form).await;
    id.to_string()
}

pub async fn assign(
    app: &TestApp,
    admin: &Client,
    path: &str,
    fields: &[(&str, &str)],
) -> StatusCode {
    let mut form = vec![("path", path)];
    form.extend(fields.iter().map(|(name, value)| (*name, *value)));
    status(app, admin, "assign_path", &form).await.0
}

async fn move_step(app: &TestApp, who: &Client, step: &str, earlier: bool) -> StatusCode {
    let earlier = if earlier { "true" } else { "false" };
    status(
        app,
        who,
        "move_step",
        &[("step", step), ("earlier", earlier)],
    )
    .await
    .0
}

pub async fn learning(app: &TestApp, who: &Client) -> Vec<Assigned> {
    app.json(who, "my_learning", &[]).await
}

async fn page(app: &TestApp, who: &Client, path: &str) -> PathPage {
    app.json(who, "get_path", &[("id", path)]).await
}

async fn progress(app: &TestApp, who: &Client, path: &str, standing: &str) -> ProgressReport {
    app.json(
        who,
        "path_progress",
        &[
            ("path", path),
            ("filter[standing]", standing),
            ("filter[department]", ""),
            ("filter[name]", ""),
        ],
    )
    .await
}

async fn a_rule_assignment_reaches_a_hire_invited_later(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (veteran, veteran_row) = app.signed_in("veteran@example.com", Role::Member).await;
    let mut veteran_row: user::ActiveModel = veteran_row.into();
    veteran_row.department = Set("Engineering".into());
    veteran_row.start_date = Set(Some("2019-09-02".parse().unwrap()));
    veteran_row.update(&app.db).await.unwrap();

    let path = create_path(&app, &admin, "Engineering onboarding", false).await;
    add_step(
        &app,
        &admin,
        &path,
        &[
            ("step[kind]", "link"),
            ("step[title]", "Set up your laptop"),
            ("step[url]", "https://example.com/laptop"),
        ],
    )
    .await;
    for (fields, expected) in [
        (
            vec![
                ("assignment[audience]", "rule"),
                ("assignment[due_days]", "0"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("assignment[audience]", "rule"),
                ("assignment[due_on]", "2030-01-01"),
                ("assignment[due_days]", "14"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("assignment[audience]", "person"),
                ("assignment[email]", "ghost@example.com"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("assignment[audience]", "rule"),
                ("assignment[department]", "engineering"),
                ("assignment[started_after]", "2026-10-31"),
                ("assignment[due_days]", "14"),
            ],
            StatusCode::OK,
        ),
    ] {
        assert_eq!(
            assign(&app, &admin, &path, &fields).await,
            expected,
            "{fields:?}"
        );
    }
    assert!(
        learning(&app, &veteran).await.is_empty(),
        "started before the rule's date"
    );

    // A hire invited after the rule was made gets the path at first sign-in.
    let invitation: Value = app
        .submit(
            &admin,
            "invite_person",
            &invite_form(&[
                ("email", "noor@example.com"),
                ("name", "Noor Haddad"),
                ("department", "Engineering"),
                ("start_date", "2026-12-01"),
            ]),
        )
        .await
        .json()
        .await
        .unwrap();
    let token = invitation["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let hire = app.browser();
    let accepted = app
        .call(
            &hire,
            "accept_invite",
            &[
                ("token", &token),
                ("password", "my first day at work"),
                ("confirmation", "my first day at work"),
            ],
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let assigned = learning(&app, &hire).await;
    assert_eq!(assigned.len(), 1);
    assert_eq!(assigned[0].card.title, "Engineering onboarding");
    assert!(assigned[0].progress.required);
    assert_eq!(assigned[0].progress.due.as_deref(), Some("2026-12-15"));
    assert_eq!(assigned[0].progress.standing, Standing::NotStarted);
    assert_eq!(
        assigned[0].next.as_ref().unwrap().title,
        "Set up your laptop"
    );

    let report = progress(&app, &admin, &path, "").await;
    let emails: Vec<&str> = report
        .rows
        .iter()
        .map(|row| row.person.email.as_str())
        .collect();
    assert_eq!(emails, ["noor@example.com"]);
    assert_eq!(report.assignees, 1);

    // A direct, recommended assignment reaches the veteran too, without a due date.
    assert_eq!(
        assign(
            &app,
            &admin,
            &path,
            &[
                ("assignment[audience]", "person"),
                ("assignment[email]", "veteran@example.com"),
                ("assignment[need]", "recommended")
            ]
        )
        .await,
        StatusCode::OK
    );
    let assigned = learning(&app, &veteran).await;
    assert!(!assigned[0].progress.required);
    assert_eq!(assigned[0].progress.due, None);
    assert_eq!(progress(&app, &admin, &path, "").await.assignees, 2);

    // Withdrawing the direct assignment takes the path off the veteran's list; removing the step
    // empties the path.
    let managed = page(&app, &admin, &path).await;
    let direct = managed
        .assignments
        .iter()
        .find(|assignment| assignment.reaches.contains("veteran@example.com"))
        .unwrap();
    let (direct, step) = (direct.id.to_string(), managed.steps[0].id.to_string());
    assert_eq!(
        status(&app, &admin, "unassign_path", &[("assignment", &direct)])
            .await
            .0,
        StatusCode::OK
    );
    assert!(learning(&app, &veteran).await.is_empty());
    assert_eq!(
        status(&app, &admin, "unassign_path", &[("assignment", &direct)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&app, &admin, "remove_step", &[("step", &step)])
            .await
            .0,
        StatusCode::OK
    );
    assert!(page(&app, &admin, &path).await.steps.is_empty());
}

/// Everything a step can point to: a published course with one reading, a published article, a
/// group (the learner and a facilitator in it), and an expert who has posted.
struct Scene {
    admin: Client,
    learner: Client,
    facilitator: Client,
    expert: Client,
    outsider: Client,
    course: i64,
    reading: i64,
    article: i64,
    group: i64,
}

/// Adds the scene's course, then its article to read; returns the two steps.
async fn add_course_then_article(app: &TestApp, scene: &Scene, path: &str) -> (String, String) {
    let (course, article) = (scene.course.to_string(), scene.article.to_string());
    let course = add_step(
        app,
        &scene.admin,
        path,
        &[("step[kind]", "course"), ("step[course]", &course)],
    )
    .await;
    let read = add_step(
        app,
        &scene.admin,
        path,
        &[("step[kind]", "read"), ("step[item]", &article)],
    )
    .await;
    (course, read)
}

async fn scene(app: &TestApp) -> Scene {
    let (admin, admin_row) = app.signed_in("admin@example.com", Role::Admin).await;
    let (learner, learner_row) = app.signed_in("learner@example.com", Role::Member).await;
    let (facilitator, facilitator_row) =
        app.signed_in("facilitator@example.com", Role::Member).await;
    let (expert, expert_row) = app.signed_in("expert@example.com", Role::Member).await;
    let (outsider, _) = app.signed_in("outsider@example.com", Role::Member).await;
    new_expert(app, expert_row.id, "security").await;
    let course = new_course(app, admin_row.id, ItemStatus::Published).await;
    let reading = new_lesson(app, course, LessonKind::Text).await;
    let category = new_category(app, "Handbook", true).await;
    let article = new_item(app, category, admin_row.id, ItemStatus::Published).await;
    let group = new_group(app).await;
    for (person, role) in [
        (facilitator_row.id, GroupRole::Owner),
        (learner_row.id, GroupRole::Member),
    ] {
        new_member(group, person, role, MemberStatus::Active)
            .insert(&app.db)
            .await
            .unwrap();
    }
    Scene {
        admin,
        learner,
        facilitator,
        expert,
        outsider,
        course,
        reading,
        article,
        group,
    }
}

async fn progress_follows_each_kind_of_step_and_is_computed_from_facts(backend: Backend) {
    let app = spawn_app(backend).await;
    let scene = scene(&app).await;
    let admin = &scene.admin;
    let path = create_path(&app, admin, "Welcome", true).await;
    let (_, read) = add_course_then_article(&app, &scene, &path).await;
    let group = scene.group.to_string();
    add_step(
        &app,
        admin,
        &path,
        &[("step[kind]", "introduce"), ("step[group]", &group)],
    )
    .await;
    add_step(&app, admin, &path, &[("step[kind]", "ask")]).await;
    let expert_step = add_step(&app, admin, &path, &[("step[kind]", "comment_expert")]).await;
    let link = add_step(
        &app,
        admin,
        &path,
        &[
            ("step[kind]", "link"),
            ("step[need]", "optional"),
            ("step[title]", "Our values"),
            ("step[url]", "https://example.com/values"),
        ],
    )
    .await;
    for fields in [
        vec![("step[kind]", "course"), ("step[course]", "999999")],
        vec![
            ("step[kind]", "link"),
            ("step[title]", "Bad"),
            ("step[url]", "javascript:alert(1)"),
        ],
        vec![("step[kind]", "teleport")],
    ] {
        let mut form = vec![("path", path.as_str())];
        form.extend(fields.iter().copied());
        assert_eq!(
            status(&app, admin, "add_step", &form).await.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}"
        );
    }
    assert_eq!(
        assign(
            &app,
            admin,
            &path,
            &[
                ("assignment[audience]", "person"),
                ("assignment[email]", "learner@example.com")
            ]
        )
        .await,
        StatusCode::OK
    );

    let learner = &scene.learner;
    let percent = |page: &PathPage| page.mine.as_ref().unwrap().percent;
    let before = page(&app, learner, &path).await;
    assert_eq!(percent(&before), 0);
    assert_eq!(
        (
            before.mine.as_ref().unwrap().done,
            before.mine.as_ref().unwrap().of
        ),
        (0, 5)
    );
    assert!(
        before.steps[1].locked,
        "linear: the article waits for the course"
    );

    // Locked, done by doing, not assigned, not visible: refused, and nothing stored.
    assert_eq!(
        status(&app, learner, "mark_step", &[("step", &read)])
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        status(&app, learner, "mark_step", &[("step", &expert_step)])
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        status(&app, &scene.facilitator, "mark_step", &[("step", &link)])
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        status(&app, &scene.outsider, "mark_step", &[("step", &link)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        step_completion::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );

    let mut expected = 0;
    let mut after = |page: PathPage, step: usize| {
        expected += 20;
        assert!(page.steps[step].done, "step {step}");
        assert_eq!(percent(&page), expected, "after step {step}");
    };
    app.call(
        learner,
        "complete_lesson",
        &[("lesson", &scene.reading.to_string())],
    )
    .await;
    after(page(&app, learner, &path).await, 0);
    assert_eq!(
        app.call(learner, "mark_step", &[("step", &read)])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(learner, "mark_step", &[("step", &read)])
            .await
            .status(),
        StatusCode::OK,
        "twice is once"
    );
    after(page(&app, learner, &path).await, 1);
    let posted = app
        .call(
            learner,
            "create_post",
            &crate::common::post_form(&group, "post", "Hello, I'm new here!", ""),
        )
        .await;
    assert_eq!(posted.status(), StatusCode::OK);
    after(page(&app, learner, &path).await, 2);
    let asked = app
        .call(
            learner,
            "create_post",
            &crate::common::post_form("", "question", "Where is the style guide?", ""),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    after(page(&app, learner, &path).await, 3);
    let expert_post: app::feed::types::PostView = app
        .json(
            &scene.expert,
            "create_post",
            &crate::common::post_form("", "post", "Lock your screen.", ""),
        )
        .await;
    let commented = app
        .call(
            learner,
            "add_comment",
            &[("post", &expert_post.id.to_string()), ("body", "Thanks!")],
        )
        .await;
    assert_eq!(commented.status(), StatusCode::OK);
    let done = page(&app, learner, &path).await;
    after(done.clone(), 4);
    assert_eq!(done.mine.as_ref().unwrap().standing, Standing::Completed);
    assert!(!done.steps[5].done, "the optional link is still open");
    assert_eq!(
        app.call(learner, "mark_step", &[("step", &link)])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(percent(&page(&app, learner, &path).await), 100);
    assert_eq!(
        page(&app, learner, &path).await,
        page(&app, learner, &path).await,
        "the same facts, the same answer"
    );

    let assigned = learning(&app, learner).await;
    assert_eq!(assigned[0].progress.standing, Standing::Completed);
    assert_eq!(assigned[0].next, None);

    let report = progress(&app, admin, &path, "completed").await;
    assert_eq!(report.rows.len(), 1);
    assert_eq!(report.rows[0].steps, vec![true; 6]);
    assert_eq!(report.step_done, vec![1; 6]);
    assert!(
        progress(&app, admin, &path, "overdue")
            .await
            .rows
            .is_empty()
    );

    // The CSV is for the same people as the table.
    let csv = admin
        .get(format!("{}/paths/{path}/progress.csv", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(
        csv.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let text = csv.text().await.unwrap();
    assert!(text.contains("learner@example.com"), "{text}");
    assert!(text.contains(",Completed,5,5,100,"), "{text}");
    let refused = learner
        .get(format!("{}/paths/{path}/progress.csv", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

async fn facilitators_see_the_progress_of_their_groups_members_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let scene = scene(&app).await;
    let path = create_path(&app, &scene.admin, "Group path", false).await;
    add_step(&app, &scene.admin, &path, &[("step[kind]", "ask")]).await;
    for fields in [
        [
            ("assignment[audience]", "group"),
            ("assignment[group]", &scene.group.to_string()[..]),
        ],
        [
            ("assignment[audience]", "person"),
            ("assignment[email]", "outsider@example.com"),
        ],
    ] {
        assert_eq!(
            assign(&app, &scene.admin, &path, &fields).await,
            StatusCode::OK
        );
    }
    let everyone: Vec<String> = progress(&app, &scene.admin, &path, "")
        .await
        .rows
        .into_iter()
        .map(|row| row.person.email)
        .collect();
    assert_eq!(everyone.len(), 3, "{everyone:?}");
    let theirs: Vec<String> = progress(&app, &scene.facilitator, &path, "")
        .await
        .rows
        .into_iter()
        .map(|row| row.person.email)
        .collect();
    assert_eq!(theirs, ["facilitator@example.com", "learner@example.com"]);
    assert_eq!(
        status(
            &app,
            &scene.learner,
            "path_progress",
            &[("path", &path), ("filter[name]", "")]
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let listed: Vec<app::paths::types::PathCard> =
        app.json(&scene.facilitator, "list_paths", &[]).await;
    assert_eq!(listed.len(), 1);
    let listed: Vec<app::paths::types::PathCard> = app.json(&scene.expert, "list_paths", &[]).await;
    assert!(listed.is_empty());
    assert_eq!(
        app.submit(
            &scene.learner,
            "create_path",
            &[("path[title]".into(), "Mine".into())]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
}

async fn admins_pick_what_steps_point_at_by_name_and_reorder_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let scene = scene(&app).await;
    let admin = &scene.admin;
    let path = create_path(&app, admin, "Welcome", true).await;
    let owner = user::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let draft = new_course(&app, owner, ItemStatus::Draft).await;
    let secret = new_secret_group(&app).await;

    // The choices offered are what a step may point at.
    let choices = page(&app, admin, &path).await.choices;
    let ids = |choices: &[Choice]| {
        let mut ids: Vec<i64> = choices.iter().map(|choice| choice.id).collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids(&choices.courses), vec![scene.course]);
    assert!(!ids(&choices.courses).contains(&draft));
    assert_eq!(ids(&choices.items), vec![scene.article]);
    assert_eq!(ids(&choices.findable_groups), vec![scene.group]);
    assert_eq!(ids(&choices.groups), vec![scene.group, secret]);

    let (first, read) = add_course_then_article(&app, &scene, &path).await;
    let ask = add_step(&app, admin, &path, &[("step[kind]", "ask")]).await;
    assign(
        &app,
        admin,
        &path,
        &[
            ("assignment[audience]", "person"),
            ("assignment[email]", "learner@example.com"),
        ],
    )
    .await;
    // Learners see the path, not what its steps could point at.
    assert_eq!(
        page(&app, &scene.learner, &path).await.choices,
        Choices::default()
    );
    let order = |page: &PathPage| -> Vec<(String, i32, bool)> {
        page.steps
            .iter()
            .map(|step| (step.id.to_string(), step.position, step.locked))
            .collect()
    };

    // Moved first, the article opens and the course waits behind it on the linear path.
    assert_eq!(move_step(&app, admin, &read, true).await, StatusCode::OK);
    assert_eq!(
        order(&page(&app, &scene.learner, &path).await),
        vec![
            (read.clone(), 1, false),
            (first.clone(), 2, true),
            (ask.clone(), 3, true)
        ]
    );
    // Nothing moves past either end, and learners cannot move steps.
    assert_eq!(
        move_step(&app, admin, &read, true).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        move_step(&app, admin, &ask, false).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        move_step(&app, &scene.learner, &first, true).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(move_step(&app, admin, &first, false).await, StatusCode::OK);
    assert_eq!(
        order(&page(&app, admin, &path).await)
            .into_iter()
            .map(|(id, position, _)| (id, position))
            .collect::<Vec<_>>(),
        vec![(read, 1), (ask, 2), (first, 3)]
    );
}

async fn reminders(app: &TestApp) -> usize {
    app::paths::ssr::send_reminders(&app.db).await.unwrap()
}

/// The path reminders each person holds, as (kind, detail).
async fn reminded(app: &TestApp, who: &Client) -> Vec<(NoticeKind, Option<String>)> {
    let page: NoticePage = app.json(who, "list_notifications", &[]).await;
    page.notices
        .into_iter()
        .filter(|notice| {
            matches!(
                notice.kind,
                NoticeKind::PathDueSoon | NoticeKind::PathOverdue
            )
        })
        .map(|notice| (notice.kind, notice.detail))
        .collect()
}

async fn unfinished_paths_remind_once_when_due_soon_and_once_overdue(backend: Backend) {
    let app = spawn_app_with(backend, |config| config.schedule_seconds = 0).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (soon, _) = app.signed_in("soon@example.com", Role::Member).await;
    let (later, _) = app.signed_in("later@example.com", Role::Member).await;
    let (done, _) = app.signed_in("done@example.com", Role::Member).await;
    let (late, late_row) = app.signed_in("late@example.com", Role::Member).await;
    let path = create_path(&app, &admin, "Security basics", false).await;
    add_step(&app, &admin, &path, &[("step[kind]", "ask")]).await;
    let today = Utc::now().date_naive();
    let in_days = |days: u64| (today + Days::new(days)).to_string();
    for (email, due) in [
        ("soon@example.com", in_days(2)),
        ("later@example.com", in_days(10)),
        ("done@example.com", in_days(1)),
    ] {
        let fields = [
            ("assignment[audience]", "person"),
            ("assignment[email]", email),
            ("assignment[due_on]", &due[..]),
        ];
        assert_eq!(assign(&app, &admin, &path, &fields).await, StatusCode::OK);
    }
    // Due two weeks after a start date a month ago: overdue already.
    let mut started: user::ActiveModel = late_row.into();
    started.start_date = Set(Some(today - Days::new(30)));
    started.update(&app.db).await.unwrap();
    let fields = [
        ("assignment[audience]", "person"),
        ("assignment[email]", "late@example.com"),
        ("assignment[due_days]", "14"),
    ];
    assert_eq!(assign(&app, &admin, &path, &fields).await, StatusCode::OK);
    app.json::<PostView>(
        &done,
        "create_post",
        &post_form("", "question", "Where is the VPN guide?", ""),
    )
    .await;

    assert_eq!(reminders(&app).await, 2);
    let soon_notes = reminded(&app, &soon).await;
    assert_eq!(soon_notes.len(), 1, "{soon_notes:?}");
    assert_eq!(soon_notes[0].0, NoticeKind::PathDueSoon);
    let detail = soon_notes[0].1.clone().unwrap();
    assert!(detail.starts_with("Due "), "{detail}");
    assert!(
        detail.ends_with("Next step: Ask your first question"),
        "{detail}"
    );
    let late_notes = reminded(&app, &late).await;
    assert_eq!(late_notes.len(), 1);
    assert_eq!(late_notes[0].0, NoticeKind::PathOverdue);
    assert!(reminded(&app, &later).await.is_empty());
    assert!(
        reminded(&app, &done).await.is_empty(),
        "a finished path reminds no one"
    );
    let page: NoticePage = app.json(&soon, "list_notifications", &[]).await;
    let words = &page.notices[0].words;
    assert_eq!(words, "Your learning path “Security basics” is due soon");
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq("soon@example.com"))
        .filter(email_outbox::Column::Subject.eq(words.as_str()))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(mail, 1, "the reminder is emailed at once by default");

    // Again, and two servers at once: nobody is reminded twice.
    assert_eq!(reminders(&app).await, 0);
    let (first, second) = tokio::join!(reminders(&app), reminders(&app));
    assert_eq!(first + second, 0);
    assert_eq!(reminded(&app, &soon).await.len(), 1);

    // The day passes for the one due soon: overdue now, told once more, and only once.
    path_assignment::Entity::update_many()
        .col_expr(
            path_assignment::Column::DueOn,
            Expr::value(Some(today - Days::new(1))),
        )
        .filter(path_assignment::Column::DueOn.eq(today + Days::new(2)))
        .exec(&app.db)
        .await
        .unwrap();
    let (first, second) = tokio::join!(reminders(&app), reminders(&app));
    assert_eq!(first + second + reminders(&app).await, 1);
    let soon_notes: Vec<NoticeKind> = reminded(&app, &soon)
        .await
        .into_iter()
        .map(|(kind, _)| kind)
        .collect();
    assert_eq!(
        soon_notes,
        [NoticeKind::PathOverdue, NoticeKind::PathDueSoon]
    );
}

async fn completing_a_path_awards_its_badge_once_and_never_again_once_revoked(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let (early, early_row) = app.signed_in("early@example.com", Role::Member).await;
    let badge: i64 = app
        .json(
            &admin,
            "create_badge",
            &[
                ("badge[name]", "Security aware"),
                ("badge[description]", "Knows how we keep things safe"),
                ("badge[criteria]", ""),
                ("badge[icon]", "star"),
            ],
        )
        .await;
    let badge = badge.to_string();
    let path = create_path(&app, &admin, "Security basics", false).await;
    let link = add_step(
        &app,
        &admin,
        &path,
        &[
            ("step[kind]", "link"),
            ("step[title]", "Lock your screen"),
            ("step[url]", "https://example.com/lock"),
        ],
    )
    .await;
    for email in ["kim@example.com", "early@example.com"] {
        let fields = [
            ("assignment[audience]", "person"),
            ("assignment[email]", email),
        ];
        assert_eq!(assign(&app, &admin, &path, &fields).await, StatusCode::OK);
    }
    let held = |who: i64| {
        let (app, admin) = (&app, &admin);
        async move {
            let id = who.to_string();
            app.json::<Vec<Award>>(admin, "person_badges", &[("id", &id)])
                .await
        }
    };
    // Someone who finished before the path named a badge gets it when it does.
    assert_eq!(
        status(&app, &early, "mark_step", &[("step", &link)])
            .await
            .0,
        StatusCode::OK
    );
    assert!(held(early_row.id).await.is_empty());
    for refused in ["abc", "999999"] {
        let answer = status(
            &app,
            &admin,
            "set_path_badge",
            &[("id", &path), ("badge", refused)],
        )
        .await;
        assert_eq!(answer.0, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    }
    let awarded: i64 = app
        .json(
            &admin,
            "set_path_badge",
            &[("id", &path), ("badge", &badge)],
        )
        .await;
    assert_eq!(awarded, 1);
    assert_eq!(held(early_row.id).await.len(), 1);

    // Completing it awards it at once; completing again, or asking again, awards nothing more.
    for _ in 0..2 {
        assert_eq!(
            status(&app, &kim, "mark_step", &[("step", &link)]).await.0,
            StatusCode::OK
        );
    }
    let again: i64 = app.json(&admin, "award_path_badge", &[("id", &path)]).await;
    assert_eq!(again, 0);
    let kims = held(kim_row.id).await;
    assert_eq!(kims.len(), 1);
    assert_eq!(
        kims[0].note,
        "Completed the learning path “Security basics”"
    );
    assert_eq!(kims[0].awarded_by, None);
    let notices: NoticePage = app.json(&kim, "list_notifications", &[]).await;
    let earned: Vec<&str> = notices
        .notices
        .iter()
        .filter(|notice| notice.kind == NoticeKind::BadgeAwarded)
        .map(|notice| notice.words.as_str())
        .collect();
    assert_eq!(earned, ["You earned a badge"]);

    // A revoked award stays revoked, however often the rule runs.
    let award = kims[0].id.to_string();
    assert_eq!(
        status(
            &app,
            &admin,
            "revoke_award",
            &[("id", &award), ("reason", "Shared a password")]
        )
        .await
        .0,
        StatusCode::OK
    );
    let again: i64 = app.json(&admin, "award_path_badge", &[("id", &path)]).await;
    assert_eq!(again, 0);
    assert_eq!(
        held(kim_row.id).await[0].revoked.as_deref(),
        Some("Shared a password")
    );
}

crate::on_both_databases!(
    completing_a_path_awards_its_badge_once_and_never_again_once_revoked,
    a_rule_assignment_reaches_a_hire_invited_later,
    progress_follows_each_kind_of_step_and_is_computed_from_facts,
    facilitators_see_the_progress_of_their_groups_members_only,
    admins_pick_what_steps_point_at_by_name_and_reorder_them,
    unfinished_paths_remind_once_when_due_soon_and_once_overdue,
);
