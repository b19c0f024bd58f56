//! The personal learning network: following people, and finding who can help with a topic, on
//! both databases.

use crate::{
    common::{Backend, TestApp, live, spawn_app},
    feed::{new_group, post},
    fixtures::{new_comment, new_expert},
};
use app::{
    db::user_tag,
    feed::types::{FeedPage, PostView},
    live::types::LiveKind,
    notify::types::{NoticeKind, NoticePage},
    people::types::{Expert, FollowPage, Follows, Role, TagKind},
};
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
}

/// Someone's skill, as if they had saved it on their profile.
async fn new_skill(app: &TestApp, person: i64, skill: &str) {
    user_tag::ActiveModel {
        user_id: Set(person),
        kind: Set(TagKind::Skill),
        tag: Set(skill.into()),
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
    // Mateo only says so.
    new_skill(&app, mateo.id, "postgresql").await;

    let names = |found: &[Expert]| -> Vec<String> {
        found
            .iter()
            .map(|expert| expert.person.name.clone())
            .collect()
    };
    let for_ben = experts_until(&app, &ben, "PostgreSQL", |found| found.len() >= 2).await;
    assert_eq!(
        names(&for_ben),
        ["jonas", "mateo"],
        "no Kim: Ben may not read her answer"
    );
    assert_eq!(
        for_ben[0].reasons,
        [
            "Subject-matter expert in PostgreSQL, named by an admin",
            "1 accepted answer about PostgreSQL",
        ]
    );
    assert_eq!(for_ben[1].reasons, ["Lists PostgreSQL among their skills"]);

    // Priya reads her group: Kim's answer counts for her.
    let for_priya = experts_until(&app, &priya, "PostgreSQL", |found| found.len() >= 3).await;
    assert_eq!(names(&for_priya), ["jonas", "kim", "mateo"]);
    assert_eq!(for_priya[1].reasons, ["1 accepted answer about PostgreSQL"]);

    let long = "x".repeat(101);
    let refused = app.call(&ben, "find_experts", &[("topic", &long)]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let nothing: Vec<Expert> = app.json(&ben, "find_experts", &[("topic", "  ")]).await;
    assert!(nothing.is_empty());
}

crate::on_both_databases!(
    following_brings_a_persons_posts_home_only_from_places_the_reader_reads,
    the_expert_finder_ranks_by_evidence_and_never_counts_a_secret_groups_answers_for_outsiders,
);
