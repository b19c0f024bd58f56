//! The personal learning network: following people, finding who can help with a topic, and people
//! like oneself, on both databases.

use crate::{
    common::{Backend, TestApp, live, spawn_app},
    feed::{new_group, post},
    fixtures::{new_comment, new_expert},
};
use app::{
    db::{user, user_tag},
    feed::types::{FeedPage, PostView},
    groups::types::MemberStatus,
    live::types::LiveKind,
    notify::types::{NoticeKind, NoticePage},
    people::types::{AccountStatus, Expert, FollowPage, Follows, Role, Suggestion, TagKind},
};
use chrono::NaiveDate;
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use std::time::Duration;

async fn feed(app: &TestApp, reader: &Client, scope: &str) -> Vec<i64> {
    let page: FeedPage = app.json(reader, "list_feed", &[("scope", scope)]).await;
    page.posts.iter().map(|post| post.id).collect()
}

async fn follow(app: &TestApp, who: &Client, person: i64, on: bool) -> Follows {
    let person = person.to_string();
    let on = on.to_string();
    app.json(who, "follow_person", &[("id", &person), ("follow", &on)])
        .await
}

async fn follow_list(app: &TestApp, who: &Client, person: i64, side: &str) -> Vec<String> {
    let person = person.to_string();
    let page: FollowPage = app
        .json(who, "list_follows", &[("id", &person), ("side", side)])
        .await;
    page.people.into_iter().map(|person| person.name).collect()
}

async fn following_brings_a_persons_posts_home_only_from_places_the_reader_reads(backend: Backend) {
    let app = spawn_app(backend).await;
    let (ben, ben_row, ben_cookie) = app.session_cookie("ben@example.com", Role::Member).await;
    let (jonas, jonas_row) = app.signed_in("jonas@example.com", Role::Member).await;
    let open = new_group(&app, &jonas, "Databases", "open").await;
    let secret = new_group(&app, &jonas, "Incident room", "secret").await;
    let in_open: PostView = post(&app, &jonas, &open, "Indexes for keyset pages").await;
    let in_secret: PostView = post(&app, &jonas, &secret, "The outage, in detail").await;
    assert!(!feed(&app, &ben, "Home").await.contains(&in_open.id));
    assert!(feed(&app, &ben, "Following").await.is_empty());

    let mut socket = live(&app.base, &ben_cookie, None).await;
    let now = follow(&app, &ben, jonas_row.id, true).await;
    assert_eq!(
        now,
        Follows {
            followers: 1,
            following: 0,
            mine: true
        }
    );
    socket
        .wait_for(|event| {
            event.kind == LiveKind::FollowsChanged && event.person == Some(ben_row.id)
        })
        .await;
    let home = feed(&app, &ben, "Home").await;
    assert!(
        home.contains(&in_open.id),
        "an open group's post joins Home"
    );
    assert!(!home.contains(&in_secret.id), "a secret group's never does");
    assert_eq!(feed(&app, &ben, "Following").await, [in_open.id]);
    // Jonas's next post reaches Ben's open page, which takes it in as its author is followed.
    let next: PostView = post(&app, &jonas, &open, "Part two").await;
    socket
        .wait_for(|event| event.kind == LiveKind::PostCreated && event.post == Some(next.id))
        .await;

    // Following again changes nothing and tells Jonas nothing new.
    assert_eq!(follow(&app, &ben, jonas_row.id, true).await.followers, 1);
    let notices: NoticePage = app.json(&jonas, "list_notifications", &[]).await;
    let followed: Vec<&str> = notices
        .notices
        .iter()
        .filter(|notice| notice.kind == NoticeKind::Follower)
        .map(|notice| notice.words.as_str())
        .collect();
    assert_eq!(followed, ["ben started following you"]);
    assert_eq!(
        follow_list(&app, &ben, jonas_row.id, "followers").await,
        ["ben"]
    );
    assert_eq!(
        follow_list(&app, &jonas, ben_row.id, "following").await,
        ["jonas"]
    );
    assert!(
        follow_list(&app, &ben, ben_row.id, "followers")
            .await
            .is_empty()
    );

    // Nobody follows themselves, or someone who is not there.
    let me = ben_row.id.to_string();
    let own = app
        .call(&ben, "follow_person", &[("id", &me), ("follow", "true")])
        .await;
    assert_eq!(own.status(), StatusCode::CONFLICT);
    let missing = app
        .call(
            &ben,
            "follow_person",
            &[("id", "999999"), ("follow", "true")],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let after = follow(&app, &ben, jonas_row.id, false).await;
    assert_eq!((after.followers, after.mine), (0, false));
    assert!(!feed(&app, &ben, "Home").await.contains(&in_open.id));
    assert!(feed(&app, &ben, "Following").await.is_empty());

    // Second thoughts tell Jonas nothing new, even once he has read the first.
    let read = app.call(&jonas, "mark_all_notifications_read", &[]).await;
    assert_eq!(read.status(), StatusCode::OK);
    follow(&app, &ben, jonas_row.id, false).await;
    follow(&app, &ben, jonas_row.id, true).await;
    let notices: NoticePage = app.json(&jonas, "list_notifications", &[]).await;
    let followers = notices
        .notices
        .iter()
        .filter(|notice| notice.kind == NoticeKind::Follower)
        .count();
    assert_eq!(followers, 1);

    // Someone who has left can still be unfollowed, though no longer followed.
    let mut gone: user::ActiveModel = jonas_row.into();
    gone.status = Set(AccountStatus::Deactivated);
    let gone = gone.update(&app.db).await.unwrap();
    assert!(feed(&app, &ben, "Following").await.is_empty());
    let refused = app
        .call(
            &ben,
            "follow_person",
            &[("id", &gone.id.to_string()), ("follow", "true")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert!(!follow(&app, &ben, gone.id, false).await.mine);
}

/// Someone's skill or interest, as if they had saved it on their profile.
async fn new_tag(app: &TestApp, person: i64, kind: TagKind, tag: &str) {
    user_tag::ActiveModel {
        user_id: Set(person),
        kind: Set(kind),
        tag: Set(tag.into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// Asks as `who` until the index has caught up with the questions asked (within a second or two).
async fn experts_until(
    app: &TestApp,
    who: &Client,
    topic: &str,
    done: impl Fn(&[Expert]) -> bool,
) -> Vec<Expert> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let found: Vec<Expert> = app.json(who, "find_experts", &[("topic", topic)]).await;
        if done(&found) {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never found; last: {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A question about the topic in `group`, answered by `answerer` and accepted by its asker.
async fn answered(app: &TestApp, asker: &Client, group: &str, answerer: i64) {
    let question: PostView = app
        .json(
            asker,
            "create_post",
            &crate::common::post_form(group, "question", "How do I tune PostgreSQL vacuum?", ""),
        )
        .await;
    let answer = new_comment(app, question.id, answerer).await.to_string();
    let id = question.id.to_string();
    let accepted = app
        .call(
            asker,
            "accept_answer",
            &[("post", &id), ("comment", &answer)],
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::OK);
}

async fn the_expert_finder_ranks_by_evidence_and_never_counts_a_secret_groups_answers_for_outsiders(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let (_, jonas) = app.signed_in("jonas@example.com", Role::Member).await;
    let (priya, _) = app.signed_in("priya@example.com", Role::Member).await;
    let (_, kim) = app.signed_in("kim@example.com", Role::Member).await;
    let (_, mateo) = app.signed_in("mateo@example.com", Role::Member).await;
    // Jonas's answer is accepted in the company feed, and admins name him an expert.
    answered(&app, &ben, "", jonas.id).await;
    new_expert(&app, jonas.id, "postgresql").await;
    // Kim's is accepted in Priya's secret group, where Ben is not.
    let secret = new_group(&app, &priya, "Database guild", "secret").await;
    answered(&app, &priya, &secret, kim.id).await;
    // Mateo says so, and holds a badge about it; a revoked one counts for nothing.
    new_tag(&app, mateo.id, TagKind::Skill, "postgresql").await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    for (name, email) in [
        ("PostgreSQL tuner", "mateo@example.com"),
        ("PostgreSQL on call", "kim@example.com"),
    ] {
        let badge: i64 = app
            .json(
                &admin,
                "create_badge",
                &[
                    ("badge[name]", name),
                    ("badge[description]", "Keeps the database fast"),
                    ("badge[criteria]", ""),
                    ("badge[icon]", "bulb"),
                ],
            )
            .await;
        let badge = badge.to_string();
        let awarded = app
            .call(
                &admin,
                "award_badge",
                &[("id", &badge), ("email", email), ("note", "Thanks")],
            )
            .await;
        assert_eq!(awarded.status(), StatusCode::OK);
        if email == "kim@example.com" {
            let held: Vec<app::badges::types::Award> = app
                .json(&admin, "person_badges", &[("id", &kim.id.to_string())])
                .await;
            let revoked = app
                .call(
                    &admin,
                    "revoke_award",
                    &[("id", &held[0].id.to_string()), ("reason", "Mistake")],
                )
                .await;
            assert_eq!(revoked.status(), StatusCode::OK);
        }
    }

    let names = |found: &[Expert]| -> Vec<String> {
        found
            .iter()
            .map(|expert| expert.person.name.clone())
            .collect()
    };
    // Answers are found through the search index, which takes a moment to catch up with them.
    let answered = |found: &[Expert]| {
        found.iter().any(|expert| {
            expert.person.name == "jonas"
                && expert
                    .reasons
                    .iter()
                    .any(|reason| reason.contains("accepted answer"))
        })
    };
    let for_ben = experts_until(&app, &ben, "PostgreSQL", |found| {
        found.len() >= 2 && answered(found)
    })
    .await;
    assert_eq!(
        names(&for_ben),
        ["jonas", "mateo"],
        "no Kim: Ben may not read her answer"
    );
    assert_eq!(
        for_ben[0].reasons,
        [
            "Subject-matter expert in postgresql, named by an admin",
            "1 accepted answer about PostgreSQL",
        ]
    );
    assert_eq!(
        for_ben[1].reasons,
        [
            "Holds the badge “PostgreSQL tuner”",
            "Lists postgresql among their skills"
        ]
    );
    // A word of the topic finds a tag as a whole word, and the reason names the tag.
    let by_word = experts_until(&app, &ben, "sql", |_| true).await;
    let tags_matched = by_word
        .iter()
        .flat_map(|expert| &expert.reasons)
        .any(|reason| reason.starts_with("Lists") || reason.starts_with("Subject-matter"));
    assert!(!tags_matched, "the tag sql is not postgresql: {by_word:?}");

    // Priya reads her group: Kim's answer counts for her.
    let for_priya = experts_until(&app, &priya, "PostgreSQL", |found| found.len() >= 3).await;
    assert_eq!(names(&for_priya), ["jonas", "mateo", "kim"]);
    assert_eq!(
        for_priya[2].reasons,
        ["1 accepted answer about PostgreSQL"],
        "Kim's revoked badge counts for nothing"
    );

    let long = "x".repeat(101);
    let refused = app.call(&ben, "find_experts", &[("topic", &long)]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let nothing: Vec<Expert> = app.json(&ben, "find_experts", &[("topic", "  ")]).await;
    assert!(nothing.is_empty());
}

/// Sets what "people like you" compares on someone's account.
async fn placed(app: &TestApp, person: &user::Model, department: &str, start: (i32, u32, u32)) {
    let mut row: user::ActiveModel = person.clone().into();
    row.department = Set(department.into());
    row.start_date = Set(NaiveDate::from_ymd_opt(start.0, start.1, start.2));
    row.update(&app.db).await.unwrap();
}

async fn suggested(app: &TestApp, who: &Client) -> Vec<(String, String)> {
    let found: Vec<Suggestion> = app.json(who, "suggest_people", &[]).await;
    found
        .into_iter()
        .map(|suggestion| (suggestion.person.name, suggestion.reason))
        .collect()
}

async fn people_like_me_are_suggested_with_a_reason_until_followed_or_dismissed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let (ann, ann_row) = app.signed_in("ann@example.com", Role::Member).await;
    let jonas = app
        .person("jonas@example.com", Role::Member, AccountStatus::Active)
        .await;
    let zed = app
        .person("zed@example.com", Role::Member, AccountStatus::Active)
        .await;
    let gone = app
        .person("gone@example.com", Role::Member, AccountStatus::Deactivated)
        .await;
    placed(&app, &kim_row, "Engineering", (2026, 11, 2)).await;
    placed(&app, &ann_row, "Design", (2026, 11, 9)).await;
    placed(&app, &jonas, "Engineering", (2019, 9, 2)).await;
    placed(&app, &zed, "Sales", (2020, 1, 6)).await;
    placed(&app, &gone, "Engineering", (2026, 11, 2)).await;
    new_tag(&app, kim_row.id, TagKind::Interest, "rust").await;
    new_tag(&app, jonas.id, TagKind::Skill, "rust").await;
    new_tag(&app, zed.id, TagKind::Skill, "golf").await;
    let cohort: i64 = app
        .json(
            &kim,
            "create_group",
            &[
                ("group[name]", "New hires, November"),
                ("group[description]", ""),
                ("group[privacy]", "open"),
                ("group[kind]", "cohort"),
            ],
        )
        .await;
    let cohort = cohort.to_string();
    app.json::<MemberStatus>(&ann, "join_group", &[("id", &cohort)])
        .await;

    assert_eq!(
        suggested(&app, &kim).await,
        [
            (
                "ann".to_string(),
                "In your cohort, New hires, November · Started within a month of you".to_string()
            ),
            (
                "jonas".to_string(),
                "Knows rust, which you're learning · Also in Engineering".to_string()
            ),
        ],
        "nobody with nothing in common, no deactivated account, never oneself"
    );

    follow(&app, &kim, jonas.id, true).await;
    let ann_id = ann_row.id.to_string();
    for _ in 0..2 {
        let dismissed = app
            .call(&kim, "dismiss_suggestion", &[("id", &ann_id)])
            .await;
        assert_eq!(dismissed.status(), StatusCode::OK);
    }
    assert!(suggested(&app, &kim).await.is_empty());
    let missing = app
        .call(&kim, "dismiss_suggestion", &[("id", "999999")])
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // Ann's own suggestions are hers: Kim is still suggested to her.
    assert_eq!(suggested(&app, &ann).await.len(), 1);
}

crate::on_both_databases!(
    people_like_me_are_suggested_with_a_reason_until_followed_or_dismissed,
    following_brings_a_persons_posts_home_only_from_places_the_reader_reads,
    the_expert_finder_ranks_by_evidence_and_never_counts_a_secret_groups_answers_for_outsiders,
);
