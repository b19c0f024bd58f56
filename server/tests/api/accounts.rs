//! Signing in and out, sessions, rate limits and deactivation.

use crate::common::{Backend, PASSWORD, error_kind, spawn_app};
use app::people::types::{AccountStatus, Role};
use reqwest::{StatusCode, header};

fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_string())
        .find(|value| value.starts_with("wellspring_session="))
        .expect("a session cookie")
}

fn token(cookie: &str) -> String {
    cookie
        .trim_start_matches("wellspring_session=")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

async fn a_correct_password_signs_in_with_a_protected_cookie(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let browser = app.browser();
    let response = app.sign_in(&browser, "  Ada@Example.com ", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = session_cookie(&response);
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http gets no Secure flag: {cookie}"
    );
    assert_eq!(
        app.whoami(&browser).await.as_deref(),
        Some("ada@example.com")
    );
}

async fn cookies_are_secure_when_served_over_https(backend: Backend) {
    let app = crate::common::spawn_app_with(backend, |config| {
        config.public_url = Some("https://learn.example.com".into());
    })
    .await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let browser = reqwest::Client::new();
    let response = browser
        .post(format!("{}/api/sign_in", app.base))
        .header(header::ORIGIN, "https://learn.example.com")
        .form(&[("email", "ada@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(session_cookie(&response).contains("; Secure"));
}

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let browser = app.browser();
    let wrong = app
        .sign_in(&browser, "ada@example.com", "not the password")
        .await;
    let unknown = app
        .sign_in(&browser, "nobody@example.com", "not the password")
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(app.whoami(&browser).await, None);
}

async fn repeated_failures_for_one_email_are_rate_limited(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let browser = app.browser();
    for _ in 0..5 {
        let response = app.sign_in(&browser, "ada@example.com", "guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = app.sign_in(&browser, "ada@example.com", PASSWORD).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_kind(limited).await, "RateLimited");
    // Another person is not locked out by Ada's attacker.
    app.person("grace@example.com", Role::Member, AccountStatus::Active)
        .await;
    let other = app
        .sign_in(&app.browser(), "grace@example.com", PASSWORD)
        .await;
    assert_eq!(other.status(), StatusCode::OK);
}

async fn a_burst_of_parallel_guesses_cannot_slip_under_the_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let guesses: Vec<_> = (0..12)
        .map(|n| {
            let request = app
                .browser()
                .post(format!("{}/api/sign_in", app.base))
                .form(&[
                    ("email", "ada@example.com".to_string()),
                    ("password", format!("guess {n}")),
                ]);
            tokio::spawn(async move { request.send().await.unwrap().status() })
        })
        .collect();
    for guess in guesses {
        let status = guess.await.unwrap();
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS,
            "{status}"
        );
    }
    let after = app
        .sign_in(&app.browser(), "ada@example.com", PASSWORD)
        .await;
    assert_eq!(after.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn signing_in_again_replaces_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let browser = app.browser();
    let first = token(&session_cookie(
        &app.sign_in(&browser, "ada@example.com", PASSWORD).await,
    ));
    let second = token(&session_cookie(
        &app.sign_in(&browser, "ada@example.com", PASSWORD).await,
    ));
    assert_ne!(first, second);
    let stale = app.browser();
    let response = stale
        .post(format!("{}/api/current_user", app.base))
        .header(header::COOKIE, format!("wellspring_session={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.json::<Option<serde_json::Value>>().await.unwrap(),
        None
    );
}

async fn signing_out_revokes_the_session_on_the_server(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    let browser = app.browser();
    let stolen = token(&session_cookie(
        &app.sign_in(&browser, "ada@example.com", PASSWORD).await,
    ));
    let response = app.call(&browser, "sign_out", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(session_cookie(&response).contains("Max-Age=0"));
    assert_eq!(app.whoami(&browser).await, None);
    let replay = app
        .browser()
        .post(format!("{}/api/current_user", app.base))
        .header(header::COOKIE, format!("wellspring_session={stolen}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.json::<Option<serde_json::Value>>().await.unwrap(),
        None
    );
}

async fn deactivating_a_person_ends_their_sessions_and_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (member, person) = app.signed_in("ada@example.com", Role::Member).await;
    let id = person.id.to_string();
    let response = app.call(&admin, "deactivate_person", &[("id", &id)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.whoami(&member).await, None);
    let again = app
        .sign_in(&app.browser(), "ada@example.com", PASSWORD)
        .await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);

    let response = app.call(&admin, "reactivate_person", &[("id", &id)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let back = app
        .sign_in(&app.browser(), "ada@example.com", PASSWORD)
        .await;
    assert_eq!(back.status(), StatusCode::OK);
}

async fn admins_cannot_deactivate_or_demote_themselves(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, me) = app.signed_in("admin@example.com", Role::Admin).await;
    let id = me.id.to_string();
    let response = app.call(&admin, "deactivate_person", &[("id", &id)]).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let response = app
        .call(&admin, "set_role", &[("id", &id), ("role", "Member")])
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.whoami(&admin).await.as_deref(),
        Some("admin@example.com")
    );
}

async fn invited_people_cannot_sign_in_before_accepting(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("new@example.com", Role::Member, AccountStatus::Invited)
        .await;
    let response = app.sign_in(&app.browser(), "new@example.com", "").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

crate::on_both_databases!(
    a_correct_password_signs_in_with_a_protected_cookie,
    cookies_are_secure_when_served_over_https,
    a_wrong_password_and_an_unknown_email_get_the_same_answer,
    repeated_failures_for_one_email_are_rate_limited,
    a_burst_of_parallel_guesses_cannot_slip_under_the_limit,
    signing_in_again_replaces_the_session,
    signing_out_revokes_the_session_on_the_server,
    deactivating_a_person_ends_their_sessions_and_sign_in,
    admins_cannot_deactivate_or_demote_themselves,
    invited_people_cannot_sign_in_before_accepting,
);
