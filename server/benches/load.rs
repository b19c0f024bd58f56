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

use app::{
    auth::ssr::hash_password,
    db::post,
    feed::types::{PostKind, PostStatus},
    people::{
        ssr::new_account,
        types::{AccountStatus, Role},
    },
};
use chrono::Utc;
use futures_util::StreamExt;
use reqwest::{Client, RequestBuilder, header};
use sea_orm::{ActiveModelTrait, EntityTrait, TransactionTrait};
use server::{config::Config, open_database};
use std::{
    path::Path,
    process::{Child, Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::sync::mpsc;

const EMAIL: &str = "reader@example.com";
const PASSWORD: &str = "a long enough password";
const PAGE: i64 = 20;

/// The server binary, running on a database of its own.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    async fn start(data_dir: &Path, port: u16) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("WELLSPRING_DATA_DIR", data_dir)
            .env("DATABASE_URL", database_url(data_dir))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .spawn()
            .expect("start the server binary");
        // Owned at once, so the process is stopped however this ends.
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..200 {
            if reqwest::get(format!("{}/livez", server.base)).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not start");
    }

    /// CPU time the server process has used, user and system.
    fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        // SAFETY: sysconf only reads a configuration value.
        let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
        Duration::from_micros(ticks * 1_000_000 / per_second)
    }

    /// Resident memory of the server process, in kB.
    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

fn database_url(data_dir: &Path) -> String {
    format!("sqlite://{}/wellspring.db?mode=rwc", data_dir.display())
}

/// A database with one reader and `posts` posts in the company feed.
async fn seed(data_dir: &Path, posts: usize) {
    let config = Config::for_data_dir(data_dir.to_path_buf(), Some(database_url(data_dir)));
    let db = open_database(&config).await.expect("open the database");
    let hash = hash_password(PASSWORD.into()).await.unwrap();
    let reader = new_account(
        EMAIL.into(),
        "Reader".into(),
        Role::Member,
        AccountStatus::Active,
        Some(hash),
    )
    .insert(&db)
    .await
    .unwrap();
    let now = Utc::now();
    for chunk in (0..posts).collect::<Vec<_>>().chunks(50_000) {
        let txn = db.begin().await.unwrap();
        for batch in chunk.chunks(1000) {
            let rows = batch.iter().map(|n| post::ActiveModel {
                author_id: sea_orm::Set(reader.id),
                group_id: sea_orm::Set(None),
                kind: sea_orm::Set(PostKind::Post),
                status: sea_orm::Set(PostStatus::Published),
                body: sea_orm::Set(format!("Post number {n}")),
                body_html: sea_orm::Set(format!("<p>Post number {n}</p>")),
                pinned_until: sea_orm::Set(None),
                comments_locked: sea_orm::Set(false),
                accepted_comment_id: sea_orm::Set(None),
                comment_count: sea_orm::Set(0),
                created_at: sea_orm::Set(now),
                edited_at: sea_orm::Set(None),
                ..Default::default()
            });
            post::Entity::insert_many(rows).exec(&txn).await.unwrap();
        }
        txn.commit().await.unwrap();
    }
    db.close().await.unwrap();
}

/// A client signed in as the reader, sending this site's Origin.
async fn signed_in(base: &str) -> (Client, String) {
    let mut headers = header::HeaderMap::new();
    headers.insert(header::ORIGIN, base.parse().unwrap());
    headers.insert(header::ACCEPT, "application/json".parse().unwrap());
    let client = Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    let response = client
        .post(format!("{base}/api/sign_in"))
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            value
                .split(';')
                .next()
                .filter(|pair| pair.starts_with("wellspring_session="))
        })
        .expect("a session cookie")
        .to_string();
    (client, cookie)
}

/// Requests per second over `seconds`, with `concurrency` requests in flight.
async fn rate(
    client: &Client,
    request: impl Fn(&Client) -> RequestBuilder + Send + Sync + 'static,
    seconds: u64,
) -> f64 {
    let request = Arc::new(request);
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..16)
        .map(|_| {
            let (client, request, done) = (client.clone(), request.clone(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let response = request(&client).send().await.unwrap();
                    assert!(response.status().is_success(), "{}", response.status());
                    response.bytes().await.unwrap();
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    // Requests still in flight at the deadline finish after it: divide by the time really taken.
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// Median latency of one request, sent one at a time.
async fn latency(request: impl Fn() -> RequestBuilder) -> Duration {
    let mut times = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let response = request().send().await.unwrap();
        assert!(response.status().is_success());
        response.bytes().await.unwrap();
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
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
        rate(
            &client,
            move |client| client.get(format!("{base}/livez")),
            5,
        )
        .await
    };
    let feed = {
        let base = base.clone();
        let cookie = cookie.clone();
        rate(
            &client,
            move |client| {
                client
                    .post(format!("{base}/api/list_feed"))
                    .header(header::COOKIE, cookie.clone())
                    .form(&[("scope", "Home")])
            },
            5,
        )
        .await
    };
    let page = {
        let base = base.clone();
        let cookie = cookie.clone();
        rate(
            &client,
            move |client| {
                client
                    .get(format!("{base}/"))
                    .header(header::COOKIE, cookie.clone())
                    .header(header::ACCEPT, "text/html")
            },
            5,
        )
        .await
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

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
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

fn sizes(variable: &str, defaults: &[usize]) -> Vec<usize> {
    match std::env::var(variable) {
        Ok(value) => value
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect(),
        Err(_) => defaults.to_vec(),
    }
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
