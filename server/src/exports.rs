//! Downloads that are files rather than pages: a path's progress as CSV for spreadsheets, Open
//! Badges credentials with the issuer's published profile, keys and revocation list, and live
//! sessions as calendar files.

use crate::{ServerState, media::reader};
use app::paths::types::ProgressFilter;
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

/// Everyone's progress on a path that the signed-in person may see, filtered as on the page.
pub async fn path_progress_csv(
    State(state): State<ServerState>,
    Path(id): Path<i64>,
    Query(filter): Query<ProgressFilter>,
    headers: HeaderMap,
) -> Response {
    let actor = match reader(&state, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    match app::paths::ssr::progress(&state.app.db, actor, id, &filter, None).await {
        Ok(report) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"path-{id}-progress.csv\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            // The byte order mark tells spreadsheets the file is UTF-8, so names keep their accents.
            format!("\u{feff}{}", app::paths::ssr::csv(&report)),
        )
            .into_response(),
        Err(error) => refused(error),
    }
}

/// An error's status, as a plain response.
fn refused(error: app::error::AppError) -> Response {
    StatusCode::from_u16(error.status())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}

/// A public JSON document about the badges' issuer, cacheable for a few minutes.
fn published(document: Result<serde_json::Value, app::error::AppError>) -> Response {
    match document {
        Ok(document) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            document.to_string(),
        )
            .into_response(),
        Err(error) => refused(error),
    }
}

/// The Open Badges issuer's profile.
pub async fn open_badges_issuer(State(state): State<ServerState>) -> Response {
    published(Ok(app::badges::credential::issuer(
        &state.app.settings.mail_base,
    )))
}

/// The issuer's public key, where each credential's `kid` leads.
pub async fn open_badges_key(State(state): State<ServerState>) -> Response {
    published(app::badges::credential::key(&state.app.db, &state.app.settings.mail_base).await)
}

/// The issuer's public keys, which verify its credentials.
pub async fn open_badges_keys(State(state): State<ServerState>) -> Response {
    published(app::badges::credential::keys(&state.app.db, &state.app.settings.mail_base).await)
}

/// The revoked credentials and why.
pub async fn open_badges_revocations(State(state): State<ServerState>) -> Response {
    published(
        app::badges::credential::revocations(&state.app.db, &state.app.settings.mail_base).await,
    )
}

/// An award as a signed Open Badges 3.0 credential, for its holder to keep and share.
pub async fn open_badge_credential(
    State(state): State<ServerState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let actor = match reader(&state, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    let base = &state.app.settings.mail_base;
    match app::badges::credential::signed(&state.app.db, base, actor, id).await {
        Ok(jwt) => (
            [
                (header::CONTENT_TYPE, "application/vc+jwt".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"badge-{id}.jwt\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            jwt,
        )
            .into_response(),
        Err(error) => refused(error),
    }
}

/// A calendar file, to be added to a calendar (`attachment`) or subscribed to.
fn calendar(ics: String, file: Option<String>) -> Response {
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        ics,
    )
        .into_response();
    if let Some(file) = file
        && let Ok(value) = format!("attachment; filename=\"{file}\"").parse()
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// One live session as a calendar file, for someone who may see it.
pub async fn session_ics(
    State(state): State<ServerState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let actor = match reader(&state, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    let base = &state.app.settings.mail_base;
    match app::sessions::ssr::calendar::session_file(&state.app.db, base, actor, id).await {
        Ok(ics) => calendar(ics, Some(format!("live-session-{id}.ics"))),
        Err(error) => refused(error),
    }
}

/// Joins a live session: counts the person as attending while it runs, then sends them to where
/// it streams.
pub async fn join_session(
    State(state): State<ServerState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let actor = match reader(&state, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    match app::sessions::ssr::join(&state.app.db, actor, id).await {
        Ok(stream) => axum::response::Redirect::to(&stream).into_response(),
        Err(error) => refused(error),
    }
}

/// A person's private calendar of live sessions, read by calendar apps without signing in: the
/// secret in the address is the key. An unknown one is not found.
pub async fn calendar_feed(State(state): State<ServerState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let base = &state.app.settings.mail_base;
    match app::sessions::ssr::calendar::feed(&state.app.db, base, token).await {
        Ok(Some(ics)) => calendar(ics, None),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => refused(error),
    }
}
