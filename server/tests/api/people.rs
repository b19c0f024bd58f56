//! Profiles, the directory and avatars.

use crate::common::{Backend, profile_form, spawn_app};
use app::people::types::{AccountStatus, Role};
use reqwest::{StatusCode, header, multipart};
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
    let saved = app
        .submit(&browser, "update_profile", &ada_profile(&id, &[]))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
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

async fn an_uploaded_photo_is_checked_stored_and_served_to_colleagues(backend: Backend) {
    let app = spawn_app(backend).await;
    let (browser, me) = app.signed_in("ada@example.com", Role::Member).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRfake image body".to_vec();
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let form =
            multipart::Form::new().part("avatar", multipart::Part::bytes(bytes).file_name(name));
        browser
            .post(format!("{}/media/avatar", app.base))
            .multipart(form)
            .send()
    };
    let refused = upload(b"<svg onload=alert(1)></svg>".to_vec(), "photo.png")
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    assert!(
        refused.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .contains("avatar_error")
    );

    let stored = upload(png.clone(), "me.svg").await.unwrap();
    assert_eq!(
        stored.headers()[header::LOCATION],
        format!("/people/{}", me.id)
    );
    let person: Value = app
        .call(&browser, "get_person", &[("id", &me.id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    let url = person["summary"]["avatar_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(url.ends_with(".png"), "{url}");

    let (colleague, _) = app.signed_in("grace@example.com", Role::Member).await;
    let served = colleague
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(served.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);
    let anonymous = reqwest::get(format!("{}{url}", app.base)).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

crate::on_both_databases!(
    a_person_edits_their_profile_and_bad_input_changes_nothing,
    the_directory_finds_people_by_name_skill_department_and_location,
    search_ignores_case_beyond_ascii_on_every_database,
    a_deactivated_manager_does_not_block_saving_a_profile,
    directory_pages_neither_skip_nor_repeat_anyone,
    admins_see_every_account_and_members_see_active_people_only,
    an_uploaded_photo_is_checked_stored_and_served_to_colleagues,
);
