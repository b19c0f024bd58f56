//! Groups, feeds and moderation through the server functions, on both databases.

use crate::common::{Backend, TestApp, error_kind, post_form, spawn_app};
use app::{
    feed::types::{Card, CardPage, FeedPage, PostStatus, PostView},
    groups::types::{Group, MemberStatus},
    moderation::types::{LogPage, ModerationKind, Outcome, Queue, ReportStatus, ReportView},
    people::types::Role,
};
use reqwest::{Client, StatusCode};
use std::collections::HashSet;

/// A group made by `owner`; returns its id as a string, ready for forms.
pub async fn new_group(app: &TestApp, owner: &Client, name: &str, privacy: &str) -> String {
    let id: i64 = app
        .json(
            owner,
            "create_group",
            &[
                ("group[name]", name),
                ("group[description]", "Where we learn together"),
                ("group[privacy]", privacy),
                ("group[kind]", "community"),
            ],
        )
        .await;
    id.to_string()
}

/// Posts in a group (or the company feed when `group` is empty).
pub async fn post(app: &TestApp, author: &Client, group: &str, body: &str) -> PostView {
    app.json(author, "create_post", &post_form(group, "post", body, ""))
        .await
}

async fn group_feed(app: &TestApp, reader: &Client, group: &str, after: Option<i64>) -> FeedPage {
    let after = after.map(|id| id.to_string());
    let mut fields = vec![("scope[Group]", group)];
    if let Some(after) = &after {
        fields.push(("after", after));
    }
    app.json(reader, "list_feed", &fields).await
}

async fn home_feed(app: &TestApp, reader: &Client) -> FeedPage {
    app.json(reader, "list_feed", &[("scope", "Home")]).await
}

fn ids(page: &FeedPage) -> Vec<i64> {
    page.posts.iter().map(|post| post.id).collect()
}

/// A group with an owner (who facilitates) and a member who joined it.
struct Scene {
    app: TestApp,
    owner: Client,
    member: Client,
    member_id: String,
    group: String,
}

async fn scene(backend: Backend, privacy: &str) -> Scene {
    let app = spawn_app(backend).await;
    let (owner, _) = app.signed_in("owner@example.com", Role::Member).await;
    let (member, member_row) = app.signed_in("member@example.com", Role::Member).await;
    let group = new_group(&app, &owner, "Rust learners", privacy).await;
    if privacy == "secret" {
        // Secret groups are entered by invitation, which the member then accepts.
        let response = app
            .call(
                &owner,
                "add_member",
                &[("id", &group), ("email", "member@example.com")],
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let status: MemberStatus = app.json(&member, "join_group", &[("id", &group)]).await;
    if status == MemberStatus::Requested {
        let person = member_row.id.to_string();
        let response = app
            .call(
                &owner,
                "decide_join",
                &[("id", &group), ("person", &person), ("approve", "true")],
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    Scene {
        app,
        owner,
        member,
        member_id: member_row.id.to_string(),
        group,
    }
}

async fn members_post_and_everyone_who_may_read_sees_it(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "closed").await;
    let (outsider, _) = app.signed_in("outsider@example.com", Role::Member).await;
    let written = post(&app, &member, &group, "Hello **team**, ask @owner anything").await;
    assert_eq!(written.status, PostStatus::Published);
    assert!(written.body_html.contains("<strong>team</strong>"));
    assert!(
        written.body_html.contains(r#"class="mention""#),
        "{}",
        written.body_html
    );

    assert_eq!(
        ids(&group_feed(&app, &owner, &group, None).await),
        [written.id]
    );
    assert_eq!(ids(&home_feed(&app, &member).await), [written.id]);
    let refused = app
        .call(&outsider, "list_feed", &[("scope[Group]", &group)])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(ids(&home_feed(&app, &outsider).await).is_empty());
    let refused = app
        .call(
            &outsider,
            "create_post",
            &post_form(&group, "post", "hi", ""),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn feeds_come_as_cards_drawn_for_each_reader(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "closed").await;
    let written = post(&app, &member, &group, "Card **words**").await;
    let cards: CardPage = app
        .json(&owner, "feed_cards", &[("scope[Group]", &group)])
        .await;
    let page = group_feed(&app, &owner, &group, None).await;
    assert_eq!(
        cards.posts.iter().map(|card| card.id).collect::<Vec<_>>(),
        ids(&page)
    );
    assert_eq!(
        (cards.next, cards.company, &cards.groups),
        (page.next, page.company, &page.groups)
    );
    let card = &cards.posts[0];
    assert_eq!(card.label, format!("Post by {}", written.author.name));
    assert!(!card.pinned && !card.muted);
    // The card's inside: the words, the forms that work without the card's code, the comments link.
    for part in [
        "<strong>words</strong>",
        r#"action="/api/toggle_reaction""#,
        r#"action="/api/report_content""#,
        "data-comments",
        r#"aria-label="Moderation""#,
    ] {
        assert!(
            card.html.contains(part),
            "{part} missing from {}",
            card.html
        );
    }
    assert!(
        !card.html.contains("<article"),
        "the page draws the card's frame"
    );

    // Each reader's card is their own: the author edits rather than reports, and does not moderate.
    let id = written.id.to_string();
    let own: Card = app.json(&member, "get_card", &[("id", &id)]).await;
    assert!(own.html.contains(r#"action="/api/edit_post""#));
    assert!(!own.html.contains("report_content") && !own.html.contains("Moderation"));

    // A hidden post's card: dimmed for the author, gone for everyone else.
    let hidden = app
        .call(
            &owner,
            "moderate_post",
            &[("id", &id), ("decision", "hide"), ("reason", "Off topic")],
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::OK);
    let own: Card = app.json(&member, "get_card", &[("id", &id)]).await;
    assert!(own.muted && own.html.contains("Hidden"));
    let (colleague, _) = app.signed_in("colleague@example.com", Role::Member).await;
    assert_eq!(
        app.call(&colleague, "join_group", &[("id", &group)])
            .await
            .status(),
        StatusCode::OK
    );
    let gone = app.call(&colleague, "get_card", &[("id", &id)]).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let missing = app.call(&member, "get_card", &[("id", "999999999")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn empty_long_and_misplaced_posts_are_refused_in_words(backend: Backend) {
    let Scene {
        app, member, group, ..
    } = scene(backend, "open").await;
    for (group, body, kind) in [
        (group.as_str(), "   ", "Validation"),
        (group.as_str(), &"x".repeat(10_001), "Validation"),
        ("999999", "hello", "Validation"),
        ("", "hello", ""),
    ] {
        let response = app
            .call(&member, "create_post", &post_form(group, "post", body, ""))
            .await;
        if kind.is_empty() {
            assert_eq!(response.status(), StatusCode::OK);
        } else {
            assert_eq!(error_kind(response).await, kind);
        }
    }
    let announcement = app
        .call(
            &member,
            "create_post",
            &post_form(&group, "announcement", "hear ye", "3"),
        )
        .await;
    assert_eq!(announcement.status(), StatusCode::FORBIDDEN);
}

async fn feed_pages_have_no_gaps_or_duplicates_while_posts_come_and_go(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "open").await;
    let mut written = Vec::new();
    for n in 0..45 {
        written.push(post(&app, &member, &group, &format!("post {n}")).await.id);
    }
    let first = group_feed(&app, &owner, &group, None).await;
    assert_eq!(first.posts.len(), 20);
    // Between pages: new posts arrive, one already seen and one not yet seen are deleted.
    post(&app, &member, &group, "newer").await;
    let seen = first.posts[3].id;
    let unseen = written[10];
    for id in [seen, unseen] {
        let response = app
            .call(&member, "delete_post", &[("id", &id.to_string())])
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let mut all = ids(&first);
    let mut next = first.next;
    while let Some(after) = next {
        let page = group_feed(&app, &owner, &group, Some(after)).await;
        all.extend(ids(&page));
        next = page.next;
    }
    let unique: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "no post twice");
    let expected: Vec<i64> = written
        .iter()
        .rev()
        .copied()
        .filter(|id| *id != unseen)
        .collect();
    assert_eq!(
        all, expected,
        "every post older than the first page's newest, once, newest first"
    );
}

async fn posts_wait_for_approval_then_go_out(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "open").await;
    let (reader, _) = app.signed_in("reader@example.com", Role::Member).await;
    app.json::<MemberStatus>(&reader, "join_group", &[("id", &group)])
        .await;
    let saved = app
        .call(
            &owner,
            "update_group_settings",
            &[
                ("id", &group),
                ("settings[approval]", "new_members"),
                ("settings[approval_threshold]", "1"),
                ("settings[slow_mode_seconds]", ""),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);

    let waiting = post(&app, &member, &group, "my first post").await;
    assert_eq!(waiting.status, PostStatus::Pending);
    assert!(ids(&group_feed(&app, &reader, &group, None).await).is_empty());
    assert_eq!(
        ids(&group_feed(&app, &member, &group, None).await),
        [waiting.id]
    );
    let queue: Queue = app
        .json(&owner, "moderation_queue", &[("group", &group)])
        .await;
    assert_eq!(
        queue
            .pending_posts
            .iter()
            .map(|post| post.id)
            .collect::<Vec<_>>(),
        [waiting.id]
    );
    let refused = app
        .call(
            &reader,
            "moderate_post",
            &[
                ("id", &waiting.id.to_string()),
                ("decision", "approve"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::NOT_FOUND,
        "others cannot even see it"
    );

    let approved = app
        .call(
            &owner,
            "moderate_post",
            &[
                ("id", &waiting.id.to_string()),
                ("decision", "approve"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    assert_eq!(
        ids(&group_feed(&app, &reader, &group, None).await),
        [waiting.id]
    );
    // The threshold was one post: the next goes out at once.
    assert_eq!(
        post(&app, &member, &group, "second").await.status,
        PostStatus::Published
    );
    let log: LogPage = app
        .json(&owner, "moderation_log", &[("group", &group)])
        .await;
    let kinds: Vec<ModerationKind> = log.entries.iter().map(|entry| entry.kind).collect();
    assert_eq!(
        kinds,
        [ModerationKind::ApprovePost, ModerationKind::ChangeSettings]
    );

    // Where every post needs approval, an approved post that is edited goes back to the queue.
    app.call(
        &owner,
        "update_group_settings",
        &[
            ("id", &group),
            ("settings[approval]", "all"),
            ("settings[approval_threshold]", ""),
            ("settings[slow_mode_seconds]", ""),
        ],
    )
    .await;
    let edited: PostView = app
        .json(
            &member,
            "edit_post",
            &[
                ("id", &waiting.id.to_string()),
                ("body", "my first post, improved"),
            ],
        )
        .await;
    assert_eq!(edited.status, PostStatus::Pending);
    assert!(!ids(&group_feed(&app, &reader, &group, None).await).contains(&waiting.id));
    let queue: Queue = app
        .json(&owner, "moderation_queue", &[("group", &group)])
        .await;
    assert_eq!(
        queue
            .pending_posts
            .iter()
            .map(|post| post.id)
            .collect::<Vec<_>>(),
        [waiting.id]
    );
}

async fn a_muted_member_is_told_why_until_the_mute_ends(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        member_id,
        group,
    } = scene(backend, "open").await;
    let earlier = post(&app, &member, &group, "before the mute").await;
    let muted = app
        .call(
            &owner,
            "mute_member",
            &[
                ("id", &group),
                ("person", &member_id),
                ("minutes", "60"),
                ("reason", "Cool down"),
            ],
        )
        .await;
    assert_eq!(muted.status(), StatusCode::OK);
    let refused = app
        .call(&member, "create_post", &post_form(&group, "post", "hi", ""))
        .await;
    let error: serde_json::Value = refused.json().await.unwrap();
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("muted you") && message.contains("Cool down"),
        "{error}"
    );
    let page: Group = app.json(&member, "get_group", &[("id", &group)]).await;
    assert!(page.can_post.unwrap_err().contains("Cool down"));
    let edit = app
        .call(
            &member,
            "edit_post",
            &[
                ("id", &earlier.id.to_string()),
                ("body", "rewritten while muted"),
            ],
        )
        .await;
    assert_eq!(
        error_kind(edit).await,
        "Validation",
        "a mute stops edits too"
    );

    // Time passes: the mute ends by itself.
    use sea_orm::{ConnectionTrait, Statement};
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE group_members SET muted_until = '2001-01-01T00:00:00Z'",
        ))
        .await
        .unwrap();
    assert_eq!(
        post(&app, &member, &group, "back again").await.status,
        PostStatus::Published
    );
    let log: LogPage = app
        .json(&owner, "moderation_log", &[("group", &group)])
        .await;
    let mute = &log.entries[0];
    assert_eq!(
        (mute.kind, mute.reason.as_str()),
        (ModerationKind::MuteMember, "Cool down")
    );
    assert!(mute.expires_label.is_some());
}

async fn slow_mode_makes_members_wait_between_posts(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "open").await;
    app.call(
        &owner,
        "update_group_settings",
        &[
            ("id", &group),
            ("settings[approval]", "off"),
            ("settings[approval_threshold]", ""),
            ("settings[slow_mode_seconds]", "600"),
        ],
    )
    .await;
    post(&app, &member, &group, "one").await;
    let refused = app
        .call(
            &member,
            "create_post",
            &post_form(&group, "post", "two", ""),
        )
        .await;
    let error: serde_json::Value = refused.json().await.unwrap();
    assert!(
        error["message"].as_str().unwrap().contains("Slow mode"),
        "{error}"
    );
    // Facilitators are not slowed down.
    post(&app, &owner, &group, "one").await;
    post(&app, &owner, &group, "two").await;
}

async fn a_report_is_claimed_by_one_facilitator_and_resolved_for_the_reporter(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "open").await;
    let (second, second_row) = app.signed_in("second@example.com", Role::Member).await;
    let (reporter, reporter_row) = app.signed_in("reporter@example.com", Role::Member).await;
    let reporter_id = reporter_row.id.to_string();
    for browser in [&second, &reporter] {
        app.json::<MemberStatus>(browser, "join_group", &[("id", &group)])
            .await;
    }
    app.call(
        &owner,
        "set_member_role",
        &[
            ("id", &group),
            ("person", &second_row.id.to_string()),
            ("role", "facilitator"),
        ],
    )
    .await;
    let written = post(&app, &member, &group, "something rude").await;
    let id = written.id.to_string();
    let reported = app
        .call(
            &reporter,
            "report_content",
            &[("post", &id), ("reason", "Rude to a colleague")],
        )
        .await;
    assert_eq!(reported.status(), StatusCode::OK);
    // A second reporter; their report is resolved after the first, about a post already hidden.
    let (another, _) = app.signed_in("another@example.com", Role::Member).await;
    app.json::<MemberStatus>(&another, "join_group", &[("id", &group)])
        .await;
    let also = app
        .call(
            &another,
            "report_content",
            &[("post", &id), ("reason", "Not OK")],
        )
        .await;
    assert_eq!(also.status(), StatusCode::OK);
    let again = app
        .call(
            &reporter,
            "report_content",
            &[("post", &id), ("reason", "Rude to a colleague")],
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let queue: Queue = app
        .json(&second, "moderation_queue", &[("group", &group)])
        .await;
    let report = queue.reports[0].id.to_string();
    assert_eq!(
        app.call(&owner, "claim_report", &[("id", &report)])
            .await
            .status(),
        StatusCode::OK
    );
    let queue: Queue = app
        .json(&second, "moderation_queue", &[("group", &group)])
        .await;
    assert_eq!(queue.reports[0].status, ReportStatus::Claimed);
    assert_eq!(
        queue.reports[0].claimed_by.as_ref().unwrap().email,
        "owner@example.com"
    );
    assert_eq!(
        app.call(&second, "claim_report", &[("id", &report)])
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let refused = app
        .call(
            &second,
            "resolve_report",
            &[("id", &report), ("outcome", "hidden"), ("reason", "x")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let resolved = app
        .call(
            &owner,
            "resolve_report",
            &[
                ("id", &report),
                ("outcome", "hidden"),
                ("reason", "Be kind"),
            ],
        )
        .await;
    assert_eq!(resolved.status(), StatusCode::OK);

    assert!(
        ids(&group_feed(&app, &reporter, &group, None).await).is_empty(),
        "hidden from readers"
    );
    let author_view = group_feed(&app, &member, &group, None).await;
    assert_eq!(
        author_view.posts[0].status,
        PostStatus::Hidden,
        "the author sees it, marked"
    );
    let mine: Vec<ReportView> = app.json(&reporter, "my_reports", &[]).await;
    assert_eq!(
        (mine[0].outcome, mine[0].status),
        (Some(Outcome::Hidden), ReportStatus::Resolved)
    );
    assert!(
        mine[0].claimed_by.is_none(),
        "reporters are not told who handled it"
    );
    let queue: Queue = app
        .json(&owner, "moderation_queue", &[("group", &group)])
        .await;
    let second_report = queue.reports[0].id.to_string();
    let resolved = app
        .call(
            &second,
            "resolve_report",
            &[
                ("id", &second_report),
                ("outcome", "hidden"),
                ("reason", "Same post"),
            ],
        )
        .await;
    assert_eq!(
        resolved.status(),
        StatusCode::OK,
        "what is already hidden stays hidden"
    );
    let twice = app
        .call(
            &owner,
            "resolve_report",
            &[("id", &second_report), ("outcome", "kept"), ("reason", "")],
        )
        .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    let queue: Queue = app
        .json(&owner, "moderation_queue", &[("group", &group)])
        .await;
    assert!(queue.reports.is_empty());
    // Facilitators do not remove each other: owners decide who facilitates.
    app.call(
        &owner,
        "set_member_role",
        &[
            ("id", &group),
            ("person", &reporter_id),
            ("role", "facilitator"),
        ],
    )
    .await;
    let refused = app
        .call(
            &second,
            "remove_member",
            &[
                ("id", &group),
                ("person", &reporter_id),
                ("block", "true"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let log: LogPage = app
        .json(&second, "moderation_log", &[("group", &group)])
        .await;
    let kinds: Vec<ModerationKind> = log.entries.iter().map(|entry| entry.kind).collect();
    assert_eq!(
        kinds,
        [
            ModerationKind::ChangeRole,
            ModerationKind::ResolveReport,
            ModerationKind::ResolveReport,
            ModerationKind::HidePost,
            ModerationKind::ClaimReport,
            ModerationKind::ChangeRole
        ]
    );
}

async fn secret_groups_are_invisible_to_outsiders(backend: Backend) {
    let Scene {
        app, owner, group, ..
    } = scene(backend, "secret").await;
    let (outsider, outsider_row) = app.signed_in("outsider@example.com", Role::Member).await;
    assert_eq!(
        app.call(&outsider, "get_group", &[("id", &group)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(&outsider, "join_group", &[("id", &group)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let lists: app::groups::types::GroupLists = app.json(&outsider, "list_groups", &[]).await;
    assert!(lists.discover.is_empty());
    let added = app
        .call(
            &owner,
            "add_member",
            &[("id", &group), ("email", "Outsider@example.com")],
        )
        .await;
    assert_eq!(added.status(), StatusCode::OK);
    // Invited, not yet a member: the group shows itself and waits for an answer.
    let lists: app::groups::types::GroupLists = app.json(&outsider, "list_groups", &[]).await;
    assert_eq!(lists.invited.len(), 1);
    assert!(lists.mine.is_empty());
    let page: Group = app.json(&outsider, "get_group", &[("id", &group)]).await;
    assert!(page.can_post.is_err(), "an invitation is not a membership");
    // Home's composer, as the server draws it, offers the groups one may post in.
    let offered = async || -> Vec<String> {
        let composer: String = app
            .json(&outsider, "draw_part", &[("part", "Composer")])
            .await;
        composer
            .split(r#"<option value=""#)
            .skip(1)
            .filter_map(|option| option.split('"').next())
            .filter(|id| !id.is_empty() && id.bytes().all(|byte| byte.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    assert!(
        offered().await.is_empty(),
        "an invited group is not offered to post in"
    );
    let accepted: MemberStatus = app.json(&outsider, "join_group", &[("id", &group)]).await;
    assert_eq!(accepted, MemberStatus::Active);
    assert_eq!(
        offered().await,
        std::slice::from_ref(&group),
        "a member may post in the group from Home"
    );
    let page: Group = app.json(&outsider, "get_group", &[("id", &group)]).await;
    assert!(page.can_post.is_ok());
    let removed = app
        .call(
            &owner,
            "remove_member",
            &[
                ("id", &group),
                ("person", &outsider_row.id.to_string()),
                ("block", "true"),
                ("reason", "Left the team"),
            ],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(
        app.call(&outsider, "get_group", &[("id", &group)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert!(
        offered().await.is_empty(),
        "a removed member is offered the group no more"
    );
}

async fn questions_get_one_accepted_answer_and_announcements_count_readers(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "open").await;
    let question: PostView = app
        .json(
            &member,
            "create_post",
            &post_form(&group, "question", "How do I start?", ""),
        )
        .await;
    let id = question.id.to_string();
    for body in ["Read the guide", "Ask your buddy"] {
        let response = app
            .call(&owner, "add_comment", &[("post", &id), ("body", body)])
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let comments: Vec<app::feed::types::CommentView> =
        app.json(&member, "list_comments", &[("post", &id)]).await;
    let second = comments[1].id.to_string();
    assert_eq!(
        app.call(
            &owner,
            "accept_answer",
            &[("post", &id), ("comment", &second)]
        )
        .await
        .status(),
        StatusCode::OK
    );
    let comments: Vec<app::feed::types::CommentView> =
        app.json(&member, "list_comments", &[("post", &id)]).await;
    assert_eq!(comments[0].body, "Ask your buddy");
    assert!(comments[0].accepted);
    let reacted: PostView = app
        .json(
            &owner,
            "toggle_reaction",
            &[("post", &id), ("reaction", "insightful")],
        )
        .await;
    assert_eq!((reacted.reactions[0].count, reacted.comment_count), (1, 2));

    let announcement: PostView = app
        .json(
            &owner,
            "create_post",
            &post_form(&group, "announcement", "Town hall at 3", "2"),
        )
        .await;
    assert!(announcement.pinned);
    let page = group_feed(&app, &member, &group, None).await;
    assert_eq!(
        page.pinned.iter().map(|post| post.id).collect::<Vec<_>>(),
        [announcement.id]
    );
    assert!(!ids(&page).contains(&announcement.id));
    let id = announcement.id.to_string();
    for _ in 0..2 {
        let read: PostView = app.json(&member, "mark_read", &[("post", &id)]).await;
        assert_eq!((read.read_count, read.read_by_me), (1, true));
    }
}

async fn facilitators_give_their_group_a_cover_image(backend: Backend) {
    let Scene {
        app,
        owner,
        member,
        group,
        ..
    } = scene(backend, "closed").await;
    let png = b"\x89PNG\r\n\x1a\n a tiny cover".to_vec();
    let upload = |browser: &Client, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("group", group.clone())
            .part(
                "cover",
                reqwest::multipart::Part::bytes(bytes).file_name("cover.png"),
            );
        browser
            .post(format!("{}/media/cover", app.base))
            .multipart(form)
            .send()
    };
    let refused = upload(&member, png.clone()).await.unwrap();
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "members do not change the cover"
    );
    let not_an_image = upload(&owner, b"<svg onload=alert(1)>".to_vec())
        .await
        .unwrap();
    let location = not_an_image.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(location.ends_with("cover_error=not-an-image"), "{location}");
    assert_eq!(app.files_in("media"), 0, "refused images are not kept");

    let saved = upload(&owner, png.clone()).await.unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page: Group = app.json(&member, "get_group", &[("id", &group)]).await;
    let url = page.summary.cover_url.expect("a cover");
    let image = member
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        image.headers()["cache-control"],
        "private, max-age=31536000, immutable"
    );
    assert_eq!(image.bytes().await.unwrap().to_vec(), png);
    assert_eq!(
        app.files_in("media/covers"),
        1,
        "covers go to the media store"
    );
    assert_eq!(
        app.files_in("covers"),
        0,
        "and no longer to the data folder"
    );
    let stranger = app
        .browser()
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED);

    let webp = b"RIFF\0\0\0\0WEBPVP8 a newer cover".to_vec();
    let replaced = upload(&owner, webp.clone()).await.unwrap();
    assert_eq!(replaced.status(), StatusCode::SEE_OTHER);
    let page: Group = app.json(&member, "get_group", &[("id", &group)]).await;
    let newer = page.summary.cover_url.expect("a cover");
    assert_ne!(newer, url);
    let old = member
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    let image = member
        .get(format!("{}{newer}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(image.headers()["content-type"], "image/webp");
    assert_eq!(image.bytes().await.unwrap().to_vec(), webp);
    assert_eq!(
        app.files_in("media/covers"),
        1,
        "the replaced cover is deleted"
    );
}

/// The page's markup alone: no script bodies (where serialized data lives) and no text.
fn markup(html: &str) -> String {
    let mut rest = html;
    let mut without_scripts = String::new();
    while let Some(start) = rest.find("<script") {
        without_scripts.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</script>")
            .map_or("", |(_, after)| after);
    }
    without_scripts.push_str(rest);
    without_scripts
        .split('<')
        .skip(1)
        .filter_map(|part| part.split_once('>').map(|(tag, _)| format!("<{tag}>")))
        .collect()
}

async fn hostile_posts_are_inert_in_server_rendered_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let page = |id: i64| {
        let author = author.clone();
        let path = format!("/posts/{id}");
        let app = &app;
        async move {
            app.page(&author, &path)
                .await
                .text()
                .await
                .unwrap()
                .to_lowercase()
        }
    };
    let needles = [
        "<script",
        " onerror=",
        " onload=",
        " onclick=",
        " onfocus=",
        " ontoggle=",
        "javascript:",
        "<svg",
        "<math",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<form",
        "<textarea",
        "<base",
        "http-equiv",
        "<input",
    ];
    // Pages carry their data in script elements (how many depends on timing); a breakout would show
    // as a script element whose whole body is the attacker's.
    let count = |html: &str| {
        let tags = markup(html);
        let injected = html.contains("<script>alert(1)") || html.contains(">alert(1)</script>");
        let found: Vec<usize> = needles
            .iter()
            .map(|needle| tags.matches(needle).count())
            .collect();
        (injected, found)
    };
    // A feed's cards come drawn by the server, outside any page.
    let card = |id: i64| {
        let author = author.clone();
        let app = &app;
        async move {
            let card: Card = app
                .json(&author, "get_card", &[("id", &id.to_string())])
                .await;
            card.html.to_lowercase()
        }
    };
    let calm = post(&app, &author, "", "Nothing to see here").await.id;
    let baseline = count(&page(calm).await);
    let card_baseline = count(&card(calm).await);
    for input in include_str!("../../../app/src/feed/xss_corpus.txt").lines() {
        let written = post(&app, &author, "", input).await;
        let html = page(written.id).await;
        assert_eq!(count(&html), baseline, "{input:?} added markup to the page");
        assert_eq!(
            count(&card(written.id).await),
            card_baseline,
            "{input:?} added markup to its card"
        );
    }
}

crate::on_both_databases!(
    feeds_come_as_cards_drawn_for_each_reader,
    hostile_posts_are_inert_in_server_rendered_pages,
    facilitators_give_their_group_a_cover_image,
    members_post_and_everyone_who_may_read_sees_it,
    empty_long_and_misplaced_posts_are_refused_in_words,
    feed_pages_have_no_gaps_or_duplicates_while_posts_come_and_go,
    posts_wait_for_approval_then_go_out,
    a_muted_member_is_told_why_until_the_mute_ends,
    slow_mode_makes_members_wait_between_posts,
    a_report_is_claimed_by_one_facilitator_and_resolved_for_the_reporter,
    secret_groups_are_invisible_to_outsiders,
    questions_get_one_accepted_answer_and_announcements_count_readers,
);
