//! What every request goes through: the Origin check, error statuses, pages and health.

use crate::common::{Backend, spawn_app};
use app::people::types::Role;
use reqwest::{StatusCode, header};

async fn state_changing_requests_from_another_site_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, _) = app.signed_in("ada@example.com", Role::Member).await;
    let client = reqwest::Client::new();
    let sign_in = |origin: Option<&'static str>| {
        let mut request = client.post(format!("{}/api/sign_in", app.base)).form(&[
            ("email", "ada@example.com"),
            ("password", crate::common::PASSWORD),
        ]);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        request.send()
    };
    assert_eq!(
        sign_in(Some("https://evil.example"))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(sign_in(None).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        sign_in(Some("null")).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let own = app.base.clone();
    let response = client
        .post(format!("{}/api/sign_in", app.base))
        .header(header::ORIGIN, own)
        .form(&[
            ("email", "ada@example.com"),
            ("password", crate::common::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

async fn oversized_requests_are_refused_before_they_are_read(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app(backend).await;
    let host = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    // Only the head is sent: the declared length alone must be enough to refuse the request.
    let head = format!(
        "POST /api/sign_in HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        app.base,
        server::REQUEST_BODY_LIMIT + 1
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = [0u8; 12];
    stream.read_exact(&mut answer).await.unwrap();
    assert_eq!(&answer, b"HTTP/1.1 413");
}

async fn errors_carry_their_own_status_and_no_internals(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app.browser();
    let response = app.call(&anonymous, "get_person", &[("id", "1")]).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["kind"], "Unauthorized");
    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    let missing = app.call(&member, "get_person", &[("id", "999999")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let malformed = app
        .call(&member, "get_person", &[("id", "not a number")])
        .await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn pages_render_on_the_server_and_guard_signed_out_visitors(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app.browser();
    let sign_in = app.page(&anonymous, "/sign-in").await;
    assert_eq!(sign_in.status(), StatusCode::OK);
    assert_eq!(sign_in.headers()[header::X_FRAME_OPTIONS], "DENY");
    let policy = sign_in.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    for directive in [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    let html = sign_in.text().await.unwrap();
    assert!(html.contains("Welcome back"), "{html}");
    assert!(html.contains("<title>Sign in · Wellspring</title>"));

    let people = app.page(&anonymous, "/people?text=ada").await;
    assert_eq!(people.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        people.headers()[header::LOCATION],
        "/sign-in?next=/people%3Ftext%3Dada"
    );

    let missing = app.page(&anonymous, "/no/such/page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("couldn't find that page")
    );

    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    let home = app.page(&member, "/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Welcome, ada"));
}

async fn health_follows_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let health = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    app.db.clone().close().await.unwrap();
    let health = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Liveness does not depend on the database.
    let live = reqwest::get(format!("{}/livez", app.base)).await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    assert_eq!(live.text().await.unwrap(), r#"{"status":"ok"}"#);
}

/// Instances start in one process while another serves pages: none of its pages may wait forever
/// for its data (listing an instance's routes used to stall every page rendered meanwhile).
async fn pages_render_while_other_instances_start(backend: Backend) {
    let app = spawn_app(backend).await;
    let serving = tokio::spawn(async move {
        let browser = app.browser();
        for _ in 0..150 {
            let page = tokio::time::timeout(
                std::time::Duration::from_secs(10),
                app.page(&browser, "/sign-in"),
            )
            .await
            .expect("the page is rendered within ten seconds");
            assert_eq!(page.status(), StatusCode::OK);
        }
    });
    let mut others = Vec::new();
    for _ in 0..6 {
        others.push(spawn_app(backend).await);
    }
    serving.await.unwrap();
}

crate::on_both_databases!(
    pages_render_while_other_instances_start,
    state_changing_requests_from_another_site_are_refused,
    errors_carry_their_own_status_and_no_internals,
    oversized_requests_are_refused_before_they_are_read,
    pages_render_on_the_server_and_guard_signed_out_visitors,
    health_follows_the_database,
);
