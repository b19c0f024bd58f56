//! The knowledge library through its server functions and media routes, on both databases.

use crate::common::{Backend, TestApp, error_kind, spawn_app};
use app::{
    db::{library_item, media},
    library::types::{Desk, Item, ItemStatus, Shelf, Version},
    people::types::Role,
};
use reqwest::{Client, StatusCode, header, multipart};
use sea_orm::{EntityTrait, PaginatorTrait};

/// An admin, a category editor who writes, an expert in "security", and a reader.
struct Library {
    app: TestApp,
    admin: Client,
    author: Client,
    expert: Client,
    reader: Client,
    author_id: String,
    category: String,
}

async fn library(backend: Backend) -> Library {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (author, author_row) = app.signed_in("author@example.com", Role::Member).await;
    let (expert, expert_row) = app.signed_in("expert@example.com", Role::Member).await;
    let (reader, _) = app.signed_in("reader@example.com", Role::Member).await;
    let category = new_category(&app, &admin, "Security", "", "author@example.com").await;
    let done = app
        .call(
            &admin,
            "set_expertise",
            &[("id", &expert_row.id.to_string()), ("topics", "security")],
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    Library {
        app,
        admin,
        author,
        expert,
        reader,
        author_id: author_row.id.to_string(),
        category,
    }
}

async fn new_category(
    app: &TestApp,
    admin: &Client,
    name: &str,
    departments: &str,
    editors: &str,
) -> String {
    let id: i64 = app
        .json(
            admin,
            "save_category",
            &[
                ("category[name]", name),
                ("category[description]", "What keeps us safe"),
                ("category[parent]", ""),
                ("category[departments]", departments),
                ("category[groups]", ""),
                ("category[editors]", editors),
            ],
        )
        .await;
    id.to_string()
}

fn item_form<'a>(
    category: &'a str,
    kind: &'a str,
    title: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("item[category]", category),
        ("item[kind]", kind),
        ("item[title]", title),
        ("item[summary]", "Short and useful"),
        ("item[topic]", "security"),
        ("item[body]", "Lock your screen **every** time."),
    ];
    for (name, value) in extra {
        fields.retain(|(existing, _)| existing != name);
        fields.push((name, value));
    }
    fields
}

async fn draft(lib: &Library, kind: &str, title: &str) -> String {
    let id: i64 = lib
        .app
        .json(
            &lib.author,
            "create_item",
            &item_form(&lib.category, kind, title, &[]),
        )
        .await;
    id.to_string()
}

async fn item(lib: &Library, who: &Client, id: &str) -> Item {
    lib.app.json(who, "get_item", &[("id", id)]).await
}

async fn call_status(
    lib: &Library,
    who: &Client,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = lib.app.call(who, endpoint, fields).await;
    let status = response.status();
    let kind = if status == StatusCode::OK {
        String::new()
    } else {
        error_kind(response).await
    };
    (status, kind)
}

/// An expert's decision on the item's current version, as the page they have open would send it.
async fn review(
    lib: &Library,
    who: &Client,
    id: &str,
    decision: &str,
    comment: &str,
) -> (StatusCode, String) {
    let current = library_item::Entity::find_by_id(id.parse::<i64>().unwrap())
        .one(&lib.app.db)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    review_version(lib, who, id, decision, comment, &current).await
}

async fn review_version(
    lib: &Library,
    who: &Client,
    id: &str,
    decision: &str,
    comment: &str,
    version: &str,
) -> (StatusCode, String) {
    call_status(
        lib,
        who,
        "review_item",
        &[
            ("id", id),
            ("decision", decision),
            ("comment", comment),
            ("version", version),
        ],
    )
    .await
}

async fn experts_decide_on_what_they_saw_and_not_on_their_own_changes(backend: Backend) {
    let lib = library(backend).await;
    let id = draft(&lib, "article", "Passwords").await;
    lib.app
        .call(&lib.author, "submit_item", &[("id", &id)])
        .await;
    // The owner saves a new version while the expert reads version 1.
    let mut fields = vec![("id", id.as_str())];
    fields.extend(item_form(
        &lib.category,
        "article",
        "Passwords, revised",
        &[],
    ));
    assert_eq!(
        lib.app
            .call(&lib.author, "edit_item", &fields)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        review_version(&lib, &lib.expert, &id, "approved", "", "1").await,
        (StatusCode::CONFLICT, "Conflict".into())
    );
    // An expert who also edits the category's items changes it: another expert must review it.
    let editors = "author@example.com, expert@example.com";
    let saved = lib
        .app
        .call(
            &lib.admin,
            "save_category",
            &[
                ("id", lib.category.as_str()),
                ("category[name]", "Security"),
                ("category[editors]", editors),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let mut fields = vec![("id", id.as_str())];
    fields.extend(item_form(
        &lib.category,
        "article",
        "Passwords, by the expert",
        &[],
    ));
    assert_eq!(
        lib.app
            .call(&lib.expert, "edit_item", &fields)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        review(&lib, &lib.expert, &id, "approved", "").await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        item(&lib, &lib.author, &id).await.card.status,
        ItemStatus::InReview
    );
}

async fn the_review_flow_publishes_only_what_an_expert_approved(backend: Backend) {
    let lib = library(backend).await;
    let id = draft(&lib, "article", "Screen locking").await;
    // A draft is its owner's alone.
    assert_eq!(
        call_status(&lib, &lib.reader, "get_item", &[("id", &id)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call_status(&lib, &lib.expert, "get_item", &[("id", &id)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // Readers and experts cannot write in a category they do not edit.
    let refused = lib
        .app
        .call(
            &lib.reader,
            "create_item",
            &item_form(&lib.category, "article", "Mine", &[]),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // The author is an expert too, but nobody approves their own item.
    lib.app
        .call(
            &lib.admin,
            "set_expertise",
            &[("id", &lib.author_id), ("topics", "security")],
        )
        .await;

    assert_eq!(
        call_status(&lib, &lib.author, "submit_item", &[("id", &id)])
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        call_status(&lib, &lib.author, "submit_item", &[("id", &id)]).await,
        (StatusCode::CONFLICT, "Conflict".into()),
        "a second submission is refused"
    );
    assert_eq!(
        review(&lib, &lib.author, &id, "approved", "").await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        review(&lib, &lib.reader, &id, "approved", "").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        review(&lib, &lib.admin, &id, "approved", "").await.0,
        StatusCode::FORBIDDEN
    );
    // Sending back needs words; then the draft returns to its owner.
    assert_eq!(
        review(&lib, &lib.expert, &id, "sent_back", "").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        review(&lib, &lib.expert, &id, "sent_back", "Add the shortcut keys")
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        item(&lib, &lib.author, &id).await.card.status,
        ItemStatus::Draft
    );
    let edit = item_form(
        &lib.category,
        "article",
        "Screen locking",
        &[("item[body]", "Press Super+L or Ctrl+Cmd+Q.")],
    );
    let mut fields = vec![("id", id.as_str())];
    fields.extend(edit);
    assert_eq!(
        lib.app
            .call(&lib.author, "edit_item", &fields)
            .await
            .status(),
        StatusCode::OK
    );
    lib.app
        .call(&lib.author, "submit_item", &[("id", &id)])
        .await;
    let waiting: Desk = lib.app.json(&lib.expert, "library_desk", &[]).await;
    assert_eq!(
        waiting
            .to_review
            .items
            .iter()
            .map(|card| card.id.to_string())
            .collect::<Vec<_>>(),
        vec![id.clone()]
    );
    assert_eq!(
        review(&lib, &lib.expert, &id, "approved", "Clear and right")
            .await
            .0,
        StatusCode::OK
    );

    let published = item(&lib, &lib.reader, &id).await;
    assert_eq!(published.card.status, ItemStatus::Published);
    assert!(published.body_html.contains("Super+L"));
    assert!(!published.card.needs_review);
    assert_eq!(
        published.reviewer.map(|p| p.email),
        Some("expert@example.com".into())
    );
    assert_eq!(published.reviews.len(), 2);
    let shelf: Shelf = lib.app.json(&lib.reader, "library_shelf", &[]).await;
    assert_eq!(
        shelf
            .items
            .iter()
            .map(|card| card.id.to_string())
            .collect::<Vec<_>>(),
        vec![id.clone()]
    );

    // Readers say what they think; an outdated flag needs a note and reaches the owner.
    assert_eq!(
        call_status(
            &lib,
            &lib.reader,
            "item_feedback",
            &[
                ("id", &id),
                ("kind", "outdated"),
                ("on", "true"),
                ("note", "")
            ]
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for (kind, note) in [
        ("helpful", ""),
        ("outdated", "The shortcut changed in macOS 16"),
    ] {
        let (status, _) = call_status(
            &lib,
            &lib.reader,
            "item_feedback",
            &[("id", &id), ("kind", kind), ("on", "true"), ("note", note)],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    // Saying it twice counts once.
    call_status(
        &lib,
        &lib.reader,
        "item_feedback",
        &[
            ("id", &id),
            ("kind", "helpful"),
            ("on", "true"),
            ("note", ""),
        ],
    )
    .await;
    let seen_by_owner = item(&lib, &lib.author, &id).await;
    assert_eq!((seen_by_owner.helpful, seen_by_owner.outdated), (1, 1));
    assert_eq!(
        seen_by_owner.flags[0].note,
        "The shortcut changed in macOS 16"
    );
    assert!(
        item(&lib, &lib.reader, &id).await.flags.is_empty(),
        "readers do not see others' flags"
    );
    let desk: Desk = lib.app.json(&lib.author, "library_desk", &[]).await;
    assert_eq!(desk.flagged.items.len(), 1);
    let flag = seen_by_owner.flags[0].id.to_string();
    assert_eq!(
        call_status(&lib, &lib.reader, "resolve_flag", &[("id", &flag)])
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call_status(&lib, &lib.author, "resolve_flag", &[("id", &flag)])
            .await
            .0,
        StatusCode::OK
    );
    let desk: Desk = lib.app.json(&lib.author, "library_desk", &[]).await;
    assert!(desk.flagged.items.is_empty());

    // Archived items leave the shelf and refuse edits until brought back.
    assert_eq!(
        call_status(
            &lib,
            &lib.author,
            "archive_item",
            &[("id", &id), ("archived", "true")]
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        call_status(&lib, &lib.reader, "get_item", &[("id", &id)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        lib.app
            .call(&lib.author, "edit_item", &fields)
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

async fn submitting_needs_a_complete_item_and_another_expert(backend: Backend) {
    let lib = library(backend).await;
    let no_topic: i64 = lib
        .app
        .json(
            &lib.author,
            "create_item",
            &item_form(
                &lib.category,
                "article",
                "Untitled topic",
                &[("item[topic]", "")],
            ),
        )
        .await;
    let (status, kind) = call_status(
        &lib,
        &lib.author,
        "submit_item",
        &[("id", &no_topic.to_string())],
    )
    .await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "Validation")
    );
    let lonely: i64 = lib
        .app
        .json(
            &lib.author,
            "create_item",
            &item_form(
                &lib.category,
                "article",
                "Gardening",
                &[("item[topic]", "gardening")],
            ),
        )
        .await;
    assert_eq!(
        call_status(
            &lib,
            &lib.author,
            "submit_item",
            &[("id", &lonely.to_string())]
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    let video = draft(&lib, "video", "Phishing in 3 minutes").await;
    assert_eq!(
        call_status(&lib, &lib.author, "submit_item", &[("id", &video)])
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for bad in [
        item_form(&lib.category, "link", "No address", &[("item[url]", "")]),
        item_form(
            &lib.category,
            "link",
            "Script",
            &[("item[url]", "javascript:alert(1)")],
        ),
        item_form(&lib.category, "article", "", &[]),
        item_form(
            &lib.category,
            "article",
            "Past",
            &[("item[review_by]", "2001-01-01")],
        ),
        item_form(&lib.category, "nonsense", "Kind", &[]),
        item_form("999999", "article", "Nowhere", &[]),
    ] {
        let response = lib.app.call(&lib.author, "create_item", &bad).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}"
        );
    }
}

async fn versions_are_kept_and_an_earlier_one_can_be_restored(backend: Backend) {
    let lib = library(backend).await;
    let id = draft(&lib, "article", "First title").await;
    for title in ["Second title", "Third title"] {
        let mut fields = vec![("id", id.as_str())];
        fields.extend(item_form(
            &lib.category,
            "article",
            title,
            &[("item[note]", "Retitled")],
        ));
        assert_eq!(
            lib.app
                .call(&lib.author, "edit_item", &fields)
                .await
                .status(),
            StatusCode::OK
        );
    }
    let versions: Vec<Version> = lib
        .app
        .json(&lib.author, "item_versions", &[("id", &id)])
        .await;
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.number, v.title.as_str()))
            .collect::<Vec<_>>(),
        vec![(3, "Third title"), (2, "Second title"), (1, "First title")]
    );
    assert_eq!(
        call_status(
            &lib,
            &lib.reader,
            "restore_version",
            &[("id", &id), ("number", "1")]
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call_status(
            &lib,
            &lib.author,
            "restore_version",
            &[("id", &id), ("number", "9")]
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call_status(
            &lib,
            &lib.author,
            "restore_version",
            &[("id", &id), ("number", "1")]
        )
        .await
        .0,
        StatusCode::OK
    );
    let restored = item(&lib, &lib.author, &id).await;
    assert_eq!(
        (restored.version, restored.card.title.as_str()),
        (4, "First title")
    );
    let versions: Vec<Version> = lib
        .app
        .json(&lib.author, "item_versions", &[("id", &id)])
        .await;
    assert_eq!(
        versions.len(),
        4,
        "restoring adds a version and rewrites none"
    );
    assert_eq!(versions[0].note, "Restored version 1");

    // An edit to a published item stays live and is due for its experts to look at again.
    lib.app
        .call(&lib.author, "submit_item", &[("id", &id)])
        .await;
    review(&lib, &lib.expert, &id, "approved", "").await;
    let mut fields = vec![("id", id.as_str())];
    fields.extend(item_form(
        &lib.category,
        "article",
        "First title, revised",
        &[],
    ));
    lib.app.call(&lib.author, "edit_item", &fields).await;
    let changed = item(&lib, &lib.reader, &id).await;
    assert_eq!(
        (changed.card.status, changed.card.needs_review),
        (ItemStatus::Published, true)
    );
    let desk: Desk = lib.app.json(&lib.expert, "library_desk", &[]).await;
    assert_eq!(desk.needs_review.items.len(), 1);
    assert!(item(&lib, &lib.expert, &id).await.can.confirm);
    assert_eq!(
        review(&lib, &lib.expert, &id, "confirmed", "Still right")
            .await
            .0,
        StatusCode::OK
    );
    assert!(!item(&lib, &lib.reader, &id).await.card.needs_review);
    let versions: Vec<Version> = lib
        .app
        .json(&lib.expert, "item_versions", &[("id", &id)])
        .await;
    assert_eq!(versions.len(), 5, "experts read the history too");
    assert_eq!(
        call_status(&lib, &lib.reader, "item_versions", &[("id", &id)])
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

async fn categories_hide_their_items_from_people_outside_their_audience(backend: Backend) {
    let lib = library(backend).await;
    let engineering = new_category(
        &lib.app,
        &lib.admin,
        "Engineering handbook",
        "Engineering",
        "author@example.com",
    )
    .await;
    let id: i64 = lib
        .app
        .json(
            &lib.author,
            "create_item",
            &item_form(&engineering, "article", "On-call rota", &[]),
        )
        .await;
    let id = id.to_string();
    lib.app
        .call(&lib.author, "submit_item", &[("id", &id)])
        .await;
    // The expert is not in Engineering, but reviews what waits in their topic.
    assert_eq!(
        review(&lib, &lib.expert, &id, "approved", "").await.0,
        StatusCode::OK
    );
    assert_eq!(
        call_status(&lib, &lib.expert, "get_item", &[("id", &id)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call_status(&lib, &lib.reader, "get_item", &[("id", &id)])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call_status(
            &lib,
            &lib.reader,
            "library_shelf",
            &[("category", &engineering)]
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let shelf: Shelf = lib.app.json(&lib.reader, "library_shelf", &[]).await;
    assert!(
        shelf
            .categories
            .iter()
            .all(|c| c.id.to_string() != engineering)
    );
    assert!(shelf.items.is_empty());

    let (engineer, row) = lib
        .app
        .signed_in("engineer@example.com", Role::Member)
        .await;
    let mut profile: app::db::user::ActiveModel = row.into();
    profile.department = sea_orm::ActiveValue::Set("Engineering".into());
    sea_orm::ActiveModelTrait::update(profile, &lib.app.db)
        .await
        .unwrap();
    let shelf: Shelf = lib
        .app
        .json(&engineer, "library_shelf", &[("category", &engineering)])
        .await;
    assert_eq!(shelf.items.len(), 1);
    assert_eq!(item(&lib, &engineer, &id).await.card.title, "On-call rota");
}

/// An MP4's first bytes, then `len` bytes that count up, so any range can be checked.
pub fn fake_mp4(len: usize) -> Vec<u8> {
    let mut bytes = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    bytes.extend((0..len).map(|i| (i % 251) as u8));
    bytes
}

/// Uploads a library item's file as its page's form does; answers where the form leads back.
pub async fn upload(
    app: &TestApp,
    who: &Client,
    id: &str,
    slot: &str,
    name: &str,
    bytes: Vec<u8>,
) -> String {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let response = who
        .post(format!("{}/media/library/{id}/{slot}", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// Asks for a file as a browser does, accepting compressed answers: media must come as stored.
async fn fetch(who: &Client, url: &str, range: Option<&str>) -> reqwest::Response {
    let mut request = who.get(url).header(header::ACCEPT_ENCODING, "br, gzip");
    if let Some(range) = range {
        request = request.header(header::RANGE, range);
    }
    request.send().await.unwrap()
}

async fn videos_seek_with_range_requests_and_uploads_are_checked(backend: Backend) {
    let lib = library(backend).await;
    let id = draft(&lib, "video", "Phishing in 3 minutes").await;
    let stored = || async { media::Entity::find().count(&lib.app.db).await.unwrap() };

    // Wrong content, whatever its name says, and people who do not keep the item, store nothing.
    let back = upload(
        &lib.app,
        &lib.author,
        &id,
        "main",
        "clip.mp4",
        b"<html>not a video</html>".to_vec(),
    )
    .await;
    assert!(back.ends_with("upload_error=wrong_type"), "{back}");
    let back = upload(
        &lib.app,
        &lib.reader,
        &id,
        "main",
        "clip.mp4",
        fake_mp4(100),
    )
    .await;
    assert!(back.ends_with("upload_error=refused"), "{back}");
    let back = upload(
        &lib.app,
        &lib.author,
        &id,
        "poster",
        "big.png",
        [b"\x89PNG\r\n\x1a\n".to_vec(), vec![0; 3 * 1024 * 1024]].concat(),
    )
    .await;
    assert!(back.ends_with("upload_error=too_large"), "{back}");
    assert_eq!(stored().await, 0);
    assert_eq!(
        lib.app.files_in("media"),
        0,
        "nothing is left in the media store"
    );

    let video = fake_mp4(200_000);
    let back = upload(
        &lib.app,
        &lib.author,
        &id,
        "main",
        "phishing.mp4",
        video.clone(),
    )
    .await;
    assert_eq!(back, format!("/library/items/{id}"));
    assert_eq!(stored().await, 1);
    let shown = item(&lib, &lib.author, &id).await;
    let media = shown.media.expect("the video is attached");
    assert_eq!(
        (media.content_type.as_str(), media.size),
        ("video/mp4", video.len() as u64)
    );
    let url = format!("{}{}", lib.app.base, media.url);
    let size = video.len();

    let whole = fetch(&lib.author, &url, None).await;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()[header::ACCEPT_RANGES], "bytes");
    assert_eq!(whole.headers()[header::CONTENT_TYPE], "video/mp4");
    assert_eq!(whole.bytes().await.unwrap().as_ref(), video.as_slice());
    for (range, expected) in [
        ("bytes=0-99", 0..100),
        ("bytes=100000-100999", 100_000..101_000),
        ("bytes=-500", size - 500..size),
        ("bytes=199000-", 199_000..size),
    ] {
        let part = fetch(&lib.author, &url, Some(range)).await;
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT, "{range}");
        assert!(part.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(
            part.headers()[header::CONTENT_RANGE].to_str().unwrap(),
            format!("bytes {}-{}/{size}", expected.start, expected.end - 1)
        );
        assert_eq!(
            part.bytes().await.unwrap().as_ref(),
            &video[expected],
            "{range}"
        );
    }
    let beyond = fetch(&lib.author, &url, Some(&format!("bytes={size}-"))).await;
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        beyond.headers()[header::CONTENT_RANGE].to_str().unwrap(),
        format!("bytes */{size}")
    );

    // Only people who may see the item get its file.
    assert_eq!(
        fetch(&lib.reader, &url, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&lib.app.browser(), &url, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    lib.app
        .call(&lib.author, "submit_item", &[("id", &id)])
        .await;
    review(&lib, &lib.expert, &id, "approved", "").await;
    assert_eq!(
        fetch(&lib.reader, &url, Some("bytes=0-0")).await.status(),
        StatusCode::PARTIAL_CONTENT
    );
}

async fn documents_download_under_a_safe_name(backend: Backend) {
    let lib = library(backend).await;
    let id = draft(&lib, "file", "Travel policy").await;
    let pdf = b"%PDF-1.7\n% a travel policy\n".to_vec();
    let back = upload(
        &lib.app,
        &lib.author,
        &id,
        "main",
        "../Travel \"policy\" 2027.pdf",
        pdf.clone(),
    )
    .await;
    assert_eq!(back, format!("/library/items/{id}"));
    let file = item(&lib, &lib.author, &id).await.media.unwrap();
    assert_eq!(file.name, "Travel \"policy\" 2027.pdf");
    let response = fetch(&lib.author, &format!("{}{}", lib.app.base, file.url), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap(),
        "attachment; filename=\"Travel _policy_ 2027.pdf\"; filename*=UTF-8''Travel%20%22policy%22%202027.pdf"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), pdf.as_slice());
    // A video does not go where a document belongs.
    let back = upload(
        &lib.app,
        &lib.author,
        &id,
        "main",
        "policy.pdf",
        fake_mp4(10),
    )
    .await;
    assert!(back.ends_with("upload_error=wrong_type"));
    let back = upload(
        &lib.app,
        &lib.author,
        &id,
        "poster",
        "p.png",
        b"\x89PNG\r\n\x1a\n".to_vec(),
    )
    .await;
    assert!(
        back.ends_with("upload_error=refused"),
        "documents have no poster: {back}"
    );
}

crate::on_both_databases!(
    the_review_flow_publishes_only_what_an_expert_approved,
    experts_decide_on_what_they_saw_and_not_on_their_own_changes,
    submitting_needs_a_complete_item_and_another_expert,
    versions_are_kept_and_an_earlier_one_can_be_restored,
    categories_hide_their_items_from_people_outside_their_audience,
    videos_seek_with_range_requests_and_uploads_are_checked,
    documents_download_under_a_safe_name,
);
