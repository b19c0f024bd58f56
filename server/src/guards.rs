//! Middleware that every request passes through: the Origin check on state-changing requests, HTTP
//! statuses for server-function errors, and security headers.

use app::{
    auth::ssr::{Pace, client_address, cookie_token, token_hash},
    error::AppError,
    state::Settings,
};
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Json, Response},
};
use std::sync::Arc;

/// Where state-changing requests may come from.
#[derive(Debug, Clone)]
pub struct AllowedOrigin(pub Arc<Option<String>>);

/// Refuses a state-changing request, or a websocket (which carries the session cookie the same way),
/// unless its `Origin` is this site: the configured public URL, or else the host the request was sent
/// to. Browsers always send `Origin` with such requests, so a missing one is refused too.
pub async fn check_origin(
    State(allowed): State<AllowedOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let websocket = request
        .headers()
        .get(header::UPGRADE)
        .is_some_and(|upgrade| upgrade.as_bytes().eq_ignore_ascii_case(b"websocket"));
    if !websocket
        && matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS
        )
    {
        return next.run(request).await;
    }
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|origin| origin.to_str().ok());
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    if origin_allowed(origin, host, allowed.0.as_deref()) {
        next.run(request).await
    } else {
        tracing::warn!(?origin, ?host, "refused a cross-origin request");
        (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused.",
        )
            .into_response()
    }
}

fn origin_allowed(origin: Option<&str>, host: Option<&str>, public_url: Option<&str>) -> bool {
    let Some(origin) = origin else {
        return false;
    };
    match public_url {
        Some(public_url) => origin == public_url,
        None => host.is_some_and(|host| {
            origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                == Some(host)
        }),
    }
}

/// leptos answers every server-function error with 500; this gives each error its own status
/// (401, 403, 404, 409, 422, 429), so clients and logs can tell them apart.
pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// How fast server functions may be called: every call and upload counts, reads included, since a
/// page asks for a handful at a time and a script for thousands.
#[derive(Clone)]
pub struct CallPace {
    pub settings: Arc<Settings>,
    /// None when the limit is off.
    pub pace: Option<Arc<Pace>>,
}

impl CallPace {
    /// `per_second` calls a second after a burst of a minute's worth; none when it is not above 0.
    pub fn new(settings: Arc<Settings>, per_second: f64) -> Self {
        let pace = (per_second > 0.0).then(|| Arc::new(Pace::new(per_second * 60.0, per_second)));
        Self { settings, pace }
    }
}

/// Refuses a session (or, signed out, a client address) that calls server functions or uploads
/// faster than anyone does by hand, before any work is done for it. Each instance paces the
/// requests it serves.
pub async fn pace_calls(
    State(CallPace { settings, pace }): State<CallPace>,
    request: Request,
    next: Next,
) -> Response {
    let Some(pace) = pace else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    let paced = request.method() == Method::POST
        && (path.starts_with("/api/") || path.starts_with("/media/"));
    if !paced {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let who = match cookie_token(&parts.headers) {
        Some(token) => token_hash(&token),
        None => client_address(&parts, &settings),
    };
    if pace.allow(&who) {
        next.run(Request::from_parts(parts, body)).await
    } else {
        (StatusCode::TOO_MANY_REQUESTS, Json(AppError::RateLimited)).into_response()
    }
}

/// What a page may load, and from where: only from this site. Nothing on a page can fetch, show
/// or send anything elsewhere (an image that tells another site who read a post, a form that posts
/// away, a frame around the page), and no plugin runs. Inline scripts stay allowed, as leptos writes
/// its hydration data inline; what people write never reaches the page as markup. The one
/// exception is video over https: a live session's HLS stream plays from where its hosts stream
/// it, and only a session's own `<video>` names such an address.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: blob:; media-src 'self' blob: https:; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Headers that keep pages from being framed, loading from elsewhere or content from being sniffed.
/// The bundle's code and style (wasm, scripts, the stylesheet) are never shown as a page, so they
/// carry only `nosniff`: the page that loads them is the one its policy applies to, and a first
/// visit is spared those headers on every file.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let code = headers
        .get(header::CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .is_some_and(|kind| {
            [
                "application/wasm",
                "text/javascript",
                "application/javascript",
                "text/css",
            ]
            .iter()
            .any(|code| kind.starts_with(code))
        });
    if !code {
        for (name, value) in [
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "same-origin"),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::origin_allowed;

    #[test]
    fn the_origin_must_match_the_public_url_when_one_is_set() {
        let public = Some("https://learn.example.com");
        assert!(origin_allowed(
            Some("https://learn.example.com"),
            Some("x"),
            public
        ));
        assert!(!origin_allowed(
            Some("https://evil.example"),
            Some("learn.example.com"),
            public
        ));
        assert!(!origin_allowed(
            Some("http://learn.example.com"),
            None,
            public
        ));
    }

    #[test]
    fn otherwise_the_origin_must_match_the_host_asked_for() {
        assert!(origin_allowed(
            Some("http://127.0.0.1:3000"),
            Some("127.0.0.1:3000"),
            None
        ));
        assert!(!origin_allowed(
            Some("http://127.0.0.1:3001"),
            Some("127.0.0.1:3000"),
            None
        ));
        assert!(!origin_allowed(Some("null"), Some("127.0.0.1:3000"), None));
        assert!(!origin_allowed(None, Some("127.0.0.1:3000"), None));
    }
}
