//! Real time: which open pages receive which events, resync after a reconnect, and delivery across
//! server instances.

use crate::{
    common::{Backend, live, spawn_app},
    feed::{new_group, post},
};
use app::{
    groups::types::MemberStatus,
    live::types::{LiveEvent, LiveKind},
    people::types::{Me, Role},
};
use reqwest::StatusCode;
use std::time::Duration;

fn about_post(kind: LiveKind, post: i64) -> impl Fn(&LiveEvent) -> bool {
    move |event| event.kind == kind && event.post == Some(post)
}

async fn open_pages_receive_what_their_person_may_see_and_nothing_else(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, _, owner_cookie) = app.session_cookie("owner@example.com", Role::Member).await;
    let (member, member_row, member_cookie) =
        app.session_cookie("member@example.com", Role::Member).await;
    let (_, _, outsider_cookie) = app
        .session_cookie("outsider@example.com", Role::Member)
        .await;
    let group = new_group(&app, &owner, "Closed circle", "closed").await;
    app.json::<MemberStatus>(&member, "join_group", &[("id", &group)])
        .await;
    let person = member_row.id.to_string();
    app.call(
        &owner,
        "decide_join",
        &[("id", &group), ("person", &person), ("approve", "true")],
    )
    .await;

    let mut facilitator_page = live(&app.base, &owner_cookie, None).await;
    let mut member_page = live(&app.base, &member_cookie, None).await;
    let mut outsider_page = live(&app.base, &outsider_cookie, None).await;

    let written = post(&app, &member, &group, "Inside the circle").await;
    let created = facilitator_page
        .wait_for(about_post(LiveKind::PostCreated, written.id))
        .await;
    assert_eq!(created.group.map(|id| id.to_string()), Some(group.clone()));
    member_page
        .wait_for(about_post(LiveKind::PostCreated, written.id))
        .await;

    // The facilitator hides it: the member's page hears it is gone.
    let hidden = app
        .call(
            &owner,
            "moderate_post",
            &[
                ("id", &written.id.to_string()),
                ("decision", "hide"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::OK);
    member_page
        .wait_for(about_post(LiveKind::PostGone, written.id))
        .await;

    let company = post(&app, &owner, "", "For everyone").await;
    outsider_page
        .wait_for(about_post(LiveKind::PostCreated, company.id))
        .await;
    let leaked: Vec<LiveEvent> = outsider_page
        .events_within(Duration::from_millis(300))
        .await
        .into_iter()
        .filter(|event| event.group.is_some())
        .collect();
    assert!(
        leaked.is_empty(),
        "an outsider hears nothing of a closed group: {leaked:?}"
    );

    // Removed from the group, the member's open page stops receiving its events at once.
    app.call(
        &owner,
        "remove_member",
        &[
            ("id", &group),
            ("person", &person),
            ("block", "false"),
            ("reason", ""),
        ],
    )
    .await;
    member_page
        .wait_for(|event| {
            event.kind == LiveKind::MemberChanged && event.person == Some(member_row.id)
        })
        .await;
    let after_removal = post(&app, &owner, &group, "After you left").await;
    facilitator_page
        .wait_for(about_post(LiveKind::PostCreated, after_removal.id))
        .await;
    let heard: Vec<LiveEvent> = member_page.events_within(Duration::from_millis(500)).await;
    assert!(
        heard
            .iter()
            .all(|event| event.post != Some(after_removal.id)),
        "a removed member hears nothing more: {heard:?}"
    );
}

async fn a_page_that_reconnects_receives_what_it_missed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _, cookie) = app.session_cookie("author@example.com", Role::Member).await;
    let mut page = live(&app.base, &cookie, None).await;
    let first = post(&app, &author, "", "first").await;
    let seen = page
        .wait_for(about_post(LiveKind::PostCreated, first.id))
        .await;
    drop(page);

    let missed = [
        post(&app, &author, "", "second").await.id,
        post(&app, &author, "", "third").await.id,
    ];
    let mut page = live(&app.base, &cookie, Some(seen.id)).await;
    for id in missed {
        page.wait_for(about_post(LiveKind::PostCreated, id)).await;
    }
}

/// A page is drawn, then its socket opens: what happened in between reaches it, since the page
/// connects after the last event its session was read at.
async fn a_new_page_receives_what_happened_before_its_socket_opened(backend: Backend) {
    let app = spawn_app(backend).await;
    let (author, _, cookie) = app.session_cookie("author@example.com", Role::Member).await;
    post(&app, &author, "", "before the page").await;
    let me: Option<Me> = app.json(&author, "current_user", &[]).await;
    let drawn_after = me.expect("signed in").live_after;
    assert!(
        drawn_after > 0,
        "the first post's event came before the page"
    );
    let between = post(&app, &author, "", "between drawing and connecting").await;
    let mut page = live(&app.base, &cookie, Some(drawn_after)).await;
    let event = page
        .wait_for(about_post(LiveKind::PostCreated, between.id))
        .await;
    assert!(event.id > drawn_after);
}

async fn a_page_that_is_not_signed_in_or_comes_from_elsewhere_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, _, cookie) = app
        .session_cookie("someone@example.com", Role::Member)
        .await;
    let socket_url = format!("{}/live", app.base);
    let client = reqwest::Client::new();
    let handshake = |origin: &str, cookie: Option<&str>| {
        let mut request = client
            .get(&socket_url)
            .header("connection", "upgrade")
            .header("upgrade", "websocket")
            .header("sec-websocket-version", "13")
            .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
            .header("origin", origin);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    let anonymous = handshake(&app.base, None).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let elsewhere = handshake("https://evil.example", Some(&cookie))
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN);
    let welcome = handshake(&app.base, Some(&cookie)).await.unwrap();
    assert_eq!(welcome.status(), StatusCode::SWITCHING_PROTOCOLS);
}

/// Two instances on one PostgreSQL database: a post written through one reaches a page open on the
/// other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_deliver_each_others_events() {
    let app = spawn_app(Backend::Postgres).await;
    let second = app.second_instance().await;
    let (author, _, _) = app.session_cookie("author@example.com", Role::Member).await;
    let (_, _, reader_cookie) = app.session_cookie("reader@example.com", Role::Member).await;
    let mut page_on_second = live(&second, &reader_cookie, None).await;
    let written = post(&app, &author, "", "across instances").await;
    page_on_second
        .wait_for(about_post(LiveKind::PostCreated, written.id))
        .await;
}

crate::on_both_databases!(
    open_pages_receive_what_their_person_may_see_and_nothing_else,
    a_page_that_reconnects_receives_what_it_missed,
    a_new_page_receives_what_happened_before_its_socket_opened,
    a_page_that_is_not_signed_in_or_comes_from_elsewhere_is_refused,
);
