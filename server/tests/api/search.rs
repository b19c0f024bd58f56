//! Search through its server function, on both databases: what people find, and what they never do.

use crate::{
    common::{Backend, TestApp, spawn_app},
    feed::{new_group, post},
};
use app::{people::types::Role, search::types::Results};
use reqwest::{Client, StatusCode};
use std::time::Duration;

/// Searches as `who` with extra form fields.
async fn search(app: &TestApp, who: &Client, text: &str, extra: &[(&str, &str)]) -> Results {
    let mut fields = vec![("query[text]", text)];
    fields.extend_from_slice(extra);
    app.json(who, "search", &fields).await
}

fn titles(results: &Results) -> Vec<String> {
    results.hits.iter().map(|hit| hit.title.clone()).collect()
}

/// Searches until `done` holds: each instance's index follows the database within a second or
/// two, and a busy machine may take longer.
async fn eventually(
    app: &TestApp,
    who: &Client,
    text: &str,
    extra: &[(&str, &str)],
    done: impl Fn(&Results) -> bool,
) -> Results {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let results = search(app, who, text, extra).await;
        if done(&results) {
            return results;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "search for {text:?} never matched; last results: {:?}",
            titles(&results)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn publish_article(
    app: &TestApp,
    admin: &Client,
    category: &str,
    title: &str,
    body: &str,
) -> i64 {
    let id: i64 = app
        .json(
            admin,
            "create_item",
            &[
                ("item[category]", category),
                ("item[kind]", "article"),
                ("item[title]", title),
                ("item[summary]", "For everyone who travels"),
                ("item[topic]", "travel"),
                ("item[body]", body),
            ],
        )
        .await;
    id
}

/// An item the admin writes and an expert approves.
async fn approved(
    app: &TestApp,
    admin: &Client,
    expert: &Client,
    category: &str,
    title: &str,
    body: &str,
) -> i64 {
    let id = publish_article(app, admin, category, title, body)
        .await
        .to_string();
    assert_eq!(
        app.call(admin, "submit_item", &[("id", &id)])
            .await
            .status(),
        StatusCode::OK
    );
    let review = app
        .call(
            expert,
            "review_item",
            &[
                ("id", &id),
                ("decision", "approved"),
                ("comment", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(review.status(), StatusCode::OK);
    id.parse().unwrap()
}

async fn category(app: &TestApp, admin: &Client, name: &str, departments: &str) -> String {
    let id: i64 = app
        .json(
            admin,
            "save_category",
            &[
                ("category[name]", name),
                ("category[departments]", departments),
            ],
        )
        .await;
    id.to_string()
}

struct Scene {
    app: TestApp,
    admin: Client,
    expert: Client,
    reader: Client,
}

async fn scene(backend: Backend) -> Scene {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (expert, expert_row) = app.signed_in("expert@example.com", Role::Member).await;
    let (reader, _) = app.signed_in("reader@example.com", Role::Member).await;
    app.call(
        &admin,
        "set_expertise",
        &[("id", &expert_row.id.to_string()), ("topics", "travel")],
    )
    .await;
    Scene {
        app,
        admin,
        expert,
        reader,
    }
}

async fn nobody_finds_what_they_may_not_open(backend: Backend) {
    let Scene {
        app,
        admin,
        expert,
        reader,
    } = scene(backend).await;
    let everyone = category(&app, &admin, "Handbook", "").await;
    let finance = category(&app, &admin, "Finance only", "Finance").await;
    approved(
        &app,
        &admin,
        &expert,
        &everyone,
        "Booking trains",
        "Book **trains** for trips under four hours.",
    )
    .await;
    approved(
        &app,
        &admin,
        &expert,
        &finance,
        "Trains and the budget",
        "Quarterly trains spend by team.",
    )
    .await;
    publish_article(
        &app,
        &admin,
        &everyone,
        "Draft about trains",
        "Trains, but not reviewed yet.",
    )
    .await;
    // A closed group the reader is not in, and an open one they could read.
    let closed = new_group(&app, &admin, "Board", "closed").await;
    let open = new_group(&app, &admin, "Commuters", "open").await;
    post(&app, &admin, &closed, "Secret trains acquisition plan").await;
    post(&app, &admin, &open, "Trains are late again today").await;
    post(&app, &admin, "", "Company trains discount starts Monday").await;

    // The admin sees everything that is published, so the index has caught up.
    let all = eventually(&app, &admin, "trains", &[], |results| {
        results.hits.len() == 5
    })
    .await;
    assert!(
        !titles(&all).contains(&"Draft about trains".to_string()),
        "drafts are never found"
    );

    let found = search(&app, &reader, "trains", &[]).await;
    let mut seen = titles(&found);
    seen.sort();
    assert_eq!(
        seen,
        vec![
            "Booking trains",
            "Company trains discount starts Monday",
            "Trains are late again today"
        ]
    );
    assert_eq!(
        found.total,
        Some(3),
        "the count covers only what the reader may open"
    );
    let booking = found
        .hits
        .iter()
        .find(|hit| hit.title == "Booking trains")
        .unwrap();
    assert!(
        booking.snippet_html.contains("<mark>trains</mark>"),
        "{}",
        booking.snippet_html
    );
    assert!(booking.url.starts_with("/library/items/"));

    // A category the reader may not open is refused, not searched.
    let refused = app
        .call(
            &reader,
            "search",
            &[("query[text]", "trains"), ("query[category]", &finance)],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    // Hiding a post takes it out of results, even before the index hears of it.
    let hidden: app::feed::types::PostView =
        post(&app, &admin, "", "Trains to the offsite leave at nine").await;
    eventually(&app, &reader, "offsite", &[], |results| {
        results.hits.len() == 1
    })
    .await;
    let hide = app
        .call(
            &admin,
            "moderate_post",
            &[
                ("id", &hidden.id.to_string()),
                ("decision", "hide"),
                ("reason", "Wrong date"),
            ],
        )
        .await;
    assert_eq!(hide.status(), StatusCode::OK);
    assert!(search(&app, &reader, "offsite", &[]).await.hits.is_empty());
}

async fn filters_narrow_results_by_kind_category_author_and_date(backend: Backend) {
    let Scene {
        app,
        admin,
        expert,
        reader,
    } = scene(backend).await;
    let handbook = category(&app, &admin, "Handbook", "").await;
    approved(
        &app,
        &admin,
        &expert,
        &handbook,
        "Expenses for travel",
        "Claim travel within 30 days.",
    )
    .await;
    post(&app, &expert, "", "Travel tips from my last trip to Lisbon").await;
    let everything = eventually(&app, &reader, "travel", &[], |results| {
        results.hits.len() >= 3
    })
    .await;
    let kinds: Vec<&str> = everything
        .hits
        .iter()
        .map(|hit| hit.kind.as_str())
        .collect();
    assert!(
        kinds.contains(&"person"),
        "the expert is found by their expertise: {kinds:?}"
    );

    let library = search(&app, &reader, "travel", &[("query[kind]", "item")]).await;
    assert_eq!(titles(&library), vec!["Expenses for travel"]);
    let in_category = search(&app, &reader, "travel", &[("query[category]", &handbook)]).await;
    assert_eq!(titles(&in_category), vec!["Expenses for travel"]);
    let expert_id = everything
        .hits
        .iter()
        .find(|hit| hit.kind.as_str() == "post")
        .and_then(|hit| hit.author.clone())
        .unwrap()
        .0
        .to_string();
    let by_expert = search(&app, &reader, "", &[("query[author]", &expert_id)]).await;
    assert!(by_expert.hits.iter().all(|hit| {
        hit.author
            .as_ref()
            .is_some_and(|a| a.0.to_string() == expert_id)
    }));
    assert!(titles(&by_expert).contains(&"Travel tips from my last trip to Lisbon".to_string()));
    let this_week = search(&app, &reader, "travel", &[("query[since]", "week")]).await;
    assert_eq!(
        this_week.hits.len(),
        everything.hits.len(),
        "everything here is new"
    );

    // Queries are bounded, and nonsense in them is not an error.
    let long = "x".repeat(201);
    let refused = app.call(&reader, "search", &[("query[text]", &long)]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // An unbalanced query is read leniently, not refused (`search` asserts a success).
    search(&app, &reader, "travel AND (\"unclosed", &[]).await;
    assert!(search(&app, &reader, "", &[]).await.hits.is_empty());
    // Every word first; when nothing has them all, any of them.
    let all_words = search(&app, &reader, "claim travel", &[]).await;
    assert_eq!(titles(&all_words), vec!["Expenses for travel"]);
    let any_word = search(&app, &reader, "claim unicorns", &[]).await;
    assert_eq!(titles(&any_word), vec!["Expenses for travel"]);
}

/// A second instance starts with no index, builds it from the database, and then follows changes
/// made through the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_instance_builds_its_index_from_the_database_and_follows_others() {
    let Scene {
        app,
        admin,
        expert,
        reader: _,
    } = scene(Backend::Postgres).await;
    let handbook = category(&app, &admin, "Handbook", "").await;
    approved(
        &app,
        &admin,
        &expert,
        &handbook,
        "Visa letters",
        "Ask People Ops for visa letters.",
    )
    .await;
    let second = app.second_instance().await;
    let there = app.alias(&second);
    let (colleague, _) = there.signed_in("colleague@example.com", Role::Member).await;
    eventually(&there, &colleague, "visa", &[], |results| {
        titles(results) == vec!["Visa letters"]
    })
    .await;
    approved(
        &app,
        &admin,
        &expert,
        &handbook,
        "Visa renewals",
        "Renew visas early.",
    )
    .await;
    eventually(&there, &colleague, "visa", &[], |results| {
        results.hits.len() == 2
    })
    .await;
}

crate::on_both_databases!(
    nobody_finds_what_they_may_not_open,
    filters_narrow_results_by_kind_category_author_and_date,
);
