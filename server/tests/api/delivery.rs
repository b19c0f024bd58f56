//! How pages and the bundle reach the browser: each page with the status of what it shows, the
//! bundle precompressed and kept by browsers for good, pages compressed and never kept.

use crate::{
    common::{Backend, spawn_app, spawn_app_with},
    fixtures::new_secret_group,
};
use app::people::types::Role;
use reqwest::{StatusCode, header};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

async fn pages_answer_with_the_status_of_what_they_show(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    for missing in [
        "/posts/999999999",
        "/groups/99999",
        "/library/items/99999",
        "/courses/99999",
        "/paths/99999",
        "/people/99999",
    ] {
        let page = app.page(&member, missing).await;
        assert_eq!(page.status(), StatusCode::NOT_FOUND, "{missing}");
        assert!(
            page.text().await.unwrap().contains("notice--error"),
            "{missing} says why"
        );
    }

    // A secret group does not exist for someone outside it.
    let secret = new_secret_group(&app).await;
    let page = app.page(&member, &format!("/groups/{secret}")).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);

    let fine = app.page(&member, "/groups").await;
    assert_eq!(fine.status(), StatusCode::OK);
    assert_eq!(fine.headers()[header::CACHE_CONTROL], "no-cache");
    for policy in [
        header::CONTENT_SECURITY_POLICY,
        header::X_FRAME_OPTIONS,
        header::REFERRER_POLICY,
    ] {
        assert!(
            fine.headers().contains_key(&policy),
            "a page carries {policy}"
        );
    }

    // Signed out, every page sends the visitor to sign in and back.
    let anonymous = app.browser();
    for (path, next) in [
        ("/groups", "/groups"),
        ("/library/items/3", "/library/items/3"),
        ("/learning", "/learning"),
    ] {
        let page = app.page(&anonymous, path).await;
        assert_eq!(page.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            page.headers()[header::LOCATION],
            format!("/sign-in?next={next}").as_str()
        );
    }
}

async fn a_form_refused_without_javascript_comes_back_with_its_status(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = app.signed_in("ada@example.com", Role::Member).await;
    // A plain form post, as a browser without the wasm sends it.
    let sent = member
        .post(format!("{}/api/create_group", app.base))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("{}/groups", app.base))
        .form(&[
            ("group[name]", "x"),
            ("group[description]", ""),
            ("group[privacy]", "open"),
            ("group[kind]", "community"),
        ])
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_redirection(), "{}", sent.status());
    let back = sent.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let path = back.strip_prefix(&app.base).unwrap_or(&back);
    assert!(path.starts_with("/groups?"), "{path}");
    let page = app.page(&member, path).await;
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().await.unwrap().contains("notice--error"));
}

async fn the_bundle_is_sent_precompressed_and_kept_for_good(backend: Backend) {
    let site = tempfile::tempdir().unwrap();
    let build = site.path().join("pkg/0123abcd");
    std::fs::create_dir_all(&build).unwrap();
    std::fs::write(site.path().join("pkg/current"), "0123abcd\n").unwrap();
    for (name, content) in [
        ("wellspring.wasm", b"\0asm raw".as_slice()),
        ("wellspring.wasm.br", b"brotli bytes"),
        ("wellspring.wasm.gz", b"gzip bytes"),
        ("wellspring.js", b"export default 1;"),
    ] {
        std::fs::write(build.join(name), content).unwrap();
    }
    let root = site.path().display().to_string();
    let app = spawn_app_with(backend, |config| config.site_root = root).await;
    let browser = app.browser();
    let wasm = format!("{}/pkg/0123abcd/wellspring.wasm", app.base);

    for (accepts, encoding, body) in [
        ("br, gzip", Some("br"), b"brotli bytes".as_slice()),
        ("gzip", Some("gzip"), b"gzip bytes"),
        ("identity", None, b"\0asm raw"),
    ] {
        let response = browser
            .get(&wasm)
            .header(header::ACCEPT_ENCODING, accepts)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accepts}");
        let headers = response.headers().clone();
        assert_eq!(headers[header::CACHE_CONTROL], IMMUTABLE);
        assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
        // Code is never shown as a page: it is not sniffed, and a page's policy is not its own.
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(headers.get(header::CONTENT_SECURITY_POLICY).is_none());
        assert_eq!(
            headers
                .get(header::CONTENT_ENCODING)
                .map(|value| value.to_str().unwrap()),
            encoding,
            "{accepts}"
        );
        assert_eq!(response.bytes().await.unwrap().as_ref(), body, "{accepts}");
    }

    // What is not in a build's own folder, and what is missing, is never kept.
    let current = browser
        .get(format!("{}/pkg/current", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(current.headers()[header::CACHE_CONTROL], "no-cache");
    let missing = browser
        .get(format!("{}/pkg/0123abcd/nothing.js", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers().get(header::CACHE_CONTROL).is_none());

    // Pages ask for the newest build's files, and are compressed as they are sent. Signing in is a
    // plain form, sent without the app's code; a signed-in page brings it.
    let page = app.page(&browser, "/sign-in").await;
    let html = page.text().await.unwrap();
    assert!(html.contains("/pkg/0123abcd/wellspring.css"), "{html}");
    assert!(html.contains("/pkg/0123abcd/time-zone.js"), "{html}");
    assert!(!html.contains("wellspring.js"), "{html}");
    let (member, _) = app.signed_in("member@example.com", Role::Member).await;
    let home = app.page(&member, "/").await.text().await.unwrap();
    assert!(home.contains("/pkg/0123abcd/wellspring.js"), "{home}");
    let compressed = browser
        .get(format!("{}/sign-in", app.base))
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.status(), StatusCode::OK);
    assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(compressed.headers()[header::CACHE_CONTROL], "no-cache");
    let body = compressed.bytes().await.unwrap();
    assert_eq!(&body[..2], &[0x1f, 0x8b], "a gzip stream");
    assert!(body.len() < html.len());
}

crate::on_both_databases!(
    pages_answer_with_the_status_of_what_they_show,
    a_form_refused_without_javascript_comes_back_with_its_status,
    the_bundle_is_sent_precompressed_and_kept_for_good,
);
