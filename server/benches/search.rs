//! The search benchmark: the real server binary in a process of its own, driven over loopback.
//!
//! `cargo bench -p server --bench search` (or `./dev bench`) seeds 100,000 published library
//! articles and 1,000,000 company posts written from a vocabulary of about 2,000 words (the first
//! words far more common than the last, as in real text), starts the server, which builds its search
//! index from the database, and prints, side by side in one run:
//! - how long the index took to build, its size, and how many documents each query matches (a
//!   plain search for common words reads only its best matches and does not count them);
//! - the search server function under 16 concurrent clients for 10 s, taking in turn a common word,
//!   a rare word, two common words, a common and a rare word, and a word among library items only:
//!   requests per second, p50, p95 and p99 latency, and server CPU per request;
//! - `get_item` (one library item by primary key) measured the same way right after;
//! - each query's median latency sent alone (its own cost, without waiting behind others) and
//!   within the concurrent run;
//! - the ratios of their p50s and p95s, and whether search meets its goal: p95 at most 50 ms.
//!
//! `BENCH_ITEMS=2000 BENCH_POSTS=20000` shrink the corpus for a quick run (of a comma-separated
//! list, meant for the load benchmark, the largest size is taken).

mod common;

use app::{
    db::{library_category, library_item, library_item_version},
    library::types::{ItemKind, ItemStatus},
    people::{
        ssr::new_account,
        types::{AccountStatus, Role},
    },
    search::types::Results,
};
use chrono::{DateTime, Utc};
use common::{
    CLIENTS, Run, Server, add_reader, drive, insert_rows, latency, open, percentile, post_row,
    signed_in, sizes,
};
use reqwest::{Client, RequestBuilder, header};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use std::{
    path::Path,
    sync::Arc,
    time::{Duration, Instant},
};

const PORT: u16 = 3950;
/// How long each kind of request is measured.
const SECONDS: u64 = 10;
/// Search's goal for its 95th percentile.
const GOAL: Duration = Duration::from_millis(50);
/// Items draw from their own stream of random numbers, apart from the posts'.
const ITEM_SEED: u64 = 1 << 40;

/// A small deterministic generator (SplitMix64), so every run writes the same corpus.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.0;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// A number from `low` to `high`, both included.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `WORDS` drawn by Zipf's law: the word ranked r turns up about 1/r as often as the first.
struct Vocabulary {
    words: Vec<&'static str>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let words: Vec<&'static str> = WORDS.split_whitespace().collect();
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    /// The word ranked `rank`, 1 being the most common.
    fn ranked(&self, rank: usize) -> &'static str {
        self.words[rank - 1]
    }

    fn word(&self, random: &mut Random) -> &'static str {
        let at = random.unit() * self.cumulative[self.cumulative.len() - 1];
        let rank = self.cumulative.partition_point(|total| *total < at);
        self.words[rank.min(self.words.len() - 1)]
    }

    /// `low` to `high` words, the first capitalised, with a full stop.
    fn sentence(&self, random: &mut Random, low: usize, high: usize) -> String {
        let count = random.between(low, high);
        let mut text = String::new();
        for _ in 0..count {
            let word = self.word(random);
            if text.is_empty() {
                let mut letters = word.chars();
                text.extend(letters.next().map(|first| first.to_ascii_uppercase()));
                text.push_str(letters.as_str());
            } else {
                text.push(' ');
                text.push_str(word);
            }
        }
        text.push('.');
        text
    }

    fn sentences(&self, random: &mut Random, low: usize, high: usize) -> String {
        let count = random.between(low, high);
        (0..count)
            .map(|_| self.sentence(random, 6, 14))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Post `n`: one to three sentences.
    fn post(&self, n: usize) -> String {
        self.sentences(&mut Random(n as u64), 1, 3)
    }

    /// Article `n`: a title, a one-sentence summary, a topic and three to six paragraphs.
    fn article(&self, n: usize) -> Article {
        let mut random = Random(ITEM_SEED + n as u64);
        let mut title = self.sentence(&mut random, 3, 7);
        title.pop();
        let summary = self.sentence(&mut random, 10, 20);
        let paragraphs = random.between(3, 6);
        let body = (0..paragraphs)
            .map(|_| self.sentences(&mut random, 2, 5))
            .collect::<Vec<_>>()
            .join("\n\n");
        Article {
            title,
            summary,
            topic: self.ranked(21 + n % 30).to_string(),
            body,
        }
    }
}

struct Article {
    title: String,
    summary: String,
    topic: String,
    body: String,
}

/// When row `n` of `count` was written: spread over the year before yesterday, oldest first. Long
/// enough ago that the index's first catch-up after a rebuild, which reads again what changed in
/// the seconds before the rebuild began, finds nothing to read.
fn written(n: usize, count: usize, now: DateTime<Utc>) -> DateTime<Utc> {
    let year = chrono::Duration::days(365).num_seconds();
    now - chrono::Duration::days(1)
        - chrono::Duration::seconds(year * (count - n) as i64 / count as i64)
}

/// A database with the reader, a librarian who owns `items` published articles in a category
/// everyone sees, and `posts` posts by the reader in the company feed.
async fn seed(data_dir: &Path, words: &Vocabulary, items: usize, posts: usize) {
    let db = open(data_dir).await;
    let reader = add_reader(&db).await;
    let librarian = new_account(
        "librarian@example.com".into(),
        "Librarian".into(),
        Role::Member,
        AccountStatus::Active,
        None,
    )
    .insert(&db)
    .await
    .unwrap();
    let now = Utc::now();
    let category = library_category::ActiveModel {
        parent_id: Set(None),
        name: Set("Handbook".into()),
        description: Set("How we work.".into()),
        everyone: Set(true),
        created_at: Set(now - chrono::Duration::days(400)),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    // Ids are given, so each version row names its item and `get_item` knows which ids exist.
    insert_rows(&db, items, |n| {
        let article = words.article(n);
        let at = written(n, items, now);
        library_item::ActiveModel {
            id: Set(n as i64 + 1),
            category_id: Set(category.id),
            kind: Set(ItemKind::Article),
            status: Set(ItemStatus::Published),
            title: Set(article.title),
            summary: Set(article.summary),
            topic: Set(article.topic),
            body: Set(article.body),
            url: Set(String::new()),
            media_id: Set(None),
            poster_id: Set(None),
            owner_id: Set(librarian.id),
            reviewer_id: Set(None),
            review_by: Set(None),
            version: Set(1),
            reviewed_version: Set(Some(1)),
            published_at: Set(Some(at)),
            created_at: Set(at),
            updated_at: Set(at),
        }
    })
    .await;
    insert_rows(&db, items, |n| {
        let article = words.article(n);
        library_item_version::ActiveModel {
            item_id: Set(n as i64 + 1),
            number: Set(1),
            title: Set(article.title),
            summary: Set(article.summary),
            body: Set(article.body),
            url: Set(String::new()),
            media_id: Set(None),
            poster_id: Set(None),
            edited_by: Set(Some(librarian.id)),
            note: Set("Started".into()),
            created_at: Set(written(n, items, now)),
            ..Default::default()
        }
    })
    .await;
    insert_rows(&db, posts, |n| {
        post_row(reader.id, words.post(n), written(n, posts, now))
    })
    .await;
    db.close().await.unwrap();
}

/// One of the searches the benchmark sends, as form fields of the `search` server function.
struct Query {
    label: String,
    form: Vec<(&'static str, String)>,
}

fn queries(words: &Vocabulary) -> Vec<Query> {
    let query = |label: &str, text: String, kind: Option<&str>| {
        let mut form = vec![("query[text]", text.clone())];
        form.extend(kind.map(|kind| ("query[kind]", kind.to_string())));
        Query {
            label: format!("{label} \"{text}\""),
            form,
        }
    };
    vec![
        query("common word", words.ranked(3).into(), None),
        query("rare word", words.ranked(1_900).into(), None),
        query(
            "two common words",
            format!("{} {}", words.ranked(20), words.ranked(100)),
            None,
        ),
        query(
            "common and rare word",
            format!("{} {}", words.ranked(200), words.ranked(1_500)),
            None,
        ),
        query("library items only,", words.ranked(50).into(), Some("item")),
    ]
}

fn search(client: &Client, base: &str, cookie: &str, query: &Query) -> RequestBuilder {
    client
        .post(format!("{base}/api/search"))
        .header(header::COOKIE, cookie)
        .form(&query.form)
}

fn get_item(client: &Client, base: &str, cookie: &str, id: u64) -> RequestBuilder {
    client
        .post(format!("{base}/api/get_item"))
        .header(header::COOKIE, cookie)
        .form(&[("id", id.to_string())])
}

async fn results(request: RequestBuilder) -> Results {
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// Waits until the index has been built: it is rebuilt at start and committed once, at the end, so
/// the first search that finds anything finds everything.
async fn wait_for_index(client: &Client, base: &str, cookie: &str, query: &Query) {
    let started = Instant::now();
    while results(search(client, base, cookie, query))
        .await
        .hits
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(3_600),
            "the search index was not built within an hour"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Waits until the server is nearly idle, since tantivy may still be merging segments.
async fn wait_until_idle(server: &Server) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(600) {
        let before = server.cpu();
        tokio::time::sleep(Duration::from_secs(1)).await;
        if server.cpu() - before < Duration::from_millis(50) {
            return;
        }
    }
}

/// Segments in the index's last commit, and its size on disk in bytes.
fn index_size(dir: &Path) -> (usize, u64) {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    let segments = meta["segments"].as_array().map_or(0, Vec::len);
    let bytes = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .map(|metadata| metadata.len())
        .sum();
    (segments, bytes)
}

/// Sorted latencies of the requests whose number `pick` accepts.
fn sorted(run: &Run, pick: impl Fn(usize) -> bool) -> Vec<Duration> {
    let mut times: Vec<Duration> = run
        .latencies
        .iter()
        .filter(|(n, _)| pick(*n))
        .map(|(_, time)| *time)
        .collect();
    times.sort();
    times
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

/// One row of the side-by-side table; the sorted latencies, for the ratios.
fn row(label: &str, run: &Run, cpu: Duration) -> Vec<Duration> {
    let times = sorted(run, |_| true);
    println!(
        "| {label} | {:.0} | {:.1} | {:.1} | {:.1} | {:.2} |",
        run.per_second(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(cpu) / times.len() as f64
    );
    times
}

/// The largest size in `variable`: `./dev bench` gives the load benchmark's list to this one too.
fn size(variable: &str, default: usize) -> usize {
    sizes(variable, &[default])
        .into_iter()
        .max()
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let items = size("BENCH_ITEMS", 100_000);
    let posts = size("BENCH_POSTS", 1_000_000);
    assert!(items > 0, "BENCH_ITEMS: get_item needs at least one item");
    println!(
        "# Wellspring search benchmark (SQLite, release build, this machine; ratios are the figures to compare)"
    );
    let words = Vocabulary::new();
    let queries = Arc::new(queries(&words));
    let dir = tempfile::tempdir().unwrap();
    let seeding = Instant::now();
    seed(dir.path(), &words, items, posts).await;
    println!(
        "\n## {items} library items and {posts} posts from {} words (seeded in {:.1} s)",
        words.words.len(),
        seeding.elapsed().as_secs_f64()
    );

    let starting = Instant::now();
    let server = Server::start(dir.path(), PORT).await;
    let (client, cookie) = signed_in(&server.base).await;
    let base = server.base.clone();
    wait_for_index(&client, &base, &cookie, &queries[0]).await;
    let built = starting.elapsed();
    wait_until_idle(&server).await;
    let idle = starting.elapsed() - built;
    let (segments, bytes) = index_size(&dir.path().join("search"));
    println!(
        "index built {:.1} s after the server started, idle {:.1} s later; {segments} segments, {:.0} MB on disk; server resident memory {} MB",
        built.as_secs_f64(),
        idle.as_secs_f64(),
        bytes as f64 / 1e6,
        server.rss_kb() / 1024
    );
    let mut matches = Vec::new();
    let mut alone = Vec::new();
    for query in queries.iter() {
        let total = results(search(&client, &base, &cookie, query)).await.total;
        matches.push(
            total.map_or("more than a page (not counted)".to_string(), |n| {
                n.to_string()
            }),
        );
        alone.push(latency(|| search(&client, &base, &cookie, query)).await);
    }
    let lookup_alone = latency(|| get_item(&client, &base, &cookie, 1 + items as u64 / 2)).await;

    let searching = {
        let (base, cookie, queries) = (base.clone(), cookie.clone(), queries.clone());
        move |client: &Client, n: usize| search(client, &base, &cookie, &queries[n % queries.len()])
    };
    let looking_up = {
        let (base, cookie) = (base.clone(), cookie.clone());
        move |client: &Client, n: usize| {
            get_item(
                client,
                &base,
                &cookie,
                1 + Random(n as u64).next() % items as u64,
            )
        }
    };
    // A short run of each first, so both are measured with the index and the database in memory.
    drive(&client, searching.clone(), 2).await;
    drive(&client, looking_up.clone(), 2).await;
    let cpu = server.cpu();
    let search_run = drive(&client, searching, SECONDS).await;
    let search_cpu = server.cpu() - cpu;
    let cpu = server.cpu();
    let lookup_run = drive(&client, looking_up, SECONDS).await;
    let lookup_cpu = server.cpu() - cpu;

    println!("\n## {CLIENTS} concurrent clients, {SECONDS} s each");
    println!("| request | requests/s | p50 ms | p95 ms | p99 ms | server CPU per request ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    let search_times = row(
        &format!("search (the {} queries below in turn)", queries.len()),
        &search_run,
        search_cpu,
    );
    let lookup_times = row(
        "get_item (one library item by primary key)",
        &lookup_run,
        lookup_cpu,
    );
    let p95 = percentile(&search_times, 0.95);
    println!(
        "\nsearch / get_item: p50 {:.2}, p95 {:.2}",
        ms(percentile(&search_times, 0.5)) / ms(percentile(&lookup_times, 0.5)),
        ms(p95) / ms(percentile(&lookup_times, 0.95))
    );
    println!(
        "goal, search p95 at most {} ms: {} ({:.1} ms)",
        GOAL.as_millis(),
        if p95 <= GOAL { "met" } else { "missed" },
        ms(p95)
    );

    println!("\n| query | matches | alone p50 ms | in the run p50 ms | in the run p95 ms |");
    println!("|---|---:|---:|---:|---:|");
    for (at, query) in queries.iter().enumerate() {
        let times = sorted(&search_run, |n| n % queries.len() == at);
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} |",
            query.label,
            matches[at],
            ms(alone[at]),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95))
        );
    }
    println!(
        "| get_item, for comparison | 1 | {:.1} | {:.1} | {:.1} |",
        ms(lookup_alone),
        ms(percentile(&lookup_times, 0.5)),
        ms(percentile(&lookup_times, 0.95))
    );
}

/// The vocabulary, most common first: everyday and workplace English.
const WORDS: &str = include_str!("words.txt");
