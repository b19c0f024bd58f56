//! Profiles, the directory and avatars.

use crate::common::{Backend, TestApp, profile_form, spawn_app, spawn_app_with};
use app::people::types::{AccountStatus, Role};
use reqwest::{Client, StatusCode, header, multipart};
use serde_json::Value;
use std::collections::HashSet;

/// Ada's profile form; `overrides` win over the usual values.
fn ada_profile(id: &str, overrides: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut given = overrides.to_vec();
    given.extend_from_slice(&[
        ("name", "Ada Lovelace"),
        ("title", "Engineer"),
        ("department", "Engineering"),
        ("location", "London"),
        ("start_date", "2026-03-01"),
        ("bio", "I like engines."),
        ("skills", "Rust, SQL, rust"),
        ("interests", "public speaking"),
    ]);
    profile_form(id, &given)
}

async fn a_person_edits_their_profile_and_bad_input_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (browser, me) = app.signed_in("ada@example.com", Role::Member).await;
    let id = me.id.to_string();
    // Home's side, as the server draws it, carries the profile checklist.
    let checklist = async || -> String {
        app.json(&browser, "draw_part", &[("part", "HomeSide")])
            .await
    };
    let side = checklist().await;
    assert!(side.contains("0 of 6 done"), "{side}");
    assert_eq!(side.matches("(to do)").count(), 6);
    let saved = app
        .submit(&browser, "update_profile", &ada_profile(&id, &[]))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let side = checklist().await;
    assert!(
        side.contains("5 of 6 done") && side.contains(r#"aria-valuenow="83""#),
        "Home's checklist sees the saved profile: {side}"
    );
    assert_eq!(
        side.matches("(to do)").count(),
        1,
        "a photo is still to come"
    );
    let person: Value = app
        .call(&browser, "get_person", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(person["summary"]["title"], "Engineer");
    assert_eq!(person["skills"], serde_json::json!(["rust", "sql"]));
    assert_eq!(person["start_date"], "2026-03-01");

    for (field, value) in [
        ("start_date", "yesterday"),
        ("name", ""),
        ("manager_email", "ada@example.com"),
    ] {
        let refused = app
            .submit(
                &browser,
                "update_profile",
                &ada_profile(&id, &[(field, value), ("title", "Changed")]),
            )
            .await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
    }
    let person: Value = app
        .call(&browser, "get_person", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        person["summary"]["title"], "Engineer",
        "refused input left the profile as it was"
    );
}

async fn the_directory_finds_people_by_name_skill_department_and_location(backend: Backend) {
    let app = spawn_app(backend).await;
    let (browser, me) = app.signed_in("ada@example.com", Role::Member).await;
    app.submit(
        &browser,
        "update_profile",
        &ada_profile(&me.id.to_string(), &[]),
    )
    .await;
    app.person("grace@example.com", Role::Member, AccountStatus::Active)
        .await;
    app.person("invited@example.com", Role::Member, AccountStatus::Invited)
        .await;

    let search = |text: &'static str,
                  department: &'static str,
                  location: &'static str,
                  skill: &'static str| {
        let app = &app;
        let browser = &browser;
        async move {
            let page: Value = app
                .call(
                    browser,
                    "list_people",
                    &[
                        ("text", text),
                        ("department", department),
                        ("location", location),
                        ("skill", skill),
                        ("every_status", "false"),
                    ],
                )
                .await
                .json()
                .await
                .unwrap();
            page["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("LOVELACE", "", "", "").await, ["Ada Lovelace"]);
    assert_eq!(
        search("sq", "", "", "").await,
        ["Ada Lovelace"],
        "free text matches skills"
    );
    assert_eq!(
        search("", "Engineering", "London", "rust").await,
        ["Ada Lovelace"]
    );
    assert_eq!(search("", "", "", "cobol").await, Vec::<String>::new());
    assert_eq!(
        search("100%_", "", "", "").await,
        Vec::<String>::new(),
        "wildcards are literal"
    );
    assert_eq!(
        search("", "", "", "").await,
        ["Ada Lovelace", "grace"],
        "invited people are not listed"
    );

    let facets: Value = app
        .call(&browser, "directory_facets", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(facets["departments"], serde_json::json!(["Engineering"]));
    assert_eq!(facets["skills"], serde_json::json!(["rust", "sql"]));
}

async fn search_ignores_case_beyond_ascii_on_every_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let (browser, _) = app.signed_in("ada@example.com", Role::Member).await;
    let emile = app
        .person("emile@example.com", Role::Member, AccountStatus::Active)
        .await;
    app::people::ssr::update_profile(
        &app.db,
        emile.id,
        app::people::types::ProfileFields {
            name: "Émile Zola".into(),
            title: "Écrivain".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for text in ["émile", "ÉMILE", "écrivain"] {
        let page: Value = app
            .call(
                &browser,
                "list_people",
                &[
                    ("text", text),
                    ("department", ""),
                    ("location", ""),
                    ("skill", ""),
                    ("every_status", "false"),
                ],
            )
            .await
            .json()
            .await
            .unwrap();
        let names: Vec<&str> = page["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Émile Zola"], "{text}");
    }
}

async fn a_deactivated_manager_does_not_block_saving_a_profile(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (browser, me) = app.signed_in("ada@example.com", Role::Member).await;
    let boss = app
        .person("boss@example.com", Role::Member, AccountStatus::Active)
        .await;
    let id = me.id.to_string();
    let saved = app
        .submit(
            &browser,
            "update_profile",
            &ada_profile(&id, &[("manager_email", "boss@example.com")]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let boss_id = boss.id.to_string();
    assert_eq!(
        app.call(&admin, "deactivate_person", &[("id", &boss_id)])
            .await
            .status(),
        StatusCode::OK
    );
    let resaved = app
        .submit(
            &browser,
            "update_profile",
            &ada_profile(
                &id,
                &[("manager_email", "boss@example.com"), ("title", "Lead")],
            ),
        )
        .await;
    assert_eq!(
        resaved.status(),
        StatusCode::OK,
        "the current manager stays acceptable"
    );
    let (grace_browser, grace) = app.signed_in("grace@example.com", Role::Member).await;
    let refused = app
        .submit(
            &grace_browser,
            "update_profile",
            &profile_form(
                &grace.id.to_string(),
                &[("name", "Grace"), ("manager_email", "boss@example.com")],
            ),
        )
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "but nobody new can pick them"
    );
}

async fn directory_pages_neither_skip_nor_repeat_anyone(backend: Backend) {
    let app = spawn_app(backend).await;
    let (browser, _) = app.signed_in("aaa@example.com", Role::Member).await;
    for n in 0..52 {
        // Several people share a name, so the cursor must also order by id.
        let name = format!("person{:02}", n / 3);
        let person = app
            .person(
                &format!("p{n}@example.com"),
                Role::Member,
                AccountStatus::Active,
            )
            .await;
        app::people::ssr::update_profile(
            &app.db,
            person.id,
            app::people::types::ProfileFields {
                name,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let page: Value = app
            .call(
                &browser,
                "list_people",
                &[
                    ("text", ""),
                    ("department", ""),
                    ("location", ""),
                    ("skill", ""),
                    ("every_status", "false"),
                    ("after", &after),
                ],
            )
            .await
            .json()
            .await
            .unwrap();
        seen.extend(
            page["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_i64().unwrap()),
        );
        match page["next"].as_str() {
            Some(next) => after = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 53);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 53);
}

async fn admins_see_every_account_and_members_see_active_people_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    let gone = app
        .person("gone@example.com", Role::Member, AccountStatus::Deactivated)
        .await;
    let everyone = [
        ("text", ""),
        ("department", ""),
        ("location", ""),
        ("skill", ""),
        ("every_status", "true"),
    ];
    let page: Value = app
        .call(&admin, "list_people", &everyone)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["people"].as_array().unwrap().len(), 3);
    assert_eq!(
        app.call(&member, "list_people", &everyone).await.status(),
        StatusCode::FORBIDDEN
    );
    let id = gone.id.to_string();
    assert_eq!(
        app.call(&member, "get_person", &[("id", &id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(&admin, "get_person", &[("id", &id)])
            .await
            .status(),
        StatusCode::OK
    );
}

/// Uploads `bytes` as the browser's photo through the no-JavaScript form; returns where it sends
/// the browser back to.
async fn upload_avatar(app: &TestApp, browser: &Client, bytes: Vec<u8>, name: &str) -> String {
    let form = multipart::Form::new().part(
        "avatar",
        multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let response = browser
        .post(format!("{}/media/avatar", app.base))
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

/// The address of the photo on `id`'s profile.
async fn avatar_url(app: &TestApp, browser: &Client, id: i64) -> String {
    let person: Value = app
        .call(browser, "get_person", &[("id", &id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    person["summary"]["avatar_url"]
        .as_str()
        .expect("a photo")
        .to_string()
}

async fn an_uploaded_photo_is_checked_stored_and_served_to_colleagues(backend: Backend) {
    let app = spawn_app(backend).await;
    let (browser, me) = app.signed_in("ada@example.com", Role::Member).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRfake image body".to_vec();
    let refused = upload_avatar(
        &app,
        &browser,
        b"<svg onload=alert(1)></svg>".to_vec(),
        "photo.png",
    )
    .await;
    assert!(refused.contains("avatar_error"), "{refused}");
    let too_large = [b"\x89PNG\r\n\x1a\n".to_vec(), vec![0; 2 * 1024 * 1024]].concat();
    let refused = upload_avatar(&app, &browser, too_large, "big.png").await;
    assert!(refused.contains("avatar_error"), "{refused}");
    assert_eq!(app.files_in("media"), 0, "refused images are not kept");

    let stored = upload_avatar(&app, &browser, png.clone(), "me.svg").await;
    assert_eq!(stored, format!("/people/{}", me.id));
    let url = avatar_url(&app, &browser, me.id).await;
    assert!(url.ends_with(".png"), "{url}");
    assert_eq!(
        app.files_in("media/avatars"),
        1,
        "photos go to the media store"
    );
    assert_eq!(
        app.files_in("avatars"),
        0,
        "and no longer to the data folder"
    );

    let (colleague, _) = app.signed_in("grace@example.com", Role::Member).await;
    let served = colleague
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(served.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(
        served.headers()[header::CACHE_CONTROL],
        "private, max-age=31536000, immutable"
    );
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);
    let anonymous = reqwest::get(format!("{}{url}", app.base)).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let jpeg = b"\xff\xd8\xff\xe0 a newer photo".to_vec();
    upload_avatar(&app, &browser, jpeg, "new.jpg").await;
    let newer = avatar_url(&app, &browser, me.id).await;
    assert_ne!(newer, url);
    let replaced = colleague
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(replaced.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.files_in("media/avatars"),
        1,
        "the replaced photo is deleted"
    );
}

async fn photos_an_older_version_kept_in_the_data_folder_are_still_served(backend: Backend) {
    let avatar = format!("{}.png", "a1".repeat(16));
    let cover = format!("{}.jpg", "c3".repeat(16));
    let png = b"\x89PNG\r\n\x1a\n an old photo".to_vec();
    let jpeg = b"\xff\xd8\xff\xe0 an old cover".to_vec();
    let app = spawn_app_with(backend, |config| {
        let avatars = config.data_dir.join("avatars");
        let covers = config.data_dir.join("covers");
        std::fs::create_dir_all(&avatars).unwrap();
        std::fs::create_dir_all(&covers).unwrap();
        std::fs::write(avatars.join(&avatar), &png).unwrap();
        std::fs::write(avatars.join("notes.txt"), b"not a photo").unwrap();
        std::fs::write(covers.join(&cover), &jpeg).unwrap();
    })
    .await;
    let (browser, _) = app.signed_in("ada@example.com", Role::Member).await;
    for (url, bytes) in [
        (format!("/media/avatars/{avatar}"), png),
        (format!("/media/covers/{cover}"), jpeg),
    ] {
        let served = browser
            .get(format!("{}{url}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(served.status(), StatusCode::OK, "{url}");
        assert_eq!(served.bytes().await.unwrap().to_vec(), bytes);
    }
    assert_eq!(
        (app.files_in("media/avatars"), app.files_in("media/covers")),
        (1, 1),
        "only images with server-made names are copied"
    );
    assert_eq!(
        app.files_in("avatars"),
        2,
        "the old folder is left as it was"
    );
}

/// Two instances on one PostgreSQL database, each with its own data folder and one shared media
/// store: a photo uploaded through one is served by the other, and so is its replacement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_uploaded_through_one_instance_is_served_by_another() {
    let app = spawn_app(Backend::Postgres).await;
    let second = app.second_instance_with(app.sharing_media()).await;
    let there = app.alias(&second);
    let (browser, me) = app.signed_in("ada@example.com", Role::Member).await;
    let (colleague, _) = there.signed_in("grace@example.com", Role::Member).await;
    let png = b"\x89PNG\r\n\x1a\n uploaded on the first".to_vec();
    upload_avatar(&app, &browser, png.clone(), "me.png").await;
    let url = avatar_url(&there, &colleague, me.id).await;
    let served = colleague
        .get(format!("{second}{url}"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);

    let gif = b"GIF89a a newer photo".to_vec();
    upload_avatar(&app, &browser, gif.clone(), "new.gif").await;
    let old = colleague
        .get(format!("{second}{url}"))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    let newer = avatar_url(&there, &colleague, me.id).await;
    let served = colleague
        .get(format!("{second}{newer}"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()[header::CONTENT_TYPE], "image/gif");
    assert_eq!(served.bytes().await.unwrap().to_vec(), gif);
}

crate::on_both_databases!(
    a_person_edits_their_profile_and_bad_input_changes_nothing,
    the_directory_finds_people_by_name_skill_department_and_location,
    search_ignores_case_beyond_ascii_on_every_database,
    a_deactivated_manager_does_not_block_saving_a_profile,
    directory_pages_neither_skip_nor_repeat_anyone,
    admins_see_every_account_and_members_see_active_people_only,
    an_uploaded_photo_is_checked_stored_and_served_to_colleagues,
    photos_an_older_version_kept_in_the_data_folder_are_still_served,
);
