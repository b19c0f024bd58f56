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
//! `BENCH_POSTS=10000` limits the feed sizes; `BENCH_SOCKETS=1000` the fan-out sizes.

mod common;

use chrono::Utc;
use common::{
    Server, add_reader, drive, insert_rows, latency, open, percentile, post_row, signed_in, sizes,
};
use futures_util::StreamExt;
use reqwest::header;
use std::{
    path::Path,
    time::{Duration, Instant},
};
use tokio::sync::mpsc;

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

async fn fanout_bench(sockets: usize, port: u16) {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), 0).await;
    let server = Server::start(dir.path(), port).await;
    let (client, cookie) = signed_in(&server.base).await;
    let base = server.base.clone();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_before = server.rss_kb();

    let (arrived, mut arrivals) = mpsc::unbounded_channel::<Instant>();
    let ws_base = base.replacen("http", "ws", 1);
    for batch in (0..sockets).collect::<Vec<_>>().chunks(50) {
        let mut opening = Vec::new();
        for _ in batch {
            let (url, cookie, base, arrived) = (
                format!("{ws_base}/live"),
                cookie.clone(),
                base.clone(),
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
                tokio::spawn(async move {
                    while let Some(Ok(message)) = stream.next().await {
                        if message.is_text() {
                            let _ = arrived.send(Instant::now());
                        }
                    }
                });
            }));
        }
        for opened in opening {
            opened.await.unwrap();
        }
    }
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
            let at = tokio::time::timeout(Duration::from_secs(30), arrivals.recv())
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
}
