//! What an outside review found: words of others lost with a comment, kinds of post made up,
//! outsiders told who read a post, reasons of any length, and searches that ask for too much.

use crate::{
    common::{Backend, error_kind, post_form, profile_form, spawn_app},
    feed::{new_group, post},
    fixtures::{self, new_category, new_item},
};
use app::{
    db::{comment, group_member, library_item, post},
    feed::types::{CommentView, PostKind, PostStatus, PostView},
    groups::types::{GroupRole, Member, MemberStatus},
    library::types::{Desk, ItemStatus, Shelf},
    moderation::types::Queue,
    people::types::Role,
};
use chrono::{TimeZone, Utc};
use reqwest::{StatusCode, header};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter,
};

async fn deleting_a_comment_keeps_the_replies_of_others_and_the_accepted_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let (asker, _) = app.signed_in("asker@example.com", Role::Member).await;
    let (helper, _) = app.signed_in("helper@example.com", Role::Member).await;
    let question: PostView = app
        .json(
            &asker,
            "create_post",
            &post_form("", "question", "Where is the style guide?", ""),
        )
        .await;
    let id = question.id.to_string();
    app.json::<()>(&asker, "add_comment", &[("post", &id), ("body", "Anyone?")])
        .await;
    let comments: Vec<CommentView> = app.json(&asker, "list_comments", &[("post", &id)]).await;
    let mine = comments[0].id.to_string();
    app.json::<()>(
        &helper,
        "add_comment",
        &[
            ("post", &id),
            ("parent", &mine),
            ("body", "In the library."),
        ],
    )
    .await;
    let comments: Vec<CommentView> = app.json(&asker, "list_comments", &[("post", &id)]).await;
    let answer = comments
        .iter()
        .find(|comment| comment.parent_id.is_some())
        .unwrap()
        .id;
    app.json::<()>(
        &asker,
        "accept_answer",
        &[("post", &id), ("comment", &answer.to_string())],
    )
    .await;

    app.json::<()>(&asker, "delete_comment", &[("id", &mine)])
        .await;
    let comments: Vec<CommentView> = app.json(&asker, "list_comments", &[("post", &id)]).await;
    assert_eq!(
        comments
            .iter()
            .map(|comment| (comment.id, comment.parent_id, comment.accepted))
            .collect::<Vec<_>>(),
        vec![(answer, None, true)],
        "the helper's reply stays, accepted"
    );
    let question: PostView = app.json(&asker, "get_post", &[("id", &id)]).await;
    assert_eq!(question.accepted_comment_id, Some(answer));
    assert_eq!(question.comment_count, 1);
    assert_eq!(comment::Entity::find().count(&app.db).await.unwrap(), 1);
}

async fn a_post_of_an_unknown_kind_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    let response = app
        .call(&member, "create_post", &post_form("", "poll", "Lunch?", ""))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_kind(response).await, "Validation");
}

async fn images_from_other_sites_are_links_so_they_learn_nothing_of_readers(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    let posted = post(
        &app,
        &member,
        "",
        "Our chart: ![growth](https://tracker.example/pixel.png?who=ada)",
    )
    .await;
    assert!(!posted.body_html.contains("<img"), "{}", posted.body_html);
    assert!(
        posted
            .body_html
            .contains(r#"<a href="https://tracker.example/pixel.png?who=ada""#),
        "{}",
        posted.body_html
    );
}

async fn moderators_reasons_have_a_length_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, _) = app.signed_in("owner@example.com", Role::Member).await;
    let (member, member_row) = app.signed_in("member@example.com", Role::Member).await;
    let group = new_group(&app, &owner, "Guild", "open").await;
    app.json::<serde_json::Value>(&member, "join_group", &[("id", &group)])
        .await;
    let person = member_row.id.to_string();
    let long = "x".repeat(501);
    for (endpoint, fields) in [
        (
            "mute_member",
            vec![
                ("id", group.as_str()),
                ("person", &person),
                ("minutes", "60"),
                ("reason", &long),
            ],
        ),
        (
            "remove_member",
            vec![
                ("id", group.as_str()),
                ("person", &person),
                ("block", "false"),
                ("reason", &long),
            ],
        ),
    ] {
        let response = app.call(&owner, endpoint, &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{endpoint}"
        );
    }
}

async fn query_syntax_in_a_search_is_read_as_plain_words(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    post(&app, &member, "", "Lock your screen when you leave.").await;
    for text in [
        "title:*",
        "body:[a TO z]",
        "lock*",
        "\"screen",
        "screen^9 OR NOT x",
    ] {
        let response = app.call(&member, "search", &[("query[text]", text)]).await;
        assert_eq!(response.status(), StatusCode::OK, "{text}");
    }
}

async fn two_owners_leaving_at_once_leave_the_group_one_owner(backend: Backend) {
    let app = spawn_app(backend).await;
    let (first, _) = app.signed_in("first@example.com", Role::Member).await;
    let (second, second_row) = app.signed_in("second@example.com", Role::Member).await;
    for round in 0..5 {
        let group = new_group(&app, &first, &format!("Guild {round}"), "open").await;
        app.json::<serde_json::Value>(&second, "join_group", &[("id", &group)])
            .await;
        app.json::<()>(
            &first,
            "set_member_role",
            &[
                ("id", &group),
                ("person", &second_row.id.to_string()),
                ("role", "owner"),
            ],
        )
        .await;
        let leave = [("id", group.as_str())];
        let (a, b) = tokio::join!(
            app.call(&first, "leave_group", &leave),
            app.call(&second, "leave_group", &leave),
        );
        let mut answers = [a.status(), b.status()];
        answers.sort();
        assert_eq!(
            answers,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}"
        );
        let owners = group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(group.parse::<i64>().unwrap()))
            .filter(group_member::Column::Role.eq(GroupRole::Owner))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(owners, 1, "round {round}");
    }
}

async fn times_read_in_the_zone_the_browser_names_and_recent_ones_as_how_long_ago(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (reader, _, session) = app.session_cookie("ada@example.com", Role::Member).await;
    let recent = post(&app, &reader, "", "Fresh news").await;
    assert_eq!(recent.created_label, "just now");

    let old = post(&app, &reader, "", "Old news").await;
    let mut row = post::Entity::find_by_id(old.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.created_at = Set(Utc.with_ymd_and_hms(2026, 11, 9, 8, 5, 0).unwrap());
    row.update(&app.db).await.unwrap();
    let id = old.id.to_string();
    let label_in = |zone: Option<&'static str>| {
        let (app, id, session) = (&app, &id, &session);
        async move {
            let cookies = match zone {
                Some(zone) => format!("{session}; wellspring_tz={zone}"),
                None => session.clone(),
            };
            let seen: PostView = app
                .browser()
                .post(format!("{}/api/get_post", app.base))
                .header(header::COOKIE, cookies)
                .form(&[("id", id.as_str())])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            seen.created_label
        }
    };
    assert_eq!(label_in(None).await, "9 Nov 2026, 08:05 UTC");
    assert_eq!(label_in(Some("Asia/Tokyo")).await, "9 Nov 2026, 17:05 JST");
    assert_eq!(
        label_in(Some("Nowhere/Atlantis")).await,
        "9 Nov 2026, 08:05 UTC",
        "a zone nobody knows is read as UTC"
    );
}

async fn the_library_shelf_pages_on_through_every_item_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reader, me) = app.signed_in("ada@example.com", Role::Member).await;
    let category = new_category(&app, "Handbook", true).await;
    let mut ids = Vec::new();
    for _ in 0..130 {
        ids.push(new_item(&app, category, me.id, ItemStatus::Published).await);
    }
    // Thirty items published at one moment, across the first page's end: the id breaks the tie.
    let moment = Utc::now();
    for id in &ids[40..70] {
        let mut row = library_item::Entity::find_by_id(*id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model();
        row.published_at = Set(Some(moment));
        row.update(&app.db).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut fields = vec![("category", category.to_string())];
        fields.extend(after.iter().map(|after| ("after", after.clone())));
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let shelf: Shelf = app.json(&reader, "library_shelf", &fields).await;
        pages += 1;
        seen.extend(shelf.items.iter().map(|item| item.id));
        match shelf.next {
            Some(next) => after = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no item twice");
    ids.sort_unstable();
    assert_eq!(unique, ids, "every item once");
}

async fn the_moderation_queue_pages_on_through_every_waiting_post_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, owner_row) = app.signed_in("owner@example.com", Role::Member).await;
    let group = new_group(&app, &owner, "Guild", "open").await;
    let mut waiting = Vec::new();
    for _ in 0..120 {
        let id =
            fixtures::new_post(&app, group.parse().unwrap(), owner_row.id, PostKind::Post).await;
        let mut row = post::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model();
        row.status = Set(PostStatus::Pending);
        row.update(&app.db).await.unwrap();
        waiting.push(id);
    }
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let queue: Queue = app
            .json(
                &owner,
                "moderation_queue",
                &[("group", &group), ("posts_after", &after)],
            )
            .await;
        assert!(queue.pending_posts.len() <= 50);
        assert_eq!(queue.next_reports, None);
        seen.extend(queue.pending_posts.iter().map(|post| post.id));
        match queue.next_posts {
            Some(next) => after = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, waiting, "every waiting post once, oldest first");
}

async fn the_review_desk_pages_on_through_each_part(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, me) = app.signed_in("ada@example.com", Role::Member).await;
    let category = new_category(&app, "Handbook", true).await;
    let mut drafts = Vec::new();
    for _ in 0..120 {
        drafts.push(new_item(&app, category, me.id, ItemStatus::Draft).await);
    }
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let desk: Desk = app.json(&author, "library_desk", &[("mine", &after)]).await;
        assert!(desk.mine.items.len() <= 50);
        assert_eq!(desk.to_review.next, None);
        seen.extend(desk.mine.items.iter().map(|card| card.id));
        match desk.mine.next {
            Some(next) => after = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, drafts, "every draft once, oldest first");
}

async fn nobody_joins_a_group_without_saying_yes(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, _) = app.signed_in("owner@example.com", Role::Member).await;
    let (ada, ada_row) = app.signed_in("ada@example.com", Role::Member).await;
    let group = new_group(&app, &owner, "Quiet room", "secret").await;
    let fields = [("id", group.as_str()), ("email", "ada@example.com")];
    let invite = || app.call(&owner, "add_member", &fields);
    assert_eq!(invite().await.status(), StatusCode::OK);
    assert_eq!(
        invite().await.status(),
        StatusCode::CONFLICT,
        "invited once"
    );
    let members: Vec<Member> = app.json(&owner, "list_members", &[("id", &group)]).await;
    let ada_there = |members: &[Member]| {
        members
            .iter()
            .find(|member| member.person.id == ada_row.id)
            .map(|member| member.status)
    };
    assert_eq!(ada_there(&members), Some(MemberStatus::Invited));
    assert_eq!(
        app.call(&ada, "list_feed", &[("scope[Group]", &group)])
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "an invitation reads nothing yet"
    );

    // Declining takes the invitation away; a second one, accepted, makes a member.
    app.json::<()>(&ada, "leave_group", &[("id", &group)]).await;
    let members: Vec<Member> = app.json(&owner, "list_members", &[("id", &group)]).await;
    assert_eq!(ada_there(&members), None);
    assert_eq!(invite().await.status(), StatusCode::OK);
    let joined: MemberStatus = app.json(&ada, "join_group", &[("id", &group)]).await;
    assert_eq!(joined, MemberStatus::Active);
    let members: Vec<Member> = app.json(&owner, "list_members", &[("id", &group)]).await;
    assert_eq!(ada_there(&members), Some(MemberStatus::Active));
}

/// Text that closes its edit box and opens a script, as someone might write it in a post, a
/// comment, a profile or a library item that others then edit.
const BOX_BREAKER: &str = "</textarea><script>alert('box')</script>";

async fn text_that_closes_its_edit_box_stays_text_in_every_edit_box(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, me) = app.signed_in("author@example.com", Role::Member).await;
    let (admin, boss) = app.signed_in("admin@example.com", Role::Admin).await;
    let written = post(&app, &author, "", BOX_BREAKER).await;
    app.json::<()>(
        &author,
        "add_comment",
        &[("post", &written.id.to_string()), ("body", BOX_BREAKER)],
    )
    .await;
    let id = me.id.to_string();
    let saved = app
        .submit(
            &author,
            "update_profile",
            &profile_form(&id, &[("name", "Ada"), ("bio", BOX_BREAKER)]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let category = new_category(&app, "Handbook", true).await;
    let item = new_item(&app, category, boss.id, ItemStatus::Draft).await;
    let mut hostile = library_item::Entity::find_by_id(item)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    hostile.summary = Set(BOX_BREAKER.into());
    hostile.body = Set(BOX_BREAKER.into());
    hostile.update(&app.db).await.unwrap();

    for (browser, path, boxes) in [
        (&author, format!("/posts/{}", written.id), 2),
        (&admin, format!("/people/{id}/edit"), 1),
        (&admin, format!("/library/items/{item}/edit"), 2),
    ] {
        let html = app.page(browser, &path).await.text().await.unwrap();
        assert!(
            !html.contains("<script>alert('box')"),
            "{path} ran the text as markup"
        );
        let filled = html
            .split("<textarea")
            .skip(1)
            .filter_map(|rest| rest.split_once('>')?.1.split_once("</textarea>"))
            .filter(|(text, _)| text.contains("&lt;/textarea&gt;&lt;script&gt;alert('box')"))
            .count();
        assert_eq!(filled, boxes, "{path} shows the text in its edit boxes");
    }
}

async fn a_post_or_comment_sent_twice_in_a_row_is_stored_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let first = post(&app, &author, "", "Slides from today's demo").await;
    let again = post(&app, &author, "", "  Slides from today's demo ").await;
    assert_eq!(again.id, first.id, "a form sent twice is one post");
    let other = post(&app, &author, "", "And the recording").await;
    assert_ne!(other.id, first.id);
    let id = first.id.to_string();
    for _ in 0..2 {
        app.json::<()>(
            &author,
            "add_comment",
            &[("post", &id), ("body", "Thanks all")],
        )
        .await;
    }
    let comments = comment::Entity::find()
        .filter(comment::Column::PostId.eq(first.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(comments, 1, "a comment sent twice is one comment");

    // The same words a while later are a new post.
    let mut earlier = post::Entity::find_by_id(first.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    earlier.created_at = Set(Utc::now() - chrono::Duration::seconds(60));
    earlier.update(&app.db).await.unwrap();
    let later = post(&app, &author, "", "Slides from today's demo").await;
    assert_ne!(later.id, first.id);
}

crate::on_both_databases!(
    a_post_or_comment_sent_twice_in_a_row_is_stored_once,
    text_that_closes_its_edit_box_stays_text_in_every_edit_box,
    nobody_joins_a_group_without_saying_yes,
    the_review_desk_pages_on_through_each_part,
    the_moderation_queue_pages_on_through_every_waiting_post_once,
    the_library_shelf_pages_on_through_every_item_once,
    times_read_in_the_zone_the_browser_names_and_recent_ones_as_how_long_ago,
    two_owners_leaving_at_once_leave_the_group_one_owner,
    deleting_a_comment_keeps_the_replies_of_others_and_the_accepted_answer,
    a_post_of_an_unknown_kind_is_refused,
    images_from_other_sites_are_links_so_they_learn_nothing_of_readers,
    moderators_reasons_have_a_length_everywhere,
    query_syntax_in_a_search_is_read_as_plain_words,
);
