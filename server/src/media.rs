//! Images (avatars and group covers): uploaded with a plain form (so it works without JavaScript),
//! checked by content, stored under server-made names, and served only to people who are signed in.

use crate::ServerState;
use app::{
    auth::ssr::{random_hex, user_from_headers},
    db::user,
    people::types::ImageProblem,
    policy::{self, Actor},
    shell::query_string,
};
use axum::{
    extract::{Multipart, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

/// The largest image accepted.
pub const IMAGE_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The image formats accepted, told apart by their first bytes rather than by file names.
pub(crate) fn image_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(("jpg", "image/jpeg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("gif", "image/gif"))
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("webp", "image/webp"))
    } else {
        None
    }
}

fn content_type(file: &str) -> Option<&'static str> {
    let (stem, extension) = file.split_once('.')?;
    if stem.len() != 32 || !stem.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match extension {
        "png" => Some("image/png"),
        "jpg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

fn back_with(id: i64, problem: ImageProblem) -> Response {
    Redirect::to(&format!(
        "/people/{id}/edit{}",
        query_string(&[("avatar_error", problem.code())])
    ))
    .into_response()
}

/// Reads a form's image field `name` and its short text fields, checks the image and stores it
/// in `directory` under a new name, which it returns with the text fields.
async fn store_upload(
    form: &mut Multipart,
    name: &str,
    directory: &std::path::Path,
) -> (Result<String, ImageProblem>, Vec<(String, String)>) {
    let mut upload = Err(ImageProblem::Missing);
    let mut fields = Vec::new();
    while let Ok(Some(field)) = form.next_field().await {
        let field_name = field.name().unwrap_or_default().to_string();
        if field_name == name {
            // Reading fails once the body passes the route's size limit.
            upload = field.bytes().await.map_err(|_| ImageProblem::TooLarge);
        } else if let Ok(text) = field.text().await {
            fields.push((field_name, text.chars().take(64).collect()));
        }
    }
    let stored = async {
        let bytes = upload?;
        if bytes.is_empty() {
            return Err(ImageProblem::Missing);
        }
        if bytes.len() > IMAGE_MAX_BYTES {
            return Err(ImageProblem::TooLarge);
        }
        let (extension, _) = image_kind(&bytes).ok_or(ImageProblem::NotAnImage)?;
        let file = format!("{}.{extension}", random_hex(16));
        write_file(directory, &file, &bytes)
            .await
            .map_err(|error| {
                tracing::error!(%error, "could not store an image");
                ImageProblem::NotSaved
            })?;
        Ok(file)
    };
    (stored.await, fields)
}

/// The signed-in person uploading, or where to send someone who is not.
pub(crate) async fn uploader(
    state: &ServerState,
    headers: &HeaderMap,
) -> Result<user::Model, Response> {
    match user_from_headers(&state.app.db, headers).await {
        Ok(Some(person)) => Ok(person),
        Ok(None) => Err(Redirect::to("/sign-in").into_response()),
        Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE.into_response()),
    }
}

/// The signed-in person asking for a file, as the policy sees them; 401 for nobody.
pub(crate) async fn reader(state: &ServerState, headers: &HeaderMap) -> Result<Actor, Response> {
    match user_from_headers(&state.app.db, headers).await {
        Ok(Some(person)) => Ok(Actor {
            id: person.id,
            role: person.role,
        }),
        Ok(None) => Err(StatusCode::UNAUTHORIZED.into_response()),
        Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE.into_response()),
    }
}

/// Takes the `avatar` field of a multipart form and makes it the signed-in person's photo.
pub async fn upload_avatar(
    State(state): State<ServerState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let db = &state.app.db;
    let person = match uploader(&state, &headers).await {
        Ok(person) => person,
        Err(response) => return response,
    };
    let directory = state.app.settings.avatar_dir();
    let file = match store_upload(&mut form, "avatar", &directory).await.0 {
        Ok(file) => file,
        Err(problem) => return back_with(person.id, problem),
    };
    let previous = person.avatar.clone();
    let id = person.id;
    let mut active: user::ActiveModel = person.into();
    active.avatar = Set(Some(file.clone()));
    active.updated_at = Set(chrono::Utc::now());
    if active.update(db).await.is_err() {
        let _ = tokio::fs::remove_file(directory.join(&file)).await;
        return back_with(id, ImageProblem::NotSaved);
    }
    if let Some(previous) = previous {
        let _ = tokio::fs::remove_file(directory.join(previous)).await;
    }
    Redirect::to(&format!("/people/{id}")).into_response()
}

/// Takes the `cover` field of a multipart form and makes it the cover of the form's `group`, for
/// those who moderate that group.
pub async fn upload_cover(
    State(state): State<ServerState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let db = &state.app.db;
    let person = match uploader(&state, &headers).await {
        Ok(person) => person,
        Err(response) => return response,
    };
    let directory = state.app.settings.cover_dir();
    let (stored, fields) = store_upload(&mut form, "cover", &directory).await;
    let group = fields
        .iter()
        .find(|(name, _)| name == "group")
        .and_then(|(_, value)| value.parse::<i64>().ok());
    let forget = |file: String| {
        let path = directory.join(file);
        async move {
            let _ = tokio::fs::remove_file(path).await;
        }
    };
    let actor = Actor {
        id: person.id,
        role: person.role,
    };
    let place = match group {
        Some(id) => app::groups::ssr::place(db, actor, id).await,
        None => Err(app::error::AppError::NotFound),
    };
    let Ok(place) = place.and_then(|place| {
        policy::moderate_group(actor, place.policy())?;
        Ok(place)
    }) else {
        if let Ok(file) = stored {
            forget(file).await;
        }
        return StatusCode::FORBIDDEN.into_response();
    };
    let id = place.group.id;
    let back = |problem: Option<ImageProblem>| {
        let query = problem.map_or(String::new(), |problem| {
            query_string(&[("tab", "moderation"), ("cover_error", problem.code())])
        });
        let query = if query.is_empty() {
            "?tab=moderation".to_string()
        } else {
            query
        };
        Redirect::to(&format!("/groups/{id}{query}")).into_response()
    };
    let file = match stored {
        Ok(file) => file,
        Err(problem) => return back(Some(problem)),
    };
    match app::groups::ssr::set_cover(&state.app, place.group, file.clone()).await {
        Ok(previous) => {
            if let Some(previous) = previous {
                forget(previous).await;
            }
            back(None)
        }
        Err(_) => {
            forget(file).await;
            back(Some(ImageProblem::NotSaved))
        }
    }
}

async fn write_file(directory: &std::path::Path, file: &str, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(directory).await?;
    tokio::fs::write(directory.join(file), bytes).await
}

/// Serves an avatar to someone who is signed in.
pub async fn serve_avatar(
    State(state): State<ServerState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let directory = state.app.settings.avatar_dir();
    serve_image(&state, &directory, &file, &headers).await
}

/// Serves a group's cover to someone who is signed in. Names are random, so only those who saw the
/// group's page know one.
pub async fn serve_cover(
    State(state): State<ServerState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let directory = state.app.settings.cover_dir();
    serve_image(&state, &directory, &file, &headers).await
}

async fn serve_image(
    state: &ServerState,
    directory: &std::path::Path,
    file: &str,
    headers: &HeaderMap,
) -> Response {
    let Some(kind) = content_type(file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(refused) = reader(state, headers).await {
        return refused;
    }
    match tokio::fs::read(directory.join(file)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, max-age=31536000, immutable"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_content_not_by_name() {
        assert_eq!(image_kind(b"\x89PNG\r\n\x1a\nrest").unwrap().0, "png");
        assert_eq!(image_kind(b"\xff\xd8\xff\xe0").unwrap().0, "jpg");
        assert_eq!(image_kind(b"RIFF\0\0\0\0WEBPVP8 ").unwrap().0, "webp");
        assert!(image_kind(b"<svg onload=alert(1)>").is_none());
        assert!(image_kind(b"%PDF-1.7").is_none());
    }

    #[test]
    fn only_server_made_file_names_are_served() {
        assert_eq!(
            content_type(&format!("{}.png", "a".repeat(32))),
            Some("image/png")
        );
        assert_eq!(content_type("../../etc/passwd"), None);
        assert_eq!(content_type(&format!("{}.svg", "a".repeat(32))), None);
        assert_eq!(content_type("short.png"), None);
    }
}
