//! Live sessions through their server functions and calendar files, on both databases: scheduled
//! with their input checked, answered with a capacity and a waiting list that moves up, changed
//! and cancelled with those who answered told, reminded, and read back from `.ics` files by two
//! independent parsers (ical.js and node-ical, from npm).

use crate::{
    common::{Backend, TestApp, spawn_app},
    feed::new_group,
    fixtures::{new_category, new_expert},
    paths::{add_step, assign, create_path, learning},
};
use app::{
    db::{library_item, live_session},
    groups::{
        ssr::new_member,
        types::{GroupRole, MemberStatus},
    },
    library::types::{ItemKind, ItemStatus},
    live::types::LiveKind,
    notify::types::{NoticeKind, NoticePage},
    people::types::Role,
    sessions::types::{
        Answer, ChatMessage, LiveSessions, QuestionStatus, RecordingSaved, Room, Session,
    },
};
use chrono::{Duration, Utc};
use chrono_tz::Tz;
use reqwest::{Client, StatusCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use serde_json::Value;
use std::io::Write;

/// A moment `days` from now at 10:00 in Berlin, as a `datetime-local` field sends it.
fn berlin_day(days: i64, hour: u32) -> String {
    let zone: Tz = "Europe/Berlin".parse().unwrap();
    let day = (Utc::now() + Duration::days(days)).with_timezone(&zone);
    format!("{}T{hour:02}:00", day.format("%Y-%m-%d"))
}

/// The session form, with `changes` over good values: a company session two days ahead.
fn form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let (starts, ends) = (berlin_day(2, 10), berlin_day(2, 11));
    let mut fields = vec![
        ("title", "Town hall".to_string()),
        ("description", "Ask **anything**.".to_string()),
        ("starts", starts),
        ("ends", ends),
        ("time_zone", "Europe/Berlin".to_string()),
        ("audience", "company".to_string()),
        ("stream_url", "https://meet.example/town-hall".to_string()),
        ("capacity", String::new()),
        ("hosts", String::new()),
        ("qa_moderated", String::new()),
        ("anonymous_questions", String::new()),
        ("tag", String::new()),
    ];
    for (name, value) in changes {
        if let Some(field) = fields.iter_mut().find(|(field, _)| field == name) {
            field.1 = value.to_string();
        }
    }
    fields
        .into_iter()
        .map(|(name, value)| (format!("session[{name}]"), value))
        .collect()
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

async fn schedule(app: &TestApp, who: &Client, changes: &[(&str, &str)]) -> String {
    let fields = form(changes);
    let id: i64 = app.json(who, "create_session", &pairs(&fields)).await;
    id.to_string()
}

async fn answer(app: &TestApp, who: &Client, id: &str, wish: &str) -> Answer {
    app.json(who, "answer_session", &[("id", id), ("answer", wish)])
        .await
}

async fn session(app: &TestApp, who: &Client, id: &str) -> Session {
    app.json(who, "get_session", &[("id", id)]).await
}

async fn told(app: &TestApp, who: &Client, kind: NoticeKind) -> Vec<String> {
    let page: NoticePage = app.json(who, "list_notifications", &[]).await;
    page.notices
        .into_iter()
        .filter(|notice| notice.kind == kind)
        .map(|notice| notice.words)
        .collect()
}

async fn sessions_are_scheduled_with_checked_input_and_their_waiting_list_moves_up(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, _) = app.signed_in("kim@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let (lena, _) = app.signed_in("lena@example.com", Role::Member).await;
    let (mateo, _) = app.signed_in("mateo@example.com", Role::Member).await;

    // Bad input is refused in words; members schedule nothing for the company.
    let yesterday = berlin_day(-1, 10);
    let past = [("starts", yesterday.as_str())];
    let early_end = berlin_day(2, 9);
    let backwards = [("ends", early_end.as_str())];
    for changes in [
        &past[..],
        &backwards[..],
        &[("stream_url", "javascript:alert(1)")],
        &[("stream_url", "ftp://files.example/stream")],
        &[("capacity", "0")],
        &[("capacity", "lots")],
        &[("time_zone", "Mars/Olympus")],
        &[("title", " ")],
        &[("audience", "group:")],
        &[("hosts", "nobody@example.com")],
    ] {
        let fields = form(changes);
        let refused = app.call(&admin, "create_session", &pairs(&fields)).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes:?}"
        );
    }
    let fields = form(&[]);
    let refused = app.call(&kim, "create_session", &pairs(&fields)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let id = schedule(
        &app,
        &admin,
        &[("capacity", "2"), ("hosts", "lena@example.com")],
    )
    .await;
    let page: LiveSessions = app.json(&kim, "list_sessions", &[]).await;
    assert_eq!(page.upcoming.len(), 1);
    assert_eq!(page.upcoming[0].hosts, ["lena"]);
    assert_eq!(answer(&app, &kim, &id, "going").await, Answer::Going);
    assert_eq!(answer(&app, &ben, &id, "going").await, Answer::Going);
    assert_eq!(answer(&app, &mateo, &id, "going").await, Answer::Waiting);
    assert_eq!(answer(&app, &admin, &id, "going").await, Answer::Waiting);
    // Asking again keeps one's turn.
    assert_eq!(answer(&app, &mateo, &id, "going").await, Answer::Waiting);
    let seen = session(&app, &admin, &id).await;
    assert_eq!(
        (seen.summary.going, seen.waiting, seen.my_place),
        (2, 2, Some(2))
    );
    let refused = app
        .call(
            &kim,
            "answer_session",
            &[("id", &id), ("answer", "waiting")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Ben leaves: Mateo, first in line, moves up and is told.
    assert_eq!(answer(&app, &ben, &id, "not_going").await, Answer::NotGoing);
    let seen = session(&app, &mateo, &id).await;
    assert_eq!(seen.summary.mine, Some(Answer::Going));
    assert_eq!(
        told(&app, &mateo, NoticeKind::SessionSeat).await,
        ["A place opened: you're going to “Town hall”"]
    );
    assert_eq!(session(&app, &admin, &id).await.my_place, Some(1));

    // The host changes it: a capacity below those going is refused; more places let the
    // waiting list in; a new time is news to everyone who answered.
    let (later_start, later_end) = (berlin_day(3, 10), berlin_day(3, 11));
    let too_small = form(&[("capacity", "1"), ("hosts", "lena@example.com")]);
    let mut fields = pairs(&too_small);
    fields.push(("id", &id));
    let refused = app.call(&lena, "update_session", &fields).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let moved = form(&[
        ("capacity", "3"),
        ("hosts", "lena@example.com"),
        ("starts", &later_start),
        ("ends", &later_end),
    ]);
    let mut fields = pairs(&moved);
    fields.push(("id", &id));
    let refused = app.call(&kim, "update_session", &fields).await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "only hosts change it"
    );
    let changed = app.call(&lena, "update_session", &fields).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(
        session(&app, &admin, &id).await.summary.mine,
        Some(Answer::Going)
    );
    assert_eq!(
        told(&app, &kim, NoticeKind::SessionChanged).await,
        ["lena changed “Town hall”"]
    );
    assert!(
        told(&app, &ben, NoticeKind::SessionChanged)
            .await
            .is_empty()
    );

    // Cancelled: those who answered are told; nobody answers any more.
    let cancelled = app
        .call(
            &lena,
            "cancel_session",
            &[("id", &id), ("reason", "The CEO is ill")],
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert_eq!(
        told(&app, &kim, NoticeKind::SessionCancelled).await,
        ["lena cancelled “Town hall”"]
    );
    let refused = app
        .call(&ben, "answer_session", &[("id", &id), ("answer", "going")])
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
}

/// What the two parsers read in a calendar file.
fn parsed(ics: &str) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/ics-read.mjs");
    let mut child = std::process::Command::new("node")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs (./dev setup installs the npm packages)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the parsers read the file");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The one event both parsers find in `ics`, after checking they agree on it.
fn one_event(ics: &str) -> Value {
    let read = parsed(ics);
    assert_eq!(read["icaljs"], read["nodeical"], "the parsers agree: {ics}");
    let events = read["icaljs"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{ics}");
    events[0].clone()
}

async fn text(browser: &Client, url: &str) -> (StatusCode, String) {
    let response = browser.get(url).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn calendars_read_back_alike_and_the_private_address_needs_its_secret(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, _) = app.signed_in("kim@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let id = schedule(&app, &admin, &[]).await;
    let file = format!("{}/sessions/{id}/calendar.ics", app.base);

    let response = kim.get(&file).send().await.unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let first = one_event(&response.text().await.unwrap());
    let row = live_session::Entity::find_by_id(id.parse::<i64>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first["summary"], "Town hall");
    assert_eq!(first["sequence"], 0);
    assert_eq!(first["status"], "CONFIRMED");
    // 10:00 in Berlin, read back as the same moment by both.
    let start = chrono::DateTime::parse_from_rfc3339(first["start"].as_str().unwrap()).unwrap();
    assert_eq!(start.timestamp(), row.starts_at.timestamp());
    let zone: Tz = "Europe/Berlin".parse().unwrap();
    assert_eq!(
        start.with_timezone(&zone).format("%H:%M").to_string(),
        "10:00"
    );
    assert_eq!(
        text(&app.browser(), &file).await.0,
        StatusCode::UNAUTHORIZED,
        "the file asks who is reading"
    );

    // The private address: refused without its secret, and a new one ends the old.
    assert_eq!(answer(&app, &kim, &id, "going").await, Answer::Going);
    let address: String = app.json(&kim, "new_calendar_link", &[]).await;
    let path = address
        .split("/calendar/")
        .nth(1)
        .expect("a calendar address");
    let address = format!("{}/calendar/{path}", app.base);
    let (status, feed) = text(&app.browser(), &address).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one_event(&feed)["uid"], first["uid"]);
    for wrong in [
        format!("{}/calendar/not-the-secret.ics", app.base),
        format!("{}/calendar/{}", app.base, path.trim_end_matches(".ics")),
    ] {
        assert_eq!(text(&app.browser(), &wrong).await.0, StatusCode::NOT_FOUND);
    }

    // A change keeps the UID and counts up; a cancellation stays in the feed, cancelled.
    let renamed = form(&[("title", "Town hall: Q4")]);
    let mut fields = pairs(&renamed);
    fields.push(("id", &id));
    assert_eq!(
        app.call(&admin, "update_session", &fields).await.status(),
        StatusCode::OK
    );
    let cancelled = app
        .call(
            &admin,
            "cancel_session",
            &[("id", &id), ("reason", "Moved to January")],
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let last = one_event(&text(&app.browser(), &address).await.1);
    assert_eq!(last["uid"], first["uid"]);
    assert_eq!(last["sequence"], 2);
    assert_eq!(last["status"], "CANCELLED");
    assert_eq!(last["summary"], "Town hall: Q4");

    let again: String = app.json(&kim, "new_calendar_link", &[]).await;
    assert_ne!(again.split("/calendar/").nth(1), Some(path));
    assert_eq!(
        text(&app.browser(), &address).await.0,
        StatusCode::NOT_FOUND
    );

    // A closed group's session does not exist for those outside it.
    let group = new_group(&app, &admin, "Leaders", "closed").await;
    let audience = format!("group:{group}");
    let inside = schedule(&app, &admin, &[("audience", &audience)]).await;
    assert_eq!(
        app.call(&ben, "get_session", &[("id", &inside)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let file = format!("{}/sessions/{inside}/calendar.ics", app.base);
    assert_eq!(text(&ben, &file).await.0, StatusCode::NOT_FOUND);
    let page: LiveSessions = app.json(&ben, "list_sessions", &[]).await;
    assert!(
        page.upcoming
            .iter()
            .all(|session| session.id.to_string() != inside)
    );
}

async fn reminders_go_a_day_before_and_just_before_once_each(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, _) = app.signed_in("kim@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let id = schedule(&app, &admin, &[]).await;
    answer(&app, &kim, &id, "going").await;
    answer(&app, &ben, &id, "not_going").await;
    let session_id: i64 = id.parse().unwrap();
    // Kim answered days ago; the session now starts within the day, then within 15 minutes.
    app::db::live_rsvp::Entity::update_many()
        .col_expr(
            app::db::live_rsvp::Column::AnsweredAt,
            Expr::value(Utc::now() - Duration::days(3)),
        )
        .filter(app::db::live_rsvp::Column::SessionId.eq(session_id))
        .exec(&app.db)
        .await
        .unwrap();
    for (starts_in, sent) in [
        (Duration::hours(20), 1),
        (Duration::hours(19), 0),
        (Duration::minutes(10), 1),
        (Duration::minutes(9), 0),
    ] {
        live_session::Entity::update_many()
            .col_expr(
                live_session::Column::StartsAt,
                Expr::value(Utc::now() + starts_in),
            )
            .filter(live_session::Column::Id.eq(session_id))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(
            app::sessions::ssr::reminders::send_due(&app.db)
                .await
                .unwrap(),
            sent,
            "{starts_in}"
        );
    }
    assert_eq!(
        told(&app, &kim, NoticeKind::SessionReminder).await,
        ["Coming up: “Town hall”", "Coming up: “Town hall”"]
    );
    assert!(
        told(&app, &ben, NoticeKind::SessionReminder)
            .await
            .is_empty()
    );
}

/// Moves a session so it runs now.
async fn running_now(app: &TestApp, id: &str) {
    live_session::Entity::update_many()
        .col_expr(
            live_session::Column::StartsAt,
            Expr::value(Utc::now() - Duration::minutes(5)),
        )
        .filter(live_session::Column::Id.eq(id.parse::<i64>().unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
}

async fn joining_while_it_runs_counts_as_attending_and_ticks_a_paths_step(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, _, kim_cookie) = app.session_cookie("kim@example.com", Role::Member).await;
    let id = schedule(&app, &admin, &[]).await;
    let path = create_path(&app, &admin, "Leadership basics", false).await;
    add_step(
        &app,
        &admin,
        &path,
        &[("step[kind]", "attend"), ("step[session]", &id)],
    )
    .await;
    let refused = app
        .call(
            &admin,
            "add_step",
            &[
                ("path", &path),
                ("step[kind]", "attend"),
                ("step[session]", "999999"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = [
        ("assignment[audience]", "person"),
        ("assignment[email]", "kim@example.com"),
    ];
    assert_eq!(assign(&app, &admin, &path, &fields).await, StatusCode::OK);
    let step = &learning(&app, &kim).await[0];
    assert_eq!(step.progress.done, 0);
    assert_eq!(
        step.next.as_ref().map(|next| next.title.as_str()),
        Some("Attend \"Town hall\"")
    );

    // Before it starts, joining leads to the stream but is not attending.
    let join = format!("{}/sessions/{id}/join", app.base);
    let early = kim.get(&join).send().await.unwrap();
    assert_eq!(early.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        early.headers()["location"],
        "https://meet.example/town-hall"
    );
    assert!(!session(&app, &kim, &id).await.attended);
    assert_eq!(learning(&app, &kim).await[0].progress.done, 0);

    // While it runs, it counts, once.
    running_now(&app, &id).await;
    for _ in 0..2 {
        assert_eq!(
            kim.get(&join).send().await.unwrap().status(),
            StatusCode::SEE_OTHER
        );
    }
    assert!(session(&app, &kim, &id).await.attended);
    assert_eq!(learning(&app, &kim).await[0].progress.done, 1);
    assert_eq!(
        app.browser().get(&join).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    // A step may ask for any session with a tag; one tag per session, checked.
    let two_tags = app
        .call(
            &admin,
            "create_session",
            &pairs(&form(&[("tag", "onboarding, extra")])),
        )
        .await;
    assert_eq!(two_tags.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let tagged = schedule(
        &app,
        &admin,
        &[("title", "Meet the founders"), ("tag", " Onboarding ")],
    )
    .await;
    let untagged = schedule(&app, &admin, &[("title", "Quarterly numbers")]).await;
    let no_tag = app
        .call(
            &admin,
            "add_step",
            &[("path", &path), ("step[kind]", "attend")],
        )
        .await;
    assert_eq!(no_tag.status(), StatusCode::UNPROCESSABLE_ENTITY);
    add_step(
        &app,
        &admin,
        &path,
        &[
            ("step[kind]", "attend"),
            ("step[session_tag]", "onboarding"),
        ],
    )
    .await;
    assert_eq!(
        learning(&app, &kim).await[0]
            .next
            .as_ref()
            .map(|next| next.title.as_str()),
        Some("Attend a live session tagged \"onboarding\"")
    );
    // Opening a running room's page counts as attending, as its link does: an untagged one does
    // not tick the step, the tagged one does.
    let mut page = crate::common::live(&app.base, &kim_cookie, None).await;
    for room in [&untagged, &tagged] {
        // A page open before it starts enters again once it runs (as the page does at its start).
        page.enter(room).await;
        assert!(!session(&app, &kim, room).await.attended);
        running_now(&app, room).await;
        page.enter(room).await;
        assert!(session(&app, &kim, room).await.attended);
        let done = learning(&app, &kim).await[0].progress.done;
        assert_eq!(
            done,
            if room == &tagged { 2 } else { 1 },
            "after entering {room}"
        );
    }
}

/// Moves a session into the past: it ran yesterday.
async fn held_yesterday(app: &TestApp, id: &str) {
    let yesterday = Utc::now() - Duration::days(1);
    live_session::Entity::update_many()
        .col_expr(live_session::Column::StartsAt, Expr::value(yesterday))
        .col_expr(
            live_session::Column::EndsAt,
            Expr::value(yesterday + Duration::hours(1)),
        )
        .filter(live_session::Column::Id.eq(id.parse::<i64>().unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
}

async fn a_hosts_recording_goes_to_the_library_through_its_review(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, admin_row) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, _) = app.signed_in("kim@example.com", Role::Member).await;
    let (_, jonas) = app.signed_in("jonas@example.com", Role::Member).await;
    new_expert(&app, jonas.id, "security").await;
    let category = new_category(&app, "Recordings", true).await.to_string();
    let add = |who: &Client, id: &str, topic: &str| {
        let (who, id, topic, category) = (
            who.clone(),
            id.to_string(),
            topic.to_string(),
            category.clone(),
        );
        let app = &app;
        async move {
            app.call(
                &who,
                "add_session_recording",
                &[
                    ("id", &id),
                    ("recording[category]", &category),
                    ("recording[url]", "https://video.example/town-hall"),
                    ("recording[topic]", &topic),
                ],
            )
            .await
        }
    };
    let id = schedule(&app, &admin, &[]).await;
    assert_eq!(
        add(&admin, &id, "security").await.status(),
        StatusCode::CONFLICT,
        "not over yet"
    );
    held_yesterday(&app, &id).await;
    assert!(
        session(&app, &admin, &id)
            .await
            .recording_categories
            .iter()
            .any(|(id, _)| id.to_string() == category)
    );
    assert!(
        session(&app, &kim, &id)
            .await
            .recording_categories
            .is_empty()
    );
    assert_eq!(
        add(&kim, &id, "security").await.status(),
        StatusCode::FORBIDDEN
    );
    let saved = add(&admin, &id, "security").await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: RecordingSaved = saved.json().await.unwrap();
    assert_eq!(saved.not_sent, None);
    let item = library_item::Entity::find_by_id(saved.item)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.title, "Town hall (recording)");
    assert_eq!(item.status, ItemStatus::InReview, "Jonas reviews it");
    assert_eq!(item.owner_id, admin_row.id);
    assert_eq!(session(&app, &kim, &id).await.recording, Some(saved.item));
    assert_eq!(
        add(&admin, &id, "security").await.status(),
        StatusCode::CONFLICT,
        "once"
    );

    // Without an expert for its topic, it waits as a draft, and the host is told why.
    let other = schedule(&app, &admin, &[]).await;
    held_yesterday(&app, &other).await;
    let saved: RecordingSaved = add(&admin, &other, "origami").await.json().await.unwrap();
    assert!(
        saved
            .not_sent
            .is_some_and(|why| why.contains("expert in \"origami\""))
    );

    // A video is uploaded on the item's page next, then sent for review like any item.
    let filmed = schedule(&app, &admin, &[("title", "Security basics")]).await;
    held_yesterday(&app, &filmed).await;
    let fields = [
        ("id", filmed.as_str()),
        ("recording[category]", category.as_str()),
        ("recording[source]", "video"),
        ("recording[url]", ""),
        ("recording[topic]", "security"),
    ];
    let saved: RecordingSaved = app.json(&admin, "add_session_recording", &fields).await;
    assert_eq!(
        saved.not_sent.as_deref(),
        Some("Upload the video before you send it for review.")
    );
    let id = saved.item.to_string();
    let back = crate::library::upload(
        &app,
        &admin,
        &id,
        "main",
        "security-basics.mp4",
        crate::library::fake_mp4(1_000),
    )
    .await;
    assert!(back.ends_with(&format!("/library/items/{id}")), "{back}");
    let sent = app.call(&admin, "submit_item", &[("id", &id)]).await;
    assert_eq!(sent.status(), StatusCode::OK);
    let item = library_item::Entity::find_by_id(saved.item)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (item.kind, item.status, item.media_id.is_some()),
        (ItemKind::Video, ItemStatus::InReview, true)
    );
}

async fn the_calendar_follows_who_may_see_and_an_audience_change_drops_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let (ben, ben_row) = app.signed_in("ben@example.com", Role::Member).await;
    let group = new_group(&app, &admin, "Leaders", "closed").await;
    for who in [&kim_row, &ben_row] {
        new_member(
            group.parse().unwrap(),
            who.id,
            GroupRole::Member,
            MemberStatus::Active,
        )
        .insert(&app.db)
        .await
        .unwrap();
    }
    let audience = format!("group:{group}");
    let id = schedule(&app, &admin, &[("audience", &audience), ("capacity", "1")]).await;
    assert_eq!(answer(&app, &kim, &id, "going").await, Answer::Going);
    assert_eq!(answer(&app, &ben, &id, "going").await, Answer::Waiting);
    let address: String = app.json(&kim, "new_calendar_link", &[]).await;
    let address = format!(
        "{}/calendar/{}",
        app.base,
        address.split("/calendar/").nth(1).unwrap()
    );
    assert_eq!(
        parsed(&text(&app.browser(), &address).await.1)["icaljs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Kim leaves the group: the session leaves her calendar.
    app.json::<()>(&kim, "leave_group", &[("id", &group)]).await;
    let (status, feed) = text(&app.browser(), &address).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        parsed(&feed)["icaljs"].as_array().unwrap().is_empty(),
        "{feed}"
    );

    // The session moves to another group, where neither is: Kim's seat and Ben's place on the
    // waiting list go with it.
    let other = new_group(&app, &admin, "Board", "secret").await;
    let moved = form(&[("audience", &format!("group:{other}")), ("capacity", "1")]);
    let mut fields = pairs(&moved);
    fields.push(("id", &id));
    assert_eq!(
        app.call(&admin, "update_session", &fields).await.status(),
        StatusCode::OK
    );
    let row = live_session::Entity::find_by_id(id.parse::<i64>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.going_count, 0);
    assert_eq!(row.sequence, 1);
    assert_eq!(
        app::db::live_rsvp::Entity::find()
            .filter(app::db::live_rsvp::Column::SessionId.eq(row.id))
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        0
    );

    // Someone who has left keeps no calendar.
    let ben_address: String = app.json(&ben, "new_calendar_link", &[]).await;
    let ben_address = format!(
        "{}/calendar/{}",
        app.base,
        ben_address.split("/calendar/").nth(1).unwrap()
    );
    assert_eq!(text(&app.browser(), &ben_address).await.0, StatusCode::OK);
    let ben_id = ben_row.id.to_string();
    app.json::<()>(&admin, "deactivate_person", &[("id", &ben_id)])
        .await;
    assert_eq!(
        text(&app.browser(), &ben_address).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn the_room_chats_and_takes_questions_live(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, _, kim_cookie) = app.session_cookie("kim@example.com", Role::Member).await;
    let (ben, ben_user, ben_cookie) = app.session_cookie("ben@example.com", Role::Member).await;
    let id = schedule(
        &app,
        &admin,
        &[("qa_moderated", "on"), ("anonymous_questions", "on")],
    )
    .await;
    let mut socket = crate::common::live(&app.base, &kim_cookie, None).await;
    socket.enter(&id).await;
    // Ben's page is elsewhere: a room's events are only for pages in it.
    let mut elsewhere = crate::common::live(&app.base, &ben_cookie, None).await;
    let room = |who: &Client| {
        let (who, id) = (who.clone(), id.clone());
        let app = &app;
        async move { app.json::<Room>(&who, "get_room", &[("id", &id)]).await }
    };
    // Before it starts: no chat, but questions may be asked ahead.
    let early = app
        .call(&kim, "send_chat", &[("id", &id), ("body", "Hello!")])
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    let asked = app
        .call(
            &kim,
            "ask_question",
            &[
                ("id", &id),
                ("body", "Will there be a **bonus**?"),
                ("anonymous", "on"),
            ],
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    socket
        .wait_for(|event| {
            event.kind == LiveKind::RoomChanged
                && event.session.map(|s| s.to_string()) == Some(id.clone())
        })
        .await;
    // Moderated: it waits for a host; Ben does not see it, Kim does, the admin sees who asked.
    assert!(room(&ben).await.questions.is_empty());
    let mine = room(&kim).await.questions;
    assert_eq!(
        (mine[0].status, mine[0].author.clone()),
        (QuestionStatus::Waiting, None)
    );
    let hosted = room(&admin).await;
    assert!(hosted.hosts);
    assert_eq!(hosted.questions[0].author.as_deref(), Some("kim"));
    assert!(
        hosted.questions[0]
            .body_html
            .contains("<strong>bonus</strong>")
    );
    let question = hosted.questions[0].id.to_string();
    let refused = app
        .call(
            &ben,
            "decide_question",
            &[("id", &question), ("status", "open")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let approved = app
        .call(
            &admin,
            "decide_question",
            &[("id", &question), ("status", "open")],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    // One vote each, however often they press.
    for _ in 0..2 {
        let voted = app.call(&ben, "vote_question", &[("id", &question)]).await;
        assert_eq!(voted.status(), StatusCode::OK);
    }
    let seen = room(&ben).await.questions;
    assert_eq!(
        (seen[0].votes, seen[0].voted, seen[0].author.clone()),
        (1, true, None)
    );

    // While it runs: the chat, its flood limit, and a host's removal in the moderation log.
    running_now(&app, &id).await;
    for n in 0..3 {
        let sent = app
            .call(
                &ben,
                "send_chat",
                &[("id", &id), ("body", &format!("Message {n}"))],
            )
            .await;
        assert_eq!(sent.status(), StatusCode::OK);
    }
    let flood = app
        .call(&ben, "send_chat", &[("id", &id), ("body", "One more")])
        .await;
    assert_eq!(flood.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Each message comes whole to the pages in the room, none to a page elsewhere.
    let frame = socket
        .wait_for(|event| event.kind == LiveKind::ChatSent)
        .await;
    let carried: ChatMessage = serde_json::from_str(&frame.content.unwrap()).unwrap();
    assert_eq!(
        (
            carried.author.as_str(),
            carried.author_id,
            carried.body_html.as_str()
        ),
        ("ben", ben_user.id, "<p>Message 0</p>\n")
    );
    assert!(
        elsewhere
            .events_within(std::time::Duration::from_millis(300))
            .await
            .iter()
            .all(|event| event.session.is_none()),
        "a page outside the room hears nothing of it"
    );
    let chat = room(&kim).await.messages;
    assert_eq!(chat.len(), 3);
    assert_eq!(chat[0], carried);
    let message = chat[0].id.to_string();
    let refused = app
        .call(
            &kim,
            "remove_chat",
            &[("id", &message), ("reason", "Off topic")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let removed = app
        .call(
            &admin,
            "remove_chat",
            &[("id", &message), ("reason", "Off topic")],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(room(&kim).await.messages.len(), 2);
    // Its frame forgets it; the others keep theirs.
    let frames: Vec<Option<String>> = app::db::event::Entity::find()
        .filter(app::db::event::Column::Kind.eq(LiveKind::ChatSent))
        .order_by_asc(app::db::event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|event| event.content)
        .collect();
    assert_eq!(frames.len(), 3);
    assert!(frames[0].is_none());
    assert!(frames[1..].iter().all(|content| {
        content
            .as_deref()
            .is_some_and(|content| content.contains("Message"))
    }));
    let logged = app::db::moderation_log::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].reason, "Off topic");

    // A host mutes Ben in the room: he still reads, but neither chats nor asks; hosts are not muted.
    let later = chat[1].id.to_string();
    let muted = app
        .call(
            &admin,
            "mute_in_room",
            &[("id", &later), ("minutes", "15"), ("reason", "Flooding")],
        )
        .await;
    assert_eq!(muted.status(), StatusCode::OK);
    // A shorter mute after it does not cut it short.
    let shorter = app
        .call(
            &admin,
            "mute_in_room",
            &[("id", &later), ("minutes", "1"), ("reason", "Again")],
        )
        .await;
    assert_eq!(shorter.status(), StatusCode::OK);
    let mute = app::db::live_mute::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(mute.until > Utc::now() + Duration::minutes(14));
    assert!(room(&ben).await.muted_until.is_some());
    assert!(room(&kim).await.muted_until.is_none());
    for (call, field) in [("send_chat", "body"), ("ask_question", "body")] {
        let refused = app
            .call(&ben, call, &[("id", &id), (field, "Still here")])
            .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{call}");
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("muted you in this room")
        );
    }
    assert_eq!(room(&ben).await.messages.len(), 2);
    let own = app
        .call(&admin, "send_chat", &[("id", &id), ("body", "Welcome")])
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    let own = room(&admin).await.messages.last().unwrap().id.to_string();
    let host_muted = app
        .call(
            &admin,
            "mute_in_room",
            &[("id", &own), ("minutes", "15"), ("reason", "Test")],
        )
        .await;
    assert_eq!(host_muted.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let too_long = app
        .call(
            &admin,
            "mute_in_room",
            &[("id", &later), ("minutes", "100000"), ("reason", "Test")],
        )
        .await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let logged = app::db::moderation_log::Entity::find()
        .order_by_asc(app::db::moderation_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        (
            logged.len(),
            logged[1].reason.as_str(),
            logged[1].expires_at.is_some()
        ),
        (3, "Flooding", true)
    );

    // Answering one now marks the one before answered.
    let second = app
        .call(
            &kim,
            "ask_question",
            &[("id", &id), ("body", "And the roadmap?")],
        )
        .await;
    assert_eq!(second.status(), StatusCode::OK);
    let questions = room(&admin).await.questions;
    let other = questions
        .iter()
        .find(|q| q.id.to_string() != question)
        .unwrap()
        .id
        .to_string();
    for (which, to) in [
        (&question, "answering"),
        (&other, "open"),
        (&other, "answering"),
    ] {
        let moved = app
            .call(&admin, "decide_question", &[("id", which), ("status", to)])
            .await;
        assert_eq!(moved.status(), StatusCode::OK, "{which} to {to}");
    }
    let questions = room(&kim).await.questions;
    assert_eq!(questions[0].status, QuestionStatus::Answering);
    assert_eq!(questions[0].id.to_string(), other);
    assert_eq!(questions[1].status, QuestionStatus::Answered);
}

crate::on_both_databases!(
    the_calendar_follows_who_may_see_and_an_audience_change_drops_answers,
    the_room_chats_and_takes_questions_live,
    a_hosts_recording_goes_to_the_library_through_its_review,
    joining_while_it_runs_counts_as_attending_and_ticks_a_paths_step,
    sessions_are_scheduled_with_checked_input_and_their_waiting_list_moves_up,
    calendars_read_back_alike_and_the_private_address_needs_its_secret,
    reminders_go_a_day_before_and_just_before_once_each,
);
