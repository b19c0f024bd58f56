//! Downloads that are files rather than pages: a path's progress as CSV for spreadsheets.

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
        Err(error) => StatusCode::from_u16(error.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}
