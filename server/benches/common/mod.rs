//! What the benchmarks share: the server binary in a process of its own, a seeded SQLite database,
//! a signed-in client, and sixteen clients sending requests for a fixed time.

use app::{
    auth::ssr::hash_password,
    db::{post, user},
    feed::types::{PostKind, PostStatus},
    people::{
        ssr::new_account,
        types::{AccountStatus, Role},
    },
};
use chrono::{DateTime, Utc};
use reqwest::{Client, RequestBuilder, header};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, TransactionTrait};
use server::{config::Config, open_database};
use std::{
    path::Path,
    process::{Child, Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

const EMAIL: &str = "reader@example.com";
const PASSWORD: &str = "a long enough password";
/// Requests in flight at once while measuring.
pub const CLIENTS: usize = 16;

/// The server binary, running on a database of its own.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub async fn start(data_dir: &Path, port: u16) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("WELLSPRING_DATA_DIR", data_dir)
            .env("DATABASE_URL", database_url(data_dir))
            .env("RUST_LOG", "error")
            // Throughput is measured from a few sessions, far past any person's pace.
            .env("WELLSPRING_CALLS_PER_SECOND", "0")
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
    pub fn cpu(&self) -> Duration {
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
    pub fn rss_kb(&self) -> u64 {
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

/// The database in `data_dir`, made and migrated when new.
pub async fn open(data_dir: &Path) -> DatabaseConnection {
    let config = Config::for_data_dir(data_dir.to_path_buf(), Some(database_url(data_dir)));
    open_database(&config).await.expect("open the database")
}

/// The member `signed_in` signs in as.
pub async fn add_reader(db: &DatabaseConnection) -> user::Model {
    let hash = hash_password(PASSWORD.into()).await.unwrap();
    new_account(
        EMAIL.into(),
        "Reader".into(),
        Role::Member,
        AccountStatus::Active,
        Some(hash),
    )
    .insert(db)
    .await
    .unwrap()
}

/// A published post in the company feed.
pub fn post_row(author: i64, body: String, created_at: DateTime<Utc>) -> post::ActiveModel {
    post::ActiveModel {
        author_id: sea_orm::Set(author),
        group_id: sea_orm::Set(None),
        kind: sea_orm::Set(PostKind::Post),
        status: sea_orm::Set(PostStatus::Published),
        body_html: sea_orm::Set(format!("<p>{body}</p>")),
        body: sea_orm::Set(body),
        pinned_until: sea_orm::Set(None),
        comments_locked: sea_orm::Set(false),
        accepted_comment_id: sea_orm::Set(None),
        comment_count: sea_orm::Set(0),
        created_at: sea_orm::Set(created_at),
        edited_at: sea_orm::Set(None),
        ..Default::default()
    }
}

/// Inserts rows `0..count` as `row` makes them: a thousand to a statement, fifty thousand to a
/// transaction.
pub async fn insert_rows<A>(db: &DatabaseConnection, count: usize, row: impl Fn(usize) -> A)
where
    A: ActiveModelTrait,
{
    for chunk in (0..count).step_by(50_000) {
        let chunk_end = count.min(chunk + 50_000);
        let txn = db.begin().await.unwrap();
        for batch in (chunk..chunk_end).step_by(1000) {
            let rows = (batch..chunk_end.min(batch + 1000)).map(&row);
            A::Entity::insert_many(rows).exec(&txn).await.unwrap();
        }
        txn.commit().await.unwrap();
    }
}

/// A client signed in as the reader, sending this site's Origin.
pub async fn signed_in(base: &str) -> (Client, String) {
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

/// What `drive` measured: each request's number and latency, and the time it all took.
pub struct Run {
    pub latencies: Vec<(usize, Duration)>,
    pub elapsed: Duration,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }
}

/// Sends requests for `seconds` with `CLIENTS` in flight at once; `request` makes the request
/// numbered `n` (numbered across all clients, in the order they are sent).
pub async fn drive(
    client: &Client,
    request: impl Fn(&Client, usize) -> RequestBuilder + Send + Sync + 'static,
    seconds: u64,
) -> Run {
    let request = Arc::new(request);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, request, next) = (client.clone(), request.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let sent = Instant::now();
                    let response = request(&client, n).send().await.unwrap();
                    assert!(response.status().is_success(), "{}", response.status());
                    response.bytes().await.unwrap();
                    latencies.push((n, sent.elapsed()));
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    Run {
        latencies,
        // Requests still in flight at the deadline finish after it: divide by the time really taken.
        elapsed: started.elapsed(),
    }
}

/// Median latency of one request, sent one at a time.
pub async fn latency(request: impl Fn() -> RequestBuilder) -> Duration {
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

/// The value at `fraction` (0.5 for the median) of sorted durations.
pub fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
}

/// The sizes in `variable`, comma-separated, or `defaults`.
pub fn sizes(variable: &str, defaults: &[usize]) -> Vec<usize> {
    match std::env::var(variable) {
        Ok(value) => value
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect(),
        Err(_) => defaults.to_vec(),
    }
}
