//! Notifications through the server functions and the live socket, on both databases.

use crate::{
    common::{Backend, TestApp, live, spawn_app},
    feed::{new_group, post},
    fixtures::{new_category, new_expert, new_item},
};
use app::{
    db::email_outbox,
    feed::types::CommentView,
    groups::types::{Group, MemberStatus},
    library::types::ItemStatus,
    live::types::LiveKind,
    notify::types::{GroupLevel, NoticeKind, NoticePage},
    people::types::Role,
};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn notices(app: &TestApp, reader: &Client) -> NoticePage {
    app.json(reader, "list_notifications", &[]).await
}

async fn unread(app: &TestApp, reader: &Client) -> i64 {
    app.json(reader, "unread_notifications", &[]).await
}

async fn comment(app: &TestApp, author: &Client, post: i64, parent: Option<i64>, body: &str) {
    let post = post.to_string();
    let parent = parent.map(|id| id.to_string());
    let mut fields = vec![("post", post.as_str()), ("body", body)];
    if let Some(parent) = &parent {
        fields.push(("parent", parent));
    }
    app.json::<()>(author, "add_comment", &fields).await;
}

async fn comments_gather_on_one_notification_and_replies_reach_the_comment_author(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let written = post(&app, &author, "", "Welcome to the **team**, everyone").await;
    comment(&app, &ana, written.id, None, "Thank you!").await;
    comment(&app, &ben, written.id, None, "Glad to be here").await;
    comment(&app, &ana, written.id, None, "One more thing").await;
    comment(&app, &author, written.id, None, "You're welcome").await;

    let told = notices(&app, &author).await.notices;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].kind, NoticeKind::Comment);
    assert_eq!(
        told[0].words,
        "ana and 1 other commented on your post “Welcome to the team, everyone”"
    );
    // It quotes the latest comment and leads to it.
    assert_eq!(told[0].detail.as_deref(), Some("One more thing"));
    let link = told[0].link.clone().unwrap();
    assert!(
        link.starts_with(&format!("/posts/{}#comment-", written.id)),
        "{link}"
    );
    assert!(!told[0].read);
    assert_eq!(unread(&app, &author).await, 1);

    let thread: Vec<CommentView> = app
        .json(&ben, "list_comments", &[("post", &written.id.to_string())])
        .await;
    let anas = thread.iter().find(|c| c.body == "Thank you!").unwrap().id;
    comment(&app, &ben, written.id, Some(anas), "Same here").await;
    let told = notices(&app, &ana).await.notices;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].kind, NoticeKind::Reply);
    assert!(
        told[0].words.starts_with("ben replied to your comment on"),
        "{}",
        told[0].words
    );
    // Ben's reply is still one notification for the author: he had commented already.
    let told = notices(&app, &author).await.notices;
    assert_eq!(told.len(), 1);
    assert!(
        told[0].words.starts_with("ben and 1 other"),
        "{}",
        told[0].words
    );
    // Nobody is told of what they did themselves.
    assert!(notices(&app, &ben).await.notices.is_empty());
}

async fn a_mention_is_told_once_and_never_where_the_person_cannot_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let written = post(&app, &ana, "", "Thanks @ben and @ana for the demo").await;
    let id = written.id.to_string();
    app.json::<serde_json::Value>(
        &ana,
        "edit_post",
        &[("id", &id), ("body", "Thanks @ben, again")],
    )
    .await;
    let told = notices(&app, &ben).await.notices;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].kind, NoticeKind::Mention);
    // The quote is of the post as it reads now.
    assert_eq!(told[0].words, "ana mentioned you in “Thanks @ben, again”");
    assert!(notices(&app, &ana).await.notices.is_empty());

    // In a closed group Ben does not belong to, a mention of him shows him nothing.
    let group = new_group(&app, &ana, "Board", "closed").await;
    post(&app, &ana, &group, "Ask @ben about the budget").await;
    assert_eq!(notices(&app, &ben).await.notices.len(), 1);
    assert_eq!(unread(&app, &ben).await, 1);
}

async fn moderators_decisions_and_join_requests_reach_the_people_they_concern(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, _) = app.signed_in("owner@example.com", Role::Member).await;
    let (member, member_row) = app.signed_in("member@example.com", Role::Member).await;
    let group = new_group(&app, &owner, "Rust learners", "closed").await;
    let status: MemberStatus = app.json(&member, "join_group", &[("id", &group)]).await;
    assert_eq!(status, MemberStatus::Requested);
    let told = notices(&app, &owner).await.notices;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].words, "member asked to join Rust learners");
    assert_eq!(told[0].link.as_deref(), Some(&*format!("/groups/{group}")));

    let person = member_row.id.to_string();
    app.json::<()>(
        &owner,
        "decide_join",
        &[("id", &group), ("person", &person), ("approve", "true")],
    )
    .await;
    let told = notices(&app, &member).await.notices;
    assert_eq!(told[0].kind, NoticeKind::JoinApproved);
    assert_eq!(told[0].words, "owner let you into Rust learners");

    let written = post(&app, &member, &group, "My first question").await;
    app.json::<()>(
        &owner,
        "moderate_post",
        &[
            ("id", &written.id.to_string()),
            ("decision", "hide"),
            ("reason", "Please ask in the help thread"),
        ],
    )
    .await;
    let told = notices(&app, &member).await.notices;
    assert_eq!(told[0].kind, NoticeKind::PostHidden);
    assert_eq!(told[0].words, "Your post “My first question” was hidden");
    assert_eq!(
        told[0].detail.as_deref(),
        Some("Please ask in the help thread")
    );

    // An announcement reaches every member but its author.
    app.json::<serde_json::Value>(
        &owner,
        "create_post",
        &crate::common::post_form(&group, "announcement", "Meetup on Friday", "3"),
    )
    .await;
    let told = notices(&app, &member).await.notices;
    assert_eq!(told[0].kind, NoticeKind::Announcement);
    assert_eq!(
        told[0].words,
        "owner announced in Rust learners: “Meetup on Friday”"
    );
    assert!(
        notices(&app, &owner)
            .await
            .notices
            .iter()
            .all(|notice| notice.kind != NoticeKind::Announcement)
    );
}

async fn notifications_are_marked_read_one_or_all_and_only_by_their_reader(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    let first = post(&app, &author, "", "First").await;
    let second = post(&app, &author, "", "Second").await;
    comment(&app, &ana, first.id, None, "On the first").await;
    comment(&app, &ana, second.id, None, "On the second").await;
    assert_eq!(unread(&app, &author).await, 2);
    let told = notices(&app, &author).await.notices;
    let newest = told[0].id.to_string();

    let refused = app
        .call(&ana, "mark_notification_read", &[("id", &newest)])
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    app.json::<()>(&author, "mark_notification_read", &[("id", &newest)])
        .await;
    app.json::<()>(&author, "mark_notification_read", &[("id", &newest)])
        .await;
    assert_eq!(unread(&app, &author).await, 1);
    let told = notices(&app, &author).await.notices;
    assert_eq!(
        told.iter().map(|n| n.read).collect::<Vec<_>>(),
        [true, false]
    );

    // Read, it gathers no more: a new comment is news again.
    comment(&app, &ana, second.id, None, "And again").await;
    assert_eq!(notices(&app, &author).await.notices.len(), 3);
    app.json::<()>(&author, "mark_all_notifications_read", &[])
        .await;
    assert_eq!(unread(&app, &author).await, 0);
}

async fn notifications_page_newest_first_without_gaps(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    for n in 0..25 {
        let written = post(&app, &author, "", &format!("Post {n}")).await;
        comment(&app, &ana, written.id, None, "Nice").await;
    }
    let first = notices(&app, &author).await;
    assert_eq!(first.notices.len(), 20);
    let next = first.next.expect("a second page");
    let (at, id) = (next.at.to_string(), next.id.to_string());
    let second: NoticePage = app
        .json(
            &author,
            "list_notifications",
            &[("after[at]", &at), ("after[id]", &id)],
        )
        .await;
    assert_eq!(second.notices.len(), 5);
    assert!(second.next.is_none());
    let mut ids: Vec<i64> = first
        .notices
        .iter()
        .chain(&second.notices)
        .map(|n| n.id)
        .collect();
    let listed = ids.clone();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    assert_eq!(listed, ids, "newest first, each once");
    assert_eq!(
        first.notices[0].words,
        "ana commented on your post “Post 24”"
    );
}

async fn the_bell_hears_of_a_new_notification_over_the_socket(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, author_row, cookie) = app.session_cookie("author@example.com", Role::Member).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    let (_, _, other_cookie) = app.session_cookie("other@example.com", Role::Member).await;
    let written = post(&app, &author, "", "Questions welcome").await;
    let mut page = live(&app.base, &cookie, None).await;
    let mut other = live(&app.base, &other_cookie, None).await;
    comment(&app, &ana, written.id, None, "I have one").await;
    let heard = page
        .wait_for(|event| event.kind == LiveKind::NotificationsChanged)
        .await;
    assert_eq!(heard.person, Some(author_row.id));
    let others = other
        .events_within(std::time::Duration::from_millis(500))
        .await;
    assert!(
        others
            .iter()
            .all(|event| event.kind != LiveKind::NotificationsChanged),
        "{others:?}"
    );
}

async fn experts_hear_of_work_to_review_and_owners_of_the_decision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, owner_row) = app.signed_in("owner@example.com", Role::Member).await;
    let (expert, expert_row) = app.signed_in("expert@example.com", Role::Member).await;
    let (bystander, _) = app.signed_in("bystander@example.com", Role::Member).await;
    new_expert(&app, expert_row.id, "security").await;
    new_expert(&app, owner_row.id, "security").await;
    let category = new_category(&app, "Guides", true).await;
    let item = new_item(&app, category, owner_row.id, ItemStatus::Draft)
        .await
        .to_string();
    app.json::<()>(&owner, "submit_item", &[("id", &item)])
        .await;
    let told = notices(&app, &expert).await.notices;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].kind, NoticeKind::ReviewRequested);
    assert_eq!(told[0].words, "owner asks you to review “Screen locking”");
    assert_eq!(
        told[0].link.as_deref(),
        Some(&*format!("/library/items/{item}"))
    );
    assert!(
        notices(&app, &owner).await.notices.is_empty(),
        "owners never review their own work"
    );
    assert!(notices(&app, &bystander).await.notices.is_empty());

    app.json::<()>(
        &expert,
        "review_item",
        &[
            ("id", &item),
            ("decision", "sent_back"),
            ("comment", "Add a screenshot"),
            ("version", "1"),
        ],
    )
    .await;
    let told = notices(&app, &owner).await.notices;
    assert_eq!(told[0].kind, NoticeKind::ReviewSentBack);
    assert_eq!(told[0].words, "expert sent “Screen locking” back to you");
    assert_eq!(told[0].detail.as_deref(), Some("Add a screenshot"));
    // Decided, the request is no longer news to the expert.
    assert!(notices(&app, &expert).await.notices.is_empty());
    assert_eq!(unread(&app, &expert).await, 0);
}

async fn a_path_assigned_to_people_tells_each_of_them_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (learner, _) = app.signed_in("learner@example.com", Role::Member).await;
    let id: i64 = app
        .json(
            &admin,
            "create_path",
            &[
                ("path[title]", "Welcome aboard"),
                ("path[summary]", ""),
                ("path[linear]", ""),
            ],
        )
        .await;
    let path = id.to_string();
    for _ in 0..2 {
        app.json::<()>(
            &admin,
            "assign_path",
            &[
                ("path", &path),
                ("assignment[audience]", "person"),
                ("assignment[email]", "learner@example.com"),
            ],
        )
        .await;
    }
    let told = notices(&app, &learner).await.notices;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(
        told[0].words,
        "admin assigned you the learning path “Welcome aboard”"
    );
    assert_eq!(told[0].link.as_deref(), Some(&*format!("/paths/{path}")));
}

async fn each_member_chooses_how_much_of_a_group_reaches_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, _) = app.signed_in("owner@example.com", Role::Member).await;
    let (quiet, _) = app.signed_in("quiet@example.com", Role::Member).await;
    let (keen, _) = app.signed_in("keen@example.com", Role::Member).await;
    let (outsider, _) = app.signed_in("outsider@example.com", Role::Member).await;
    let group = new_group(&app, &owner, "Rust learners", "open").await;
    for member in [&quiet, &keen] {
        app.json::<MemberStatus>(member, "join_group", &[("id", &group)])
            .await;
    }
    app.json::<()>(
        &quiet,
        "set_group_level",
        &[("group", &group), ("level", "off")],
    )
    .await;
    app.json::<()>(
        &keen,
        "set_group_level",
        &[("group", &group), ("level", "all")],
    )
    .await;
    let refused = app
        .call(
            &outsider,
            "set_group_level",
            &[("group", &group), ("level", "all")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app
        .call(
            &keen,
            "set_group_level",
            &[("group", &group), ("level", "loud")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let chosen: Group = app.json(&quiet, "get_group", &[("id", &group)]).await;
    assert_eq!(chosen.notifications, Some(GroupLevel::Off));

    post(&app, &owner, &group, "Pairing tonight, @quiet and @keen?").await;
    app.json::<serde_json::Value>(
        &owner,
        "create_post",
        &crate::common::post_form(&group, "announcement", "Room change", "3"),
    )
    .await;
    let kinds = |page: NoticePage| page.notices.iter().map(|n| n.kind).collect::<Vec<_>>();
    // Off: the mention stays silent; the announcement still comes.
    assert_eq!(
        kinds(notices(&app, &quiet).await),
        [NoticeKind::Announcement]
    );
    // All posts: the highlights, and every other post (a post that mentions them is told once).
    assert_eq!(
        kinds(notices(&app, &keen).await),
        [NoticeKind::Announcement, NoticeKind::Mention]
    );
    post(&app, &owner, &group, "Notes from tonight").await;
    let told = notices(&app, &keen).await;
    assert_eq!(told.notices[0].kind, NoticeKind::GroupPost);
    assert_eq!(
        told.notices[0].words,
        "owner posted in Rust learners: “Notes from tonight”"
    );
    assert_eq!(notices(&app, &quiet).await.notices.len(), 1);

    // Having left, a follower hears no more of the group's posts.
    app.json::<()>(&keen, "leave_group", &[("id", &group)])
        .await;
    post(&app, &owner, &group, "After you left").await;
    assert_eq!(
        notices(&app, &keen).await.notices[0].kind,
        NoticeKind::GroupPost
    );
    assert!(
        !notices(&app, &keen)
            .await
            .notices
            .iter()
            .any(|notice| notice.words.contains("After you left"))
    );
}

async fn reactions_gather_on_one_notification_and_wait_for_the_digest(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let written = post(&app, &author, "", "Our new office opens on Monday").await;
    let id = written.id.to_string();
    for (who, reaction) in [
        (&ana, "like"),
        (&ana, "celebrate"),
        (&ben, "like"),
        // Taking a reaction back tells nobody anything.
        (&ben, "like"),
        (&author, "like"),
    ] {
        app.json::<serde_json::Value>(
            who,
            "toggle_reaction",
            &[("post", &id[..]), ("reaction", reaction)],
        )
        .await;
    }

    let told = notices(&app, &author).await.notices;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].kind, NoticeKind::Reaction);
    assert_eq!(
        told[0].words,
        "ben and 1 other reacted to your post “Our new office opens on Monday”"
    );
    assert_eq!(told[0].link.as_deref(), Some(&format!("/posts/{id}")[..]));
    // Reactions wait for the daily digest unless the author asks for them at once.
    let mails = email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq("author@example.com"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(mails, 0);
    assert!(notices(&app, &ana).await.notices.is_empty());
}

crate::on_both_databases!(
    each_member_chooses_how_much_of_a_group_reaches_them,
    experts_hear_of_work_to_review_and_owners_of_the_decision,
    a_path_assigned_to_people_tells_each_of_them_once,
    comments_gather_on_one_notification_and_replies_reach_the_comment_author,
    reactions_gather_on_one_notification_and_wait_for_the_digest,
    a_mention_is_told_once_and_never_where_the_person_cannot_read,
    moderators_decisions_and_join_requests_reach_the_people_they_concern,
    notifications_are_marked_read_one_or_all_and_only_by_their_reader,
    notifications_page_newest_first_without_gaps,
    the_bell_hears_of_a_new_notification_over_the_socket,
);
