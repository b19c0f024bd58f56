//! The load benchmark: the real server binary in a process of its own, driven over loopback.
//!
//! `cargo bench -p server --bench load` (or `./dev bench`) prints, side by side in one run:
//! - the home feed server function and the home page (SSR) in requests per second, against `/livez`
//!   (a minimal axum JSON handler in the same binary), with 10,000 and 1,000,000 posts;
//! - page 1,000's latency over page 1's (keyset pagination: it should stay near 1);
//! - one post fanned out to 1,000 and 5,000 open websockets: p50 and p99 of the time until every
//!   socket has it, server CPU per delivered frame against CPU per `/livez` request, and resident
//!   memory per idle socket.
//!
//! - one announcement to a group of 5,000 members, each with a page open: the time to write every
//!   member's notification and email, and the server's CPU per member (written, told, and the
//!   bell asking for its count) against a company post's CPU per delivered frame.
//!
//! - 2,000 pages in one live session's room while 100 people chat at 20 messages a second: the
//!   time until each page has each message (p50, p99), and server CPU per delivered frame against
//!   a company post's to the same pages.
//!
//! `BENCH_POSTS=10000` limits the feed sizes; `BENCH_SOCKETS=1000` the fan-out sizes;
//! `BENCH_ROOM_SOCKETS=500` the room's; `BENCH_MEMBERS=1000` the group's size.

mod common;

use app::{
    auth::ssr::token_hash,
    db::{email_outbox, group, live_session, notification, session},
    groups::{
        ssr::new_member,
        types::{Approval, GroupKind, GroupRole, MemberStatus, Privacy},
    },
    live::types::{LiveEvent, LiveKind, Watch},
    people::{
        ssr::new_account,
        types::{AccountStatus, Role},
    },
    sessions::types::{Audience, ChatMessage},
};
use chrono::Utc;
use common::{
    Server, add_reader, drive, insert_rows, latency, open, percentile, post_row, signed_in, sizes,
};
use futures_util::{SinkExt, StreamExt};
use reqwest::header;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
use std::{
    path::Path,
    time::{Duration, Instant},
};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

const PAGE: i64 = 20;

/// A database with one reader and `posts` posts in the company feed.
async fn seed(data_dir: &Path, posts: usize) {
    let db = open(data_dir).await;
    let reader = add_reader(&db).await;
    let now = Utc::now();
    insert_rows(&db, posts, |n| {
        post_row(reader.id, format!("Post number {n}"), now)
    })
    .await;
    db.close().await.unwrap();
}

async fn feed_bench(posts: usize, port: u16) {
    let dir = tempfile::tempdir().unwrap();
    let seeding = Instant::now();
    seed(dir.path(), posts).await;
    println!(
        "\n## Feed with {posts} posts (seeded in {:.1} s)",
        seeding.elapsed().as_secs_f64()
    );
    let server = Server::start(dir.path(), port).await;
    let (client, cookie) = signed_in(&server.base).await;
    let base = server.base.clone();

    let livez = {
        let base = base.clone();
        drive(
            &client,
            move |client, _| client.get(format!("{base}/livez")),
            5,
        )
        .await
        .per_second()
    };
    let feed = {
        let base = base.clone();
        let cookie = cookie.clone();
        drive(
            &client,
            move |client, _| {
                client
                    .post(format!("{base}/api/list_feed"))
                    .header(header::COOKIE, cookie.clone())
                    .form(&[("scope", "Home")])
            },
            5,
        )
        .await
        .per_second()
    };
    let page = {
        let base = base.clone();
        let cookie = cookie.clone();
        drive(
            &client,
            move |client, _| {
                client
                    .get(format!("{base}/"))
                    .header(header::COOKIE, cookie.clone())
                    .header(header::ACCEPT, "text/html")
            },
            5,
        )
        .await
        .per_second()
    };
    println!("| request | requests/s | against /livez |");
    println!("|---|---:|---:|");
    println!("| /livez (minimal JSON handler) | {livez:.0} | 1.00 |");
    println!(
        "| list_feed (home, first page) | {feed:.0} | {:.3} |",
        feed / livez
    );
    println!(
        "| home page, server-rendered | {page:.0} | {:.3} |",
        page / livez
    );

    let newest = posts as i64;
    let deep = newest - PAGE * 999;
    if deep > 0 {
        let at = |after: Option<i64>| {
            let (client, base, cookie) = (client.clone(), base.clone(), cookie.clone());
            move || {
                let mut form = vec![("scope".to_string(), "Home".to_string())];
                if let Some(after) = after {
                    form.push(("after".into(), after.to_string()));
                }
                client
                    .post(format!("{base}/api/list_feed"))
                    .header(header::COOKIE, cookie.clone())
                    .form(&form)
            }
        };
        let first = latency(at(None)).await;
        let thousandth = latency(at(Some(deep + 1))).await;
        println!(
            "\npage 1: {:.2} ms, page 1,000: {:.2} ms (median of 200): page 1,000 / page 1 = {:.2}",
            first.as_secs_f64() * 1e3,
            thousandth.as_secs_f64() * 1e3,
            thousandth.as_secs_f64() / first.as_secs_f64()
        );
    }
}

/// Lets this process and the server it starts open many sockets.
fn raise_open_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max.min(65_536);
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
}

/// Opens `sockets` live sockets as the signed-in reader, each in `room` when one is named; each
/// event any of them receives is told, with the moment it arrived.
async fn open_sockets(
    base: &str,
    cookie: &str,
    sockets: usize,
    room: Option<i64>,
) -> mpsc::UnboundedReceiver<(Instant, LiveEvent)> {
    let (arrived, arrivals) = mpsc::unbounded_channel();
    let ws_base = base.replacen("http", "ws", 1);
    for batch in (0..sockets).collect::<Vec<_>>().chunks(50) {
        let mut opening = Vec::new();
        for _ in batch {
            let (url, cookie, base, arrived) = (
                format!("{ws_base}/live"),
                cookie.to_string(),
                base.to_string(),
                arrived.clone(),
            );
            opening.push(tokio::spawn(async move {
                use tokio_tungstenite::tungstenite::client::IntoClientRequest;
                let mut request = url.into_client_request().unwrap();
                request
                    .headers_mut()
                    .insert("cookie", cookie.parse().unwrap());
                request
                    .headers_mut()
                    .insert("origin", base.parse().unwrap());
                let (mut stream, _) = tokio_tungstenite::connect_async(request)
                    .await
                    .expect("a websocket");
                if room.is_some() {
                    let watch = serde_json::to_string(&Watch { room }).unwrap();
                    stream.send(Message::Text(watch.into())).await.unwrap();
                }
                tokio::spawn(async move {
                    while let Some(Ok(message)) = stream.next().await {
                        let at = Instant::now();
                        if let Ok(text) = message.to_text()
                            && let Ok(event) = serde_json::from_str::<LiveEvent>(text)
                        {
                            let _ = arrived.send((at, event));
                        }
                    }
                });
            }));
        }
        for opened in opening {
            opened.await.unwrap();
        }
    }
    arrivals
}

async fn fanout_bench(sockets: usize, port: u16) {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), 0).await;
    let server = Server::start(dir.path(), port).await;
    let (client, cookie) = signed_in(&server.base).await;
    let base = server.base.clone();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_before = server.rss_kb();

    let mut arrivals = open_sockets(&base, &cookie, sockets, None).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_after = server.rss_kb();

    let rounds = 100;
    let mut until_all = Vec::new();
    let cpu_before = server.cpu();
    for round in 0..rounds {
        let sent = Instant::now();
        let response = client
            .post(format!("{base}/api/create_post"))
            .header(header::COOKIE, cookie.clone())
            .form(&[
                ("post[group]", ""),
                ("post[kind]", "post"),
                ("post[body]", &format!("Fan-out {round}")),
                ("post[pin_days]", ""),
            ])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        let mut last = sent;
        for _ in 0..sockets {
            let (at, _) = tokio::time::timeout(Duration::from_secs(30), arrivals.recv())
                .await
                .expect("every socket receives the post")
                .unwrap();
            last = last.max(at);
        }
        until_all.push(last - sent);
    }
    let fanout_cpu = server.cpu() - cpu_before;

    let plain = 20_000;
    let cpu_before = server.cpu();
    let mut inflight = Vec::new();
    for _ in 0..16 {
        let (client, base) = (client.clone(), base.clone());
        inflight.push(tokio::spawn(async move {
            for _ in 0..plain / 16 {
                client
                    .get(format!("{base}/livez"))
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
            }
        }));
    }
    for task in inflight {
        task.await.unwrap();
    }
    let plain_cpu = server.cpu() - cpu_before;

    until_all.sort();
    let per_frame = fanout_cpu.as_secs_f64() / (rounds * sockets) as f64;
    let per_request = plain_cpu.as_secs_f64() / (plain / 16 * 16) as f64;
    println!("\n## One post to {sockets} open websockets ({rounds} posts)");
    println!(
        "time until all received: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&until_all, 0.5).as_secs_f64() * 1e3,
        percentile(&until_all, 0.99).as_secs_f64() * 1e3
    );
    println!(
        "server CPU per delivered frame {:.1} µs, per /livez request {:.1} µs: ratio {:.2}",
        per_frame * 1e6,
        per_request * 1e6,
        per_frame / per_request
    );
    println!(
        "resident memory per idle socket: {:.1} kB ({} kB before, {} kB after {sockets} sockets)",
        (rss_after.saturating_sub(rss_before)) as f64 / sockets as f64,
        rss_before,
        rss_after
    );
}

/// A database with the reader owning an open group of `members` (the reader among them).
async fn seed_group(data_dir: &Path, members: usize) -> i64 {
    let db = open(data_dir).await;
    let reader = add_reader(&db).await;
    let now = Utc::now();
    let group = group::ActiveModel {
        name: Set("Everyone in engineering".into()),
        description: Set(String::new()),
        cover: Set(None),
        privacy: Set(Privacy::Open),
        kind: Set(GroupKind::Community),
        approval: Set(Approval::Off),
        approval_threshold: Set(0),
        slow_mode_seconds: Set(0),
        created_by: Set(Some(reader.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    new_member(group.id, reader.id, GroupRole::Owner, MemberStatus::Active)
        .insert(&db)
        .await
        .unwrap();
    let first = reader.id + 1;
    insert_rows(&db, members - 1, |n| {
        new_account(
            format!("member{n}@example.com"),
            format!("Member {n}"),
            Role::Member,
            AccountStatus::Active,
            None,
        )
    })
    .await;
    insert_rows(&db, members - 1, |n| {
        new_member(
            group.id,
            first + n as i64,
            GroupRole::Member,
            MemberStatus::Active,
        )
    })
    .await;
    db.close().await.unwrap();
    group.id
}

/// What one kind of post costs with `sockets` pages open: the post's own latency, the time until
/// every page has its frame and has done what a page does with it, and the server's CPU.
struct Rounds {
    posted: Vec<Duration>,
    until_all: Vec<Duration>,
    cpu: Duration,
}

/// Posts ten posts with `form`, each bringing `frames` events to every page; on a notifications
/// event a page asks for its unread count after a wait of its own, spread over two seconds as the
/// bell spreads it.
async fn post_rounds(
    server: &Server,
    client: &reqwest::Client,
    cookie: &str,
    arrivals: &mut mpsc::UnboundedReceiver<(Instant, LiveEvent)>,
    form: impl Fn(usize) -> Vec<(&'static str, String)>,
    sockets: usize,
    frames: usize,
) -> Rounds {
    let rounds = 10;
    let mut measured = Rounds {
        posted: Vec::new(),
        until_all: Vec::new(),
        cpu: Duration::ZERO,
    };
    let cpu_before = server.cpu();
    for round in 0..rounds {
        let sent = Instant::now();
        let response = client
            .post(format!("{}/api/create_post", server.base))
            .header(header::COOKIE, cookie)
            .form(&form(round))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        measured.posted.push(sent.elapsed());
        let mut asking = Vec::new();
        let mut last = sent;
        for frame in 0..sockets * frames {
            let (at, event) = tokio::time::timeout(Duration::from_secs(60), arrivals.recv())
                .await
                .expect("every socket receives the events")
                .unwrap();
            last = last.max(at);
            if event.kind == LiveKind::NotificationsChanged {
                let (client, url, cookie) = (
                    client.clone(),
                    format!("{}/api/unread_notifications", server.base),
                    cookie.to_string(),
                );
                let wait = Duration::from_millis((frame as u64 * 7_919) % 2_000);
                asking.push(tokio::spawn(async move {
                    tokio::time::sleep(wait).await;
                    let response = client
                        .post(url)
                        .header(header::COOKIE, cookie)
                        .send()
                        .await
                        .unwrap();
                    assert!(response.status().is_success());
                    response.bytes().await.unwrap();
                    Instant::now()
                }));
            }
        }
        for asked in asking {
            last = last.max(asked.await.unwrap());
        }
        measured.until_all.push(last - sent);
    }
    measured.cpu = server.cpu() - cpu_before;
    measured.posted.sort();
    measured.until_all.sort();
    measured
}

/// The form of a post to the whole company, the `round`th.
fn company_post(round: usize) -> Vec<(&'static str, String)> {
    vec![
        ("post[group]", String::new()),
        ("post[kind]", "post".into()),
        ("post[body]", format!("Company post {round}")),
        ("post[pin_days]", String::new()),
    ]
}

/// One announcement to a group of `members`, with as many pages open: writing a notification and
/// an email for each member, and each page's bell asking for its count, against a company post
/// to the same pages (the fan-out figure above).
async fn announcement_bench(members: usize, port: u16) {
    let dir = tempfile::tempdir().unwrap();
    let seeding = Instant::now();
    let group = seed_group(dir.path(), members).await.to_string();
    let seeded = seeding.elapsed();
    let server = Server::start(dir.path(), port).await;
    let (client, cookie) = signed_in(&server.base).await;
    let mut arrivals = open_sockets(&server.base, &cookie, members, None).await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    let plain = post_rounds(
        &server,
        &client,
        &cookie,
        &mut arrivals,
        company_post,
        members,
        1,
    )
    .await;
    let announced = post_rounds(
        &server,
        &client,
        &cookie,
        &mut arrivals,
        |round| {
            vec![
                ("post[group]", group.clone()),
                ("post[kind]", "announcement".into()),
                ("post[body]", format!("Announcement {round}")),
                ("post[pin_days]", String::new()),
            ]
        },
        members,
        // The post, and the members' notifications.
        2,
    )
    .await;

    let db = open(dir.path()).await;
    let told = notification::Entity::find().count(&db).await.unwrap();
    let mailed = email_outbox::Entity::find().count(&db).await.unwrap();
    let rounds = announced.posted.len();
    assert_eq!(
        told as usize,
        rounds * (members - 1),
        "one notification per member"
    );
    assert_eq!(
        mailed as usize,
        rounds * (members - 1),
        "one email per member"
    );

    let ms = |value: Duration| value.as_secs_f64() * 1e3;
    let per = |cpu: Duration| cpu.as_secs_f64() * 1e6 / (rounds * members) as f64;
    println!(
        "\n## One announcement to a group of {members} members, each with a page open ({rounds} announcements; seeded in {:.1} s)",
        seeded.as_secs_f64()
    );
    println!(
        "posting it (a notification and an email row per member): p50 {:.0} ms, against {:.1} ms for a company post: ratio {:.0}",
        ms(percentile(&announced.posted, 0.5)),
        ms(percentile(&plain.posted, 0.5)),
        ms(percentile(&announced.posted, 0.5)) / ms(percentile(&plain.posted, 0.5))
    );
    println!(
        "until every page's bell has its new count (asked within 2 s): p50 {:.0} ms, p99 {:.0} ms",
        ms(percentile(&announced.until_all, 0.5)),
        ms(percentile(&announced.until_all, 0.99))
    );
    println!(
        "server CPU per member: {:.1} µs (written, told and asked), against {:.1} µs per page for a company post's frame: ratio {:.1}",
        per(announced.cpu),
        per(plain.cpu),
        per(announced.cpu) / per(plain.cpu)
    );
}

/// People chatting in the room benchmark, each signed in by a session written with the seed.
const CHATTERS: usize = 100;
/// Chat messages a second, and for how long.
const CHAT_RATE: u64 = 20;
const CHAT_SECONDS: u64 = 10;

/// A database with the reader, `CHATTERS` people already signed in, and a company session that
/// runs now; answers the session's id.
async fn seed_room(data_dir: &Path) -> i64 {
    let db = open(data_dir).await;
    let reader = add_reader(&db).await;
    let first = reader.id + 1;
    insert_rows(&db, CHATTERS, |n| {
        new_account(
            format!("chatter{n}@example.com"),
            format!("Chatter {n}"),
            Role::Member,
            AccountStatus::Active,
            None,
        )
    })
    .await;
    let now = Utc::now();
    insert_rows(&db, CHATTERS, |n| session::ActiveModel {
        user_id: Set(first + n as i64),
        token_hash: Set(token_hash(&chatter_token(n))),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(1)),
        ..Default::default()
    })
    .await;
    let room = live_session::ActiveModel {
        title: Set("All hands".into()),
        description: Set(String::new()),
        description_html: Set(String::new()),
        starts_at: Set(now - chrono::Duration::minutes(5)),
        ends_at: Set(now + chrono::Duration::hours(2)),
        time_zone: Set("UTC".into()),
        audience: Set(Audience::Company),
        group_id: Set(None),
        path_id: Set(None),
        stream_url: Set("https://meet.example/all-hands".into()),
        capacity: Set(None),
        going_count: Set(0),
        cancelled: Set(false),
        sequence: Set(0),
        qa_moderated: Set(false),
        anonymous_questions: Set(false),
        tag: Set(None),
        recording_item_id: Set(None),
        created_by: Set(Some(reader.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    db.close().await.unwrap();
    room.id
}

fn chatter_token(n: usize) -> String {
    format!("room-benchmark-chatter-{n}")
}

/// `sockets` pages in one live session's room while `CHATTERS` people chat at `CHAT_RATE`
/// messages a second: each message comes whole in its frame. Against a company post fanned out to
/// the same pages in the same run.
async fn room_bench(sockets: usize, port: u16) {
    let dir = tempfile::tempdir().unwrap();
    let room = seed_room(dir.path()).await;
    let server = Server::start(dir.path(), port).await;
    let (client, cookie) = signed_in(&server.base).await;
    let mut arrivals = open_sockets(&server.base, &cookie, sockets, Some(room)).await;
    // Each page is let into the room, and reads it once.
    for _ in 0..sockets {
        let (_, event) = tokio::time::timeout(Duration::from_secs(60), arrivals.recv())
            .await
            .expect("every page enters the room")
            .unwrap();
        assert_eq!(
            (event.kind, event.session),
            (LiveKind::RoomChanged, Some(room))
        );
    }

    let messages = (CHAT_RATE * CHAT_SECONDS) as usize;
    let pace = Duration::from_secs(1) / CHAT_RATE as u32;
    let cpu_before = server.cpu();
    let start = Instant::now();
    let mut sending = Vec::new();
    for n in 0..messages {
        let (client, url) = (client.clone(), format!("{}/api/send_chat", server.base));
        let chatter = format!("wellspring_session={}", chatter_token(n % CHATTERS));
        let at = start + pace * n as u32;
        sending.push(tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let sent = Instant::now();
            let response = client
                .post(url)
                .header(header::COOKIE, chatter)
                .form(&[("id", room.to_string()), ("body", format!("Message {n}"))])
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success(), "{}", response.status());
            sent
        }));
    }
    let mut sent = Vec::new();
    for task in sending {
        sent.push(task.await.unwrap());
    }
    // Every page receives every message: the time from sending to each page having it.
    let mut per_frame = Vec::with_capacity(messages * sockets);
    let mut last = vec![sent[0]; messages];
    for _ in 0..messages * sockets {
        let (at, event) = tokio::time::timeout(Duration::from_secs(60), arrivals.recv())
            .await
            .expect("every page receives every message")
            .unwrap();
        assert_eq!(event.kind, LiveKind::ChatSent);
        let message: ChatMessage = serde_json::from_str(&event.content.unwrap()).unwrap();
        let n: usize = message
            .body_html
            .trim()
            .trim_start_matches("<p>Message ")
            .trim_end_matches("</p>")
            .parse()
            .unwrap();
        per_frame.push(at.saturating_duration_since(sent[n]));
        last[n] = last[n].max(at);
    }
    let chat_cpu = server.cpu() - cpu_before;
    let elapsed = start.elapsed();
    let mut until_all: Vec<Duration> = last
        .iter()
        .zip(&sent)
        .map(|(last, sent)| last.saturating_duration_since(*sent))
        .collect();
    until_all.sort();
    per_frame.sort();

    let post = post_rounds(
        &server,
        &client,
        &cookie,
        &mut arrivals,
        company_post,
        sockets,
        1,
    )
    .await;

    let ms = |value: Duration| value.as_secs_f64() * 1e3;
    let chat_per_frame = chat_cpu.as_secs_f64() * 1e6 / (messages * sockets) as f64;
    let post_per_frame = post.cpu.as_secs_f64() * 1e6 / (post.until_all.len() * sockets) as f64;
    println!(
        "\n## A live session's room: {sockets} pages in it, {CHATTERS} people chatting, {CHAT_RATE} messages a second for {CHAT_SECONDS} s ({messages} messages, {:.1} s in all)",
        elapsed.as_secs_f64()
    );
    println!(
        "each page's frame after sending: p50 {:.1} ms, p99 {:.1} ms; until every page has a message: p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&per_frame, 0.5)),
        ms(percentile(&per_frame, 0.99)),
        ms(percentile(&until_all, 0.5)),
        ms(percentile(&until_all, 0.99))
    );
    println!(
        "server CPU per delivered chat frame {chat_per_frame:.1} µs (the message written and sent, shared over its pages), against {post_per_frame:.1} µs for a company post's frame to the same pages: ratio {:.2}",
        chat_per_frame / post_per_frame
    );
}

#[tokio::main]
async fn main() {
    raise_open_file_limit();
    let mut port = 3900;
    println!(
        "# Wellspring load benchmark (SQLite, release build, this machine; ratios are the figures to compare)"
    );
    for posts in sizes("BENCH_POSTS", &[10_000, 1_000_000]) {
        feed_bench(posts, port).await;
        port += 1;
    }
    for sockets in sizes("BENCH_SOCKETS", &[1_000, 5_000]) {
        fanout_bench(sockets, port).await;
        port += 1;
    }
    for sockets in sizes("BENCH_ROOM_SOCKETS", &[2_000]) {
        room_bench(sockets, port).await;
        port += 1;
    }
    for members in sizes("BENCH_MEMBERS", &[5_000]) {
        announcement_bench(members, port).await;
        port += 1;
    }
}
