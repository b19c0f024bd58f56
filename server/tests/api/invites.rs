//! Invitations, one at a time and from CSV files.

use crate::common::{Backend, error_kind, invite_form, spawn_app};
use app::{
    db::{invite, user},
    people::types::Role,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::Value;

async fn accept(
    app: &crate::common::TestApp,
    browser: &reqwest::Client,
    token: &str,
    password: &str,
    confirmation: &str,
) -> reqwest::Response {
    app.call(
        browser,
        "accept_invite",
        &[
            ("token", token),
            ("password", password),
            ("confirmation", confirmation),
        ],
    )
    .await
}

fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

async fn an_invited_person_accepts_and_is_signed_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let response = app
        .submit(
            &admin,
            "invite_person",
            &invite_form(&[
                ("email", "Kenji@Example.com"),
                ("name", "Kenji Watanabe"),
                ("title", "Engineer"),
                ("department", "Engineering"),
                ("location", "Tokyo"),
                ("start_date", "2026-12-01"),
                ("manager_email", "admin@example.com"),
            ]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let invitation: Value = response.json().await.unwrap();
    assert_eq!(invitation["email"], "kenji@example.com");
    let link = invitation["link"].as_str().unwrap();
    assert!(link.starts_with(&format!("{}/invite/", app.base)), "{link}");
    let token = token_of(link);

    let newcomer = app.browser();
    let state: Value = app
        .call(&newcomer, "check_invite", &[("token", &token)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["Open"]["name"], "Kenji Watanabe");

    let mismatched = accept(
        &app,
        &newcomer,
        &token,
        "a long enough one",
        "another long one",
    )
    .await;
    assert_eq!(mismatched.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let accepted = accept(
        &app,
        &newcomer,
        &token,
        "a long enough one",
        "a long enough one",
    )
    .await;
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(
        app.whoami(&newcomer).await.as_deref(),
        Some("kenji@example.com")
    );

    let state: Value = app
        .call(&app.browser(), "check_invite", &[("token", &token)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state, "Used");
    let reused = accept(
        &app,
        &app.browser(),
        &token,
        "someone else's",
        "someone else's",
    )
    .await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    let signed_in = app
        .sign_in(&app.browser(), "kenji@example.com", "a long enough one")
        .await;
    assert_eq!(signed_in.status(), StatusCode::OK);
}

async fn an_expired_invitation_says_so_and_cannot_be_used(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let invitation: Value = app
        .submit(
            &admin,
            "invite_person",
            &invite_form(&[("email", "late@example.com"), ("name", "Late Comer")]),
        )
        .await
        .json()
        .await
        .unwrap();
    let token = token_of(invitation["link"].as_str().unwrap());
    invite::Entity::update_many()
        .col_expr(
            invite::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let browser = app.browser();
    let state: Value = app
        .call(&browser, "check_invite", &[("token", &token)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state, "Expired");
    let response = accept(
        &app,
        &browser,
        &token,
        "a long enough one",
        "a long enough one",
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );

    // A new link from the admin works again, and the old one stays dead.
    let renewed: Value = app
        .call(
            &admin,
            "renew_invite",
            &[("id", &invitation["person_id"].to_string())],
        )
        .await
        .json()
        .await
        .unwrap();
    let fresh = token_of(renewed["link"].as_str().unwrap());
    let state: Value = app
        .call(&browser, "check_invite", &[("token", &fresh)])
        .await
        .json()
        .await
        .unwrap();
    assert!(state.get("Open").is_some(), "{state}");
    let state: Value = app
        .call(&browser, "check_invite", &[("token", &token)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state, "Unknown");
}

async fn inviting_an_email_twice_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let fields = invite_form(&[("email", "ada@example.com"), ("name", "Ada")]);
    assert_eq!(
        app.submit(&admin, "invite_person", &fields).await.status(),
        StatusCode::OK
    );
    let again = app.submit(&admin, "invite_person", &fields).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_kind(again).await, "Conflict");
}

async fn bad_invite_fields_are_refused_with_the_field_named(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    for (field, value, expected) in [
        ("email", "not-an-email", "not an email"),
        ("start_date", "01/12/2026", "Start date"),
        ("manager_email", "ghost@example.com", "Manager"),
    ] {
        let fields = invite_form(&[
            (field, value),
            ("email", "ok@example.com"),
            ("name", "Okay"),
        ]);
        let response = app.submit(&admin, "invite_person", &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let body: Value = response.json().await.unwrap();
        assert!(
            body["message"].as_str().unwrap().contains(expected),
            "{body}"
        );
    }
    assert_eq!(
        user::Entity::find().count(&app.db).await.unwrap(),
        1,
        "nothing was created"
    );
}

const PEOPLE_CSV: &str = "email,name,title,department,location,start_date,manager_email
lena@example.com,Lena Fischer,Support Lead,Customer Success,Berlin,2026-01-05,
oops,Bad Email,,,,,
tom@example.com,Tom Reports,Agent,Customer Success,Berlin,2026-02-02,lena@example.com
sam@example.com,Sam Date,,,,,2026-99-01
zoe@example.com,Zoe Unknown Boss,,,,,ghost@example.com
max@example.com,Max Reports To Sam,,,,,sam@example.com
";

async fn a_csv_import_keeps_good_rows_reports_bad_ones_and_never_duplicates(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let first: Value = app
        .call(&admin, "import_people", &[("csv", PEOPLE_CSV)])
        .await
        .json()
        .await
        .unwrap();
    let invited: Vec<&str> = first["invited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["email"].as_str().unwrap())
        .collect();
    assert_eq!(invited, ["lena@example.com", "tom@example.com"]);
    let problems: Vec<(i64, &str)> = first["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_i64().unwrap(), p["column"].as_str().unwrap()))
        .collect();
    // Sam's row is refused, so Max, whom Sam would manage, is refused with it.
    assert_eq!(
        problems,
        [
            (3, "email"),
            (5, "manager_email"),
            (6, "manager_email"),
            (7, "manager_email")
        ]
    );

    let tom = user::Entity::find()
        .filter(user::Column::Email.eq("tom@example.com"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let lena = user::Entity::find()
        .filter(user::Column::Email.eq("lena@example.com"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        tom.manager_id,
        Some(lena.id),
        "managers listed in the same file are linked"
    );

    let second: Value = app
        .call(&admin, "import_people", &[("csv", PEOPLE_CSV)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["invited"].as_array().unwrap().len(), 0);
    assert_eq!(
        second["already_present"],
        serde_json::json!(["lena@example.com", "tom@example.com"])
    );
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), 3);
    assert_eq!(invite::Entity::find().count(&app.db).await.unwrap(), 2);
}

async fn a_csv_file_with_unknown_columns_imports_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let response = app
        .call(
            &admin,
            "import_people",
            &[("csv", "email,name,salary\nada@example.com,Ada,100\n")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), 1);
}

crate::on_both_databases!(
    an_invited_person_accepts_and_is_signed_in,
    an_expired_invitation_says_so_and_cannot_be_used,
    inviting_an_email_twice_is_refused,
    bad_invite_fields_are_refused_with_the_field_named,
    a_csv_import_keeps_good_rows_reports_bad_ones_and_never_duplicates,
    a_csv_file_with_unknown_columns_imports_nothing,
);
