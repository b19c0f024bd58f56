//! Restarting PostgreSQL under load, without restarting the server: writes wait or fail while it is
//! down, stop failing within five seconds of it accepting connections again, and a page left open all
//! along receives every post the server acknowledged, those committed right after the restart
//! included.
//!
//! It restarts the local cluster every other PostgreSQL test shares, so it runs only when asked, on
//! its own: `PG_RESTART_TEST=1 cargo test -p server --features app/ssr --test pg_restart --
//! --nocapture`. It prints what the server logs at `RUST_LOG` (warnings unless told otherwise).
//!
//! A plain restart leaves PostgreSQL down for a fraction of a second, shorter than the pool's
//! five-second wait for a connection; `PG_RESTART_DOWN_SECS=N` stops it, waits N seconds and starts
//! it again instead, so calls also run out of that wait and fail. Keep N under about fifteen: a
//! page's heartbeat (every thirty seconds) that finds the database down closes its socket, for its
//! browser to reconnect, and this test holds one socket open throughout.

#[allow(dead_code)]
#[path = "api/common.rs"]
mod common;

use app::{feed::types::PostView, live::types::LiveKind, people::types::Role};
use common::{Backend, Live, TestApp, live, post_form, spawn_app};
use reqwest::{Client, StatusCode};
use sea_orm::sqlx::{
    Connection,
    postgres::{PgConnectOptions, PgConnection},
};
use std::{
    collections::HashMap,
    process::Command,
    str::FromStr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

/// Time between two writes: four a second stays inside the burst a session may make.
const PACE: Duration = Duration::from_millis(250);
/// Writes before the restart, to see that they all succeed and arrive first.
const WARM_UP: Duration = Duration::from_secs(3);
/// Writes go on this long after PostgreSQL is back, well past `RECOVERY`, so errors are seen to have
/// stopped for good rather than paused.
const AFTER: Duration = Duration::from_secs(12);
/// The most time errors may go on once PostgreSQL accepts connections again.
const RECOVERY: Duration = Duration::from_secs(5);
/// How long the page may take to receive the last acknowledged post once writing stops.
const DELIVERY: Duration = Duration::from_secs(15);

/// One create_post call as the writer saw it.
struct Write {
    began: Instant,
    ended: Instant,
    status: StatusCode,
    /// The post's id when the server acknowledged it.
    post: Option<i64>,
}

/// The server the PostgreSQL tests create their databases on, as `common` picks it.
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// The local cluster serving `port`, as `pg_ctlcluster` names it: its version and its name.
fn cluster_on(port: u16) -> (String, String) {
    let listing = Command::new("pg_lsclusters")
        .arg("--no-header")
        .output()
        .expect("pg_lsclusters (postgresql-common) lists the local clusters");
    String::from_utf8_lossy(&listing.stdout)
        .lines()
        .find_map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            (columns.get(2) == Some(&port.to_string().as_str()))
                .then(|| (columns[0].to_string(), columns[1].to_string()))
        })
        .unwrap_or_else(|| panic!("no local PostgreSQL cluster on port {port}"))
}

/// Whether PostgreSQL accepts a fresh connection and answers on it, outside the server's pool.
async fn accepts(options: &PgConnectOptions) -> bool {
    let attempt = async {
        let mut connection = PgConnection::connect_with(options).await.ok()?;
        let answered = connection.ping().await.is_ok();
        let _ = connection.close().await;
        Some(answered)
    };
    matches!(
        tokio::time::timeout(Duration::from_millis(500), attempt).await,
        Ok(Some(true))
    )
}

/// Polls PostgreSQL until it has gone down and come back; returns when each was first seen.
async fn outage(options: PgConnectOptions) -> (Instant, Instant) {
    let mut down = None;
    loop {
        match (accepts(&options).await, down) {
            (false, None) => down = Some(Instant::now()),
            (true, Some(down)) => return (down, Instant::now()),
            _ => {}
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Posts to the company feed every `PACE` until `stop`, each call in a task of its own, so calls
/// stuck waiting for the database do not hold back the ones after them.
async fn write_until(app: Arc<TestApp>, writer: Client, stop: Arc<AtomicBool>) -> Vec<Write> {
    let mut pace = tokio::time::interval(PACE);
    let mut calls = tokio::task::JoinSet::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        pace.tick().await;
        n += 1;
        let (app, writer) = (app.clone(), writer.clone());
        calls.spawn(async move {
            let began = Instant::now();
            let body = format!("Write {n}");
            let response = app
                .call(&writer, "create_post", &post_form("", "post", &body, ""))
                .await;
            let status = response.status();
            let post = if status == StatusCode::OK {
                Some(response.json::<PostView>().await.expect("a post").id)
            } else {
                None
            };
            (
                n,
                Write {
                    began,
                    ended: Instant::now(),
                    status,
                    post,
                },
            )
        });
    }
    let mut writes = calls.join_all().await;
    writes.sort_by_key(|(n, _)| *n);
    writes.into_iter().map(|(_, write)| write).collect()
}

/// Reads the page's events until `stop`, noting when each new post arrived; returns when the
/// socket closed, if it did. `events_within` returns early only when the socket ends.
async fn watch(
    mut page: Live,
    arrived: Arc<Mutex<HashMap<i64, Instant>>>,
    stop: Arc<AtomicBool>,
) -> Option<Instant> {
    let listen = Duration::from_millis(200);
    while !stop.load(Ordering::Relaxed) {
        let began = Instant::now();
        let events = page.events_within(listen).await;
        let now = Instant::now();
        if events.is_empty() && began.elapsed() < listen / 2 {
            return Some(now);
        }
        let mut arrived = arrived.lock().unwrap();
        for event in events {
            if let (LiveKind::PostCreated, Some(post)) = (event.kind, event.post) {
                arrived.entry(post).or_insert(now);
            }
        }
    }
    None
}

/// Restarts the cluster, keeping it stopped for `down` first when that is not zero.
fn restart(version: &str, name: &str, down: Duration) {
    let pg_ctlcluster = |action: &str| {
        let status = Command::new("pg_ctlcluster")
            .args([version, name, action])
            .status()
            .expect("pg_ctlcluster runs");
        assert!(status.success(), "pg_ctlcluster {action}: {status}");
    };
    if down.is_zero() {
        pg_ctlcluster("restart");
    } else {
        pg_ctlcluster("stop");
        std::thread::sleep(down);
        pg_ctlcluster("start");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_and_open_pages_recover_within_five_seconds_of_a_postgres_restart() {
    if std::env::var("PG_RESTART_TEST").as_deref() != Ok("1") {
        eprintln!(
            "skipped: this test restarts the local PostgreSQL cluster that every other test \
             shares; run it alone with PG_RESTART_TEST=1"
        );
        return;
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_test_writer()
        .try_init();
    let down = Duration::from_secs(std::env::var("PG_RESTART_DOWN_SECS").map_or(0, |secs| {
        secs.parse().expect("PG_RESTART_DOWN_SECS is whole seconds")
    }));
    let probe = PgConnectOptions::from_str(&admin_url()).expect("a PostgreSQL URL");
    let (version, name) = cluster_on(probe.get_port());

    let app = Arc::new(spawn_app(Backend::Postgres).await);
    let (_, _, reader_cookie) = app.session_cookie("reader@example.com", Role::Member).await;
    let (writer, _) = app.signed_in("writer@example.com", Role::Member).await;
    let page = live(&app.base, &reader_cookie, None).await;
    let arrived = Arc::new(Mutex::new(HashMap::new()));
    let stop_watching = Arc::new(AtomicBool::new(false));
    let watching = tokio::spawn(watch(page, arrived.clone(), stop_watching.clone()));
    let stop_writing = Arc::new(AtomicBool::new(false));
    let writing = tokio::spawn(write_until(app.clone(), writer, stop_writing.clone()));
    tokio::time::sleep(WARM_UP).await;

    let seen = tokio::spawn(outage(probe));
    let restart_began = Instant::now();
    tokio::task::spawn_blocking(move || restart(&version, &name, down))
        .await
        .unwrap();
    let restart_took = restart_began.elapsed();
    let (went_down, came_back) = tokio::time::timeout(Duration::from_secs(60), seen)
        .await
        .expect("PostgreSQL accepts connections again within a minute")
        .unwrap();

    tokio::time::sleep_until((came_back + AFTER).into()).await;
    stop_writing.store(true, Ordering::Relaxed);
    let writes = writing.await.unwrap();
    let acknowledged: Vec<(i64, Instant)> = writes
        .iter()
        .filter_map(|write| write.post.map(|post| (post, write.ended)))
        .collect();
    let deadline = Instant::now() + DELIVERY;
    while Instant::now() < deadline
        && acknowledged
            .iter()
            .any(|(post, _)| !arrived.lock().unwrap().contains_key(post))
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop_watching.store(true, Ordering::Relaxed);
    let closed = watching.await.unwrap();
    let health = reqwest::get(format!("{}/healthz", app.base))
        .await
        .expect("the server answers")
        .status();

    let since_back = |at: Instant| at.saturating_duration_since(came_back);
    let failed: Vec<&Write> = writes
        .iter()
        .filter(|write| write.status != StatusCode::OK)
        .collect();
    let mut statuses: HashMap<u16, usize> = HashMap::new();
    for write in &failed {
        *statuses.entry(write.status.as_u16()).or_default() += 1;
    }
    let first_success = writes
        .iter()
        .filter(|write| write.post.is_some() && write.ended > came_back)
        .map(|write| since_back(write.ended))
        .min()
        .expect("a write succeeds after the restart");
    let errors_lasted = failed
        .iter()
        .map(|write| since_back(write.ended))
        .max()
        .unwrap_or_default();
    let slowest_write = writes
        .iter()
        .map(|write| write.ended.duration_since(write.began))
        .max()
        .unwrap_or_default();
    let arrived = arrived.lock().unwrap();
    let missing: Vec<i64> = acknowledged
        .iter()
        .map(|(post, _)| *post)
        .filter(|post| !arrived.contains_key(post))
        .collect();
    let after_restart: Vec<Duration> = acknowledged
        .iter()
        .filter(|(_, ended)| *ended > restart_began)
        .filter_map(|(post, ended)| arrived.get(post).map(|at| at.duration_since(*ended)))
        .collect();
    eprintln!(
        "restarting took {} ms; PostgreSQL refused connections for {} ms",
        restart_took.as_millis(),
        came_back.duration_since(went_down).as_millis(),
    );
    eprintln!(
        "{} writes: {} acknowledged, {} failed (by status: {statuses:?}); the slowest took {} ms",
        writes.len(),
        acknowledged.len(),
        failed.len(),
        slowest_write.as_millis(),
    );
    eprintln!(
        "after PostgreSQL accepted connections again: first acknowledged write at +{} ms, \
         last failed write at +{} ms",
        first_success.as_millis(),
        errors_lasted.as_millis(),
    );
    eprintln!(
        "the open page received {} of {} acknowledged posts; of the {} acknowledged after the \
         restart began, the slowest arrived {} ms after its write was answered; socket closed: \
         {}; /healthz: {health}",
        acknowledged.len() - missing.len(),
        acknowledged.len(),
        after_restart.len(),
        after_restart
            .iter()
            .max()
            .copied()
            .map_or(0, |slowest| slowest.as_millis()),
        closed.is_some(),
    );

    assert!(
        errors_lasted <= RECOVERY,
        "writes still failed {} ms after PostgreSQL came back",
        errors_lasted.as_millis()
    );
    assert!(
        closed.is_none(),
        "the page's socket closed during the outage"
    );
    assert!(
        missing.is_empty(),
        "acknowledged posts never reached the open page: {missing:?}"
    );
    assert_eq!(health, StatusCode::OK, "/healthz after the restart");
}
