//! Crash durability: the real server binary, on SQLite, is killed with SIGKILL again and again while
//! demo people post, react and take the demo quiz. Afterwards the database file must pass
//! `PRAGMA integrity_check` and hold every write the server acknowledged; writes cut off by a kill
//! may or may not have landed.
//!
//! `cargo test -p server --test crash -- --nocapture` kills the server 5 times and prints figures;
//! `CRASH_KILLS=200` is the full run. `CRASH_CHECK_EVERY=K` (default 50) also checks the file
//! after every K-th kill, not only at the end.

use app::courses::types::{Course, CourseCard, LessonKind};
use reqwest::{Client, StatusCode, header};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, QueryResult, Statement};
use server::demo;
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    fs::File,
    hash::{BuildHasher, RandomState},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

/// The demo people who write, each from a browser of their own.
const WRITERS: [&str; 6] = [
    demo::ADMIN_EMAIL,
    "jonas@example.com",
    "priya@example.com",
    "mateo@example.com",
    "lena@example.com",
    "kenji@example.com",
];
const REACTIONS: [&str; 4] = ["like", "celebrate", "insightful", "thanks"];
/// The least time between two requests of one writer: 20 a second stays under any per-person limit.
const PACE: Duration = Duration::from_millis(50);
/// How long the writers run before the kill, in milliseconds.
const WRITING_MS: (u64, u64) = (50, 400);

/// One write the test asked for, and how to find it in the database.
#[derive(Debug, Clone)]
enum Write {
    /// A company-feed post whose whole body is `marker`; its id when the answer said.
    Post { marker: String, id: Option<i64> },
    /// `person` gave reaction `kind` to `post`. Each such triple is asked for once only, so a
    /// reaction row can only come from this write.
    Reaction {
        post: i64,
        person: &'static str,
        kind: &'static str,
    },
    /// A quiz attempt sent with this token.
    Quiz { token: String },
}

impl Write {
    fn kind(&self) -> &'static str {
        match self {
            Write::Post { .. } => "posts",
            Write::Reaction { .. } => "reactions",
            Write::Quiz { .. } => "quiz attempts",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// The server answered with success: the write must survive any crash after this.
    Acknowledged,
    /// The request was sent but the connection broke (the kill): it may or may not have landed.
    InFlight,
    /// No connection was made: the server was already gone.
    NotSent,
    /// The server answered with this error status.
    Refused(u16),
}

#[derive(Debug)]
struct Entry {
    round: usize,
    write: Write,
    outcome: Outcome,
}

/// What the writers share within one run.
#[derive(Default)]
struct Shared {
    ledger: Mutex<Vec<Entry>>,
    /// Acknowledged posts with a known id, for reactions.
    posts: Mutex<Vec<i64>>,
    /// Set just before the kill, so no writer starts a request against a dead server.
    stop: AtomicBool,
}

/// A small random generator (splitmix64); the seed comes from the standard library's hasher keys.
struct Rng(u64);

impl Rng {
    fn seeded(salt: u64) -> Rng {
        Rng(RandomState::new().hash_one(salt))
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % bound
    }
}

/// The demo course's quiz lesson: how many options each question has, and which one is right.
#[derive(Clone)]
struct Quiz {
    lesson: i64,
    options: Vec<u64>,
    key: Vec<Vec<u64>>,
}

/// Wrong quiz answers each writer sends: a few failed attempts are stored rows too, but after five
/// failures in an hour the server makes a learner wait, so the rest of the attempts pass.
const FAILED_ATTEMPTS: usize = 3;

impl Quiz {
    /// Answers that fail: for each question, the option after its first right one.
    fn wrong_answers(&self) -> Vec<Vec<u64>> {
        self.key
            .iter()
            .zip(&self.options)
            .map(|(right, &options)| vec![(right.first().copied().unwrap_or(0) + 1) % options])
            .collect()
    }
}

/// One demo person writing; kept across rounds so no reaction is asked for twice.
struct Writer {
    index: usize,
    email: &'static str,
    sent: usize,
    failed: usize,
    reacted: HashSet<(i64, &'static str)>,
    rng: Rng,
}

impl Writer {
    /// Posts, reacts and takes the quiz, one request at a time, until told to stop.
    async fn write_until_stopped(
        &mut self,
        round: usize,
        client: &Client,
        base: &str,
        quiz: &Quiz,
        shared: &Shared,
    ) {
        while !shared.stop.load(Ordering::SeqCst) {
            let started = tokio::time::Instant::now();
            self.sent += 1;
            let write = match self.rng.below(3) {
                0 => self.reaction(shared),
                1 => Some(Write::Quiz {
                    token: format!("crash-{round}-{}-{}", self.index, self.sent),
                }),
                _ => None,
            }
            .unwrap_or_else(|| Write::Post {
                marker: format!("Crash check post {round}.{}.{}", self.index, self.sent),
                id: None,
            });
            let (endpoint, fields) = match &write {
                Write::Post { marker, .. } => (
                    "create_post",
                    vec![
                        ("post[group]", String::new()),
                        ("post[kind]", "post".to_string()),
                        ("post[body]", marker.clone()),
                        ("post[pin_days]", String::new()),
                    ],
                ),
                Write::Reaction { post, kind, .. } => (
                    "toggle_reaction",
                    vec![("post", post.to_string()), ("reaction", kind.to_string())],
                ),
                Write::Quiz { token } => {
                    let fail = self.failed < FAILED_ATTEMPTS && self.rng.below(4) == 0;
                    let answers = if fail {
                        self.failed += 1;
                        quiz.wrong_answers()
                    } else {
                        quiz.key.clone()
                    };
                    (
                        "submit_quiz",
                        vec![
                            ("lesson", quiz.lesson.to_string()),
                            ("answers", serde_json::to_string(&answers).unwrap()),
                            ("token", token.clone()),
                        ],
                    )
                }
            };
            let (outcome, write) = send(client, base, endpoint, &fields, write).await;
            if let (Outcome::Acknowledged, Write::Post { id: Some(id), .. }) = (outcome, &write) {
                shared.posts.lock().unwrap().push(*id);
            }
            shared.ledger.lock().unwrap().push(Entry {
                round,
                write,
                outcome,
            });
            tokio::time::sleep_until(started + PACE).await;
        }
    }

    /// A reaction this writer has not asked for yet, on an acknowledged post, if one is found.
    fn reaction(&mut self, shared: &Shared) -> Option<Write> {
        let posts = shared.posts.lock().unwrap().clone();
        if posts.is_empty() {
            return None;
        }
        for _ in 0..8 {
            let post = posts[self.rng.below(posts.len() as u64) as usize];
            let kind = REACTIONS[self.rng.below(REACTIONS.len() as u64) as usize];
            if self.reacted.insert((post, kind)) {
                return Some(Write::Reaction {
                    post,
                    person: self.email,
                    kind,
                });
            }
        }
        None
    }
}

/// Sends one write and says how it ended; a post's id is filled in from the answer.
async fn send(
    client: &Client,
    base: &str,
    endpoint: &str,
    fields: &[(&str, String)],
    write: Write,
) -> (Outcome, Write) {
    let response = match client
        .post(format!("{base}/api/{endpoint}"))
        .form(fields)
        .send()
        .await
    {
        Ok(response) => response,
        Err(error) if error.is_connect() => return (Outcome::NotSent, write),
        Err(_) => return (Outcome::InFlight, write),
    };
    let status = response.status();
    if !status.is_success() {
        return (Outcome::Refused(status.as_u16()), write);
    }
    // The status line means the transaction committed; the body may still be cut off by the kill,
    // and then the post is found by its marker alone.
    let write = match write {
        Write::Post { marker, .. } => {
            let answer: Option<serde_json::Value> = response.json().await.ok();
            let id = answer.and_then(|answer| answer["id"].as_i64());
            Write::Post { marker, id }
        }
        other => other,
    };
    (Outcome::Acknowledged, write)
}

/// The server binary running on the test's data folder; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    /// Starts the server on a free port and waits until `/healthz` answers 200.
    async fn start(binary: &Path, data_dir: &Path, site_root: &Path, log: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let log_file = File::options()
            .create(true)
            .append(true)
            .open(log)
            .expect("the server log");
        let child = Command::new(binary)
            .env("WELLSPRING_DATA_DIR", data_dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", site_root)
            .env("WELLSPRING_DEMO", "true")
            .env("RUST_LOG", "warn")
            .env_remove("DATABASE_URL")
            .env_remove("WELLSPRING_PUBLIC_URL")
            .stdout(Stdio::from(log_file.try_clone().unwrap()))
            .stderr(Stdio::from(log_file))
            .spawn()
            .expect("start the server binary");
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let probe = Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        // Recovering the WAL after a kill, migrating and (once) seeding the demo happen first.
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("the server exited ({status}):\n{}", tail(log));
            }
            let health = probe.get(format!("{}/healthz", server.base)).send().await;
            if health.is_ok_and(|answer| answer.status() == StatusCode::OK) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the server was not healthy within a minute:\n{}", tail(log));
    }

    /// `kill -9`: Child::kill sends SIGKILL on unix, so nothing is flushed or shut down.
    fn kill(&mut self) {
        self.child.kill().expect("kill the server");
        self.child.wait().expect("reap the server");
    }

    /// A browser of its own, signed in as `email`, sending this server's Origin.
    async fn signed_in(&self, email: &str) -> Client {
        let mut headers = header::HeaderMap::new();
        headers.insert(header::ORIGIN, self.base.parse().unwrap());
        headers.insert(header::ACCEPT, "application/json".parse().unwrap());
        let client = Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let answer = client
            .post(format!("{}/api/sign_in", self.base))
            .form(&[("email", email), ("password", demo::PASSWORD)])
            .send()
            .await
            .expect("the server answers");
        assert_eq!(answer.status(), StatusCode::OK, "sign in as {email}");
        client
    }

    /// The quiz lesson of the demo's published course. Learners are never told the right answers,
    /// so they are read from the database file.
    async fn find_quiz(&self, client: &Client, database: &Path) -> Quiz {
        let cards: Vec<CourseCard> = call(client, &self.base, "list_courses", &[]).await;
        for card in cards {
            let id = card.id.to_string();
            let course: Course = call(client, &self.base, "get_course", &[("id", &id)]).await;
            if let Some(lesson) = course
                .lessons
                .into_iter()
                .find(|lesson| lesson.kind == LessonKind::Quiz)
            {
                return Quiz {
                    lesson: lesson.id,
                    options: lesson
                        .questions
                        .iter()
                        .map(|question| question.options.len() as u64)
                        .collect(),
                    key: answer_key(database, lesson.id).await,
                };
            }
        }
        panic!("the demo workspace has no quiz");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Calls a server function that must succeed and decodes its answer.
async fn call<T: serde::de::DeserializeOwned>(
    client: &Client,
    base: &str,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> T {
    let answer = client
        .post(format!("{base}/api/{endpoint}"))
        .form(fields)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(answer.status(), StatusCode::OK, "{endpoint}");
    answer.json().await.expect("a readable answer")
}

/// The right options of each question of a quiz, in order, read while the server runs.
async fn answer_key(database: &Path, lesson: i64) -> Vec<Vec<u64>> {
    let db = Database::connect(format!("sqlite://{}?mode=ro", database.display()))
        .await
        .expect("open the database file to read");
    let key = rows(
        &db,
        &format!(
            "SELECT correct FROM quiz_questions WHERE lesson_id = {lesson} ORDER BY position, id"
        ),
    )
    .await
    .iter()
    .map(|row| serde_json::from_str(&row.try_get::<String>("", "correct").unwrap()).unwrap())
    .collect();
    db.close().await.expect("close the database file");
    key
}

/// The end of the server's log, for a failure message.
fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// What the database file holds, against the ledger.
struct Check {
    integrity: Vec<String>,
    /// Kept in the file itself, so it shows what the server set.
    journal_mode: String,
    /// Acknowledged writes that are not there.
    missing: Vec<String>,
    /// Writes cut off by a kill that landed anyway.
    landed_in_flight: usize,
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .expect("query the database file")
}

/// Opens the database file directly (the server is not running) and compares it with the ledger.
async fn check(database: &Path, ledger: &[Entry]) -> Check {
    let db = Database::connect(format!("sqlite://{}?mode=rw", database.display()))
        .await
        .expect("open the database file");
    let integrity = rows(&db, "PRAGMA integrity_check")
        .await
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect();
    let journal_mode = rows(&db, "PRAGMA journal_mode")
        .await
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect();
    let posts: HashMap<String, i64> = rows(&db, "SELECT body, id FROM posts")
        .await
        .iter()
        .map(|row| {
            (
                row.try_get("", "body").unwrap(),
                row.try_get("", "id").unwrap(),
            )
        })
        .collect();
    let reactions: HashSet<(i64, String, String)> = rows(
        &db,
        "SELECT r.post_id, u.email, r.reaction FROM reactions r JOIN users u ON u.id = r.user_id",
    )
    .await
    .iter()
    .map(|row| {
        (
            row.try_get("", "post_id").unwrap(),
            row.try_get("", "email").unwrap(),
            row.try_get("", "reaction").unwrap(),
        )
    })
    .collect();
    let tokens: HashSet<String> = rows(&db, "SELECT token FROM quiz_attempts")
        .await
        .iter()
        .map(|row| row.try_get("", "token").unwrap())
        .collect();
    db.close().await.expect("close the database file");

    let mut missing = Vec::new();
    let mut landed_in_flight = 0;
    for entry in ledger {
        let landed = match &entry.write {
            Write::Post { marker, id } => posts
                .get(marker)
                .is_some_and(|found| id.is_none_or(|id| id == *found)),
            Write::Reaction { post, person, kind } => {
                reactions.contains(&(*post, person.to_string(), kind.to_string()))
            }
            Write::Quiz { token } => tokens.contains(token),
        };
        match entry.outcome {
            Outcome::Acknowledged if !landed => {
                missing.push(format!("round {}: {:?}", entry.round, entry.write));
            }
            Outcome::InFlight if landed => landed_in_flight += 1,
            _ => {}
        }
    }
    Check {
        integrity,
        journal_mode,
        missing,
        landed_in_flight,
    }
}

fn assert_intact(check: &Check, after_kills: usize) {
    assert_eq!(
        check.integrity,
        ["ok"],
        "integrity check after {after_kills} kills"
    );
    assert!(
        check.missing.is_empty(),
        "{} acknowledged writes are missing after {after_kills} kills, such as:\n{}",
        check.missing.len(),
        check.missing[..check.missing.len().min(20)].join("\n")
    );
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_survives_kill_minus_nine() {
    let kills = setting("CRASH_KILLS", 5);
    let check_every = setting("CRASH_CHECK_EVERY", 50).max(1);
    let began = Instant::now();
    let data_dir = tempfile::tempdir().expect("a temporary data folder");
    let site_root = tempfile::tempdir().expect("an empty site folder");
    let log = data_dir.path().join("server.log");
    let database: PathBuf = data_dir.path().join("wellspring.db");
    // A copy of its own: a build in a shared target folder may replace the binary mid-run.
    let bin_dir = tempfile::tempdir().expect("a folder for the binary");
    let binary = bin_dir.path().join("server");
    std::fs::copy(env!("CARGO_BIN_EXE_server"), &binary).expect("copy the server binary");
    let shared = Arc::new(Shared::default());
    let mut writers: Vec<Writer> = WRITERS
        .iter()
        .enumerate()
        .map(|(index, &email)| Writer {
            index,
            email,
            sent: 0,
            failed: 0,
            reacted: HashSet::new(),
            rng: Rng::seeded(index as u64),
        })
        .collect();
    let mut rng = Rng::seeded(u64::MAX);
    let mut demo_quiz = None;
    let mut ledger = Vec::new();
    let mut slowest_start = Duration::ZERO;

    for round in 1..=kills {
        let starting = Instant::now();
        let mut server = Server::start(&binary, data_dir.path(), site_root.path(), &log).await;
        slowest_start = slowest_start.max(starting.elapsed());
        let mut clients = Vec::new();
        for writer in &writers {
            clients.push(server.signed_in(writer.email).await);
        }
        if demo_quiz.is_none() {
            demo_quiz = Some(server.find_quiz(&clients[0], &database).await);
        }
        let quiz = demo_quiz.clone().expect("the quiz was found");

        shared.stop.store(false, Ordering::SeqCst);
        let running: Vec<_> = writers
            .drain(..)
            .zip(clients)
            .map(|(mut writer, client)| {
                let (base, quiz, shared) = (server.base.clone(), quiz.clone(), shared.clone());
                tokio::spawn(async move {
                    writer
                        .write_until_stopped(round, &client, &base, &quiz, &shared)
                        .await;
                    writer
                })
            })
            .collect();
        let writing = WRITING_MS.0 + rng.below(WRITING_MS.1 - WRITING_MS.0 + 1);
        tokio::time::sleep(Duration::from_millis(writing)).await;
        shared.stop.store(true, Ordering::SeqCst);
        server.kill();
        for handle in running {
            writers.push(handle.await.expect("a writer"));
        }
        ledger.append(&mut shared.ledger.lock().unwrap());

        // Opening the file here replays the WAL in the test instead of in the restarting server,
        // so the file is checked between rounds only now and then.
        if round % check_every == 0 && round < kills {
            assert_intact(&check(&database, &ledger).await, round);
            println!("{round}/{kills} kills: integrity ok, no acknowledged write lost");
        }
    }

    let result = check(&database, &ledger).await;
    let mut acknowledged: BTreeMap<&str, usize> = BTreeMap::new();
    let mut in_flight: BTreeMap<&str, usize> = BTreeMap::new();
    let mut refused: BTreeMap<(&str, u16), usize> = BTreeMap::new();
    let mut not_sent = 0;
    for entry in ledger.iter() {
        match entry.outcome {
            Outcome::Acknowledged => *acknowledged.entry(entry.write.kind()).or_default() += 1,
            Outcome::InFlight => *in_flight.entry(entry.write.kind()).or_default() += 1,
            Outcome::Refused(status) => {
                *refused.entry((entry.write.kind(), status)).or_default() += 1
            }
            Outcome::NotSent => not_sent += 1,
        }
    }
    println!(
        "crash check: {kills} kills in {:.1} s",
        began.elapsed().as_secs_f64()
    );
    println!("  acknowledged writes: {acknowledged:?}");
    println!(
        "  cut off by a kill (not acknowledged): {in_flight:?}, of which landed anyway: {}",
        result.landed_in_flight
    );
    println!("  not sent (server already gone): {not_sent}; refused by status: {refused:?}");
    println!(
        "  slowest start to healthy: {:.2} s; journal mode: {}; integrity check: {}",
        slowest_start.as_secs_f64(),
        result.journal_mode,
        result.integrity.join(", ")
    );
    assert_intact(&result, kills);
    assert_eq!(
        acknowledged.len(),
        3,
        "every kind of write is acknowledged at least once: {acknowledged:?}"
    );
}
