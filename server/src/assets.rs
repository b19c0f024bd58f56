//! How the built site is sent: the bundle precompressed and cached for good, pages compressed per
//! response and never cached.

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::Response,
};
use std::path::Path;
use tower_http::{
    compression::{
        CompressionLayer, CompressionLevel, Predicate,
        predicate::{NotForContentType, SizeAbove},
    },
    services::ServeDir,
};

/// A year: what browsers may keep a file whose name changes whenever its content does.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The bundle folder (`/pkg` unless `LEPTOS_SITE_PKG_DIR` says otherwise): the wasm, JS and CSS. Each file is sent as the `.br` or `.gz` file the site
/// builder made beside it when the browser accepts that encoding, and files in a build's own
/// folder (`/pkg/<hash>/…`) are marked immutable; anything else there must be asked for again.
pub fn bundle(site_root: &str, pkg_dir: &str) -> Router {
    let files = ServeDir::new(Path::new(site_root).join(pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(bundle_cache_control))
}

async fn bundle_cache_control(request: Request, next: Next) -> Response {
    // Under the bundle's nest the path is `/<build>/<file>` for a build folder.
    let in_build = request.uri().path().trim_start_matches('/').contains('/');
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK || response.status() == StatusCode::NOT_MODIFIED {
        let value = if in_build { IMMUTABLE } else { "no-cache" };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Compresses pages and server-function answers per response (brotli or gzip, as the browser
/// asks). Only text is compressed: the bundle comes precompressed, and media (video with its
/// range requests, images, files) is sent as it is stored. Level 6 makes Home's page a tenth
/// smaller than the default level does, for a fraction of a millisecond more per page.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(6))
        .compress_when(
            SizeAbove::new(1024)
                .and(TextOnly)
                .and(NotForContentType::const_new("text/event-stream")),
        )
}

/// True for HTML, JSON, CSV and plain text answers that are sent whole.
#[derive(Clone, Copy)]
struct TextOnly;

impl Predicate for TextOnly {
    fn should_compress<B>(&self, response: &http::Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        let headers = response.headers();
        let text = headers
            .get(header::CONTENT_TYPE)
            .and_then(|kind| kind.to_str().ok())
            .is_some_and(|kind| {
                ["text/html", "application/json", "text/csv", "text/plain"]
                    .iter()
                    .any(|text| kind.starts_with(text))
            });
        text && !headers.contains_key(header::CONTENT_RANGE)
    }
}

/// Pages are rendered for the person asking and change all the time: browsers must not keep them.
pub async fn pages_not_cached(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"text/html"));
    if html && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}
