//! Images (avatars, group covers and badge pictures): uploaded with a plain form (so it works
//! without JavaScript), checked by content, put in the media store under server-made names (so
//! every instance serves them), and served only to people who are signed in, except badge
//! pictures, which credentials show to anyone.

use crate::{ServerState, StartError, library_media::MediaStore};
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
use object_store::{ObjectStore, ObjectStoreExt, path::Path as Key};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use std::collections::HashSet;

/// The largest image accepted.
pub const IMAGE_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The media store's folder for avatars, named as the data folder's own was before the store.
const AVATARS: &str = "avatars";
/// The media store's folder for group covers.
const COVERS: &str = "covers";
/// The media store's folder for badge pictures.
const BADGES: &str = "badges";

/// Where the image `file` of `folder` lies in the media store.
fn key(folder: &str, file: &str) -> Key {
    Key::from(format!("{folder}/{file}"))
}

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

/// Reads a form's image field `name` and its short text fields, checks the image and puts it in
/// `folder` of the media store under a new name, which it returns with the text fields.
async fn store_upload(
    form: &mut Multipart,
    name: &str,
    media: &MediaStore,
    folder: &str,
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
        media
            .put(&key(folder, &file), bytes.into())
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
    let file = match store_upload(&mut form, "avatar", &state.media, AVATARS)
        .await
        .0
    {
        Ok(file) => file,
        Err(problem) => return back_with(person.id, problem),
    };
    let previous = person.avatar.clone();
    let id = person.id;
    let mut active: user::ActiveModel = person.into();
    active.avatar = Set(Some(file.clone()));
    active.updated_at = Set(chrono::Utc::now());
    if active.update(db).await.is_err() {
        let _ = state.media.delete(&key(AVATARS, &file)).await;
        return back_with(id, ImageProblem::NotSaved);
    }
    if let Some(previous) = previous {
        let _ = state.media.delete(&key(AVATARS, &previous)).await;
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
    let (stored, fields) = store_upload(&mut form, "cover", &state.media, COVERS).await;
    let group = fields
        .iter()
        .find(|(name, _)| name == "group")
        .and_then(|(_, value)| value.parse::<i64>().ok());
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
        forget(&state.media, COVERS, stored.ok()).await;
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
            forget(&state.media, COVERS, previous).await;
            back(None)
        }
        Err(_) => {
            forget(&state.media, COVERS, Some(file)).await;
            back(Some(ImageProblem::NotSaved))
        }
    }
}

/// Takes the `image` field of a multipart form and makes it the picture of the form's `badge`,
/// for those who manage that badge.
pub async fn upload_badge_image(
    State(state): State<ServerState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let person = match uploader(&state, &headers).await {
        Ok(person) => person,
        Err(response) => return response,
    };
    let (stored, fields) = store_upload(&mut form, "image", &state.media, BADGES).await;
    let Some(badge) = fields
        .iter()
        .find(|(name, _)| name == "badge")
        .and_then(|(_, value)| value.parse::<i64>().ok())
    else {
        forget(&state.media, BADGES, stored.ok()).await;
        return StatusCode::NOT_FOUND.into_response();
    };
    let back = |problem: Option<ImageProblem>| {
        let query = problem.map_or(String::new(), |problem| {
            query_string(&[("image_error", problem.code())])
        });
        Redirect::to(&format!("/badges/{badge}{query}")).into_response()
    };
    let file = match stored {
        Ok(file) => file,
        Err(problem) => return back(Some(problem)),
    };
    let actor = Actor {
        id: person.id,
        role: person.role,
    };
    match app::badges::ssr::set_image(&state.app.db, actor, badge, file.clone()).await {
        // The picture it replaces stays: credentials issued with it still point to it.
        Ok(()) => back(None),
        Err(error) => {
            forget(&state.media, BADGES, Some(file)).await;
            match error {
                app::error::AppError::Forbidden => StatusCode::FORBIDDEN.into_response(),
                app::error::AppError::NotFound => StatusCode::NOT_FOUND.into_response(),
                _ => back(Some(ImageProblem::NotSaved)),
            }
        }
    }
}

/// Deletes an image no longer wanted from `folder` of the media store, if there is one.
async fn forget(media: &MediaStore, folder: &str, file: Option<String>) {
    if let Some(file) = file {
        let _ = media.delete(&key(folder, &file)).await;
    }
}

/// Serves a badge's picture to anyone: credentials carried elsewhere point to it.
pub async fn serve_badge_image(
    State(state): State<ServerState>,
    Path(file): Path<String>,
) -> Response {
    read_image(&state, BADGES, &file, "public, max-age=31536000, immutable").await
}

/// Serves an avatar to someone who is signed in.
pub async fn serve_avatar(
    State(state): State<ServerState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve_image(&state, AVATARS, &file, &headers).await
}

/// Serves a group's cover to someone who is signed in. Names are random, so only those who saw the
/// group's page know one.
pub async fn serve_cover(
    State(state): State<ServerState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve_image(&state, COVERS, &file, &headers).await
}

async fn serve_image(
    state: &ServerState,
    folder: &str,
    file: &str,
    headers: &HeaderMap,
) -> Response {
    if let Err(refused) = reader(state, headers).await {
        return refused;
    }
    read_image(state, folder, file, "private, max-age=31536000, immutable").await
}

/// An image of the media store as a response, with its content type and `cache`.
async fn read_image(
    state: &ServerState,
    folder: &str,
    file: &str,
    cache: &'static str,
) -> Response {
    let Some(kind) = content_type(file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let read = async { state.media.get(&key(folder, file)).await?.bytes().await };
    match read.await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            ],
            bytes,
        )
            .into_response(),
        Err(object_store::Error::NotFound { .. }) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "could not read a stored image");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Copies the photos and covers that Wellspring kept in DATA_DIR/avatars and DATA_DIR/covers before
/// they went to the media store into it, leaving the folders as they are. Images the store already
/// has are skipped, so every start-up runs it and only the first copies anything; returns how many
/// it copied.
pub(crate) async fn adopt_local_images(
    media: &MediaStore,
    data_dir: &std::path::Path,
) -> Result<usize, StartError> {
    let mut copied = 0;
    for folder in [AVATARS, COVERS] {
        let directory = data_dir.join(folder);
        let unreadable = |source| StartError::DataDir {
            path: directory.display().to_string(),
            source,
        };
        let mut entries = match tokio::fs::read_dir(&directory).await {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(unreadable(error)),
        };
        // One listing, rather than a question per file, so a start-up against S3 stays quick.
        let stored: HashSet<String> = media
            .list_with_delimiter(Some(&Key::from(folder)))
            .await
            .map_err(StartError::Media)?
            .objects
            .into_iter()
            .filter_map(|object| object.location.filename().map(str::to_string))
            .collect();
        while let Some(entry) = entries.next_entry().await.map_err(unreadable)? {
            let Ok(file) = entry.file_name().into_string() else {
                continue;
            };
            // Only names the server made: anything else was never served.
            if content_type(&file).is_none() || stored.contains(&file) {
                continue;
            }
            let bytes = tokio::fs::read(entry.path()).await.map_err(unreadable)?;
            media
                .put(&key(folder, &file), bytes.into())
                .await
                .map_err(StartError::Media)?;
            copied += 1;
        }
    }
    if copied > 0 {
        tracing::info!(
            copied,
            "copied photos from the data folder into the media store"
        );
    }
    Ok(copied)
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

    #[tokio::test]
    async fn old_photos_are_copied_into_the_store_once_and_never_over_what_it_has() {
        let data = tempfile::tempdir().unwrap();
        let avatar = format!("{}.png", "a".repeat(32));
        let cover = format!("{}.jpg", "b".repeat(32));
        std::fs::create_dir_all(data.path().join(AVATARS)).unwrap();
        std::fs::create_dir_all(data.path().join(COVERS)).unwrap();
        std::fs::write(data.path().join(AVATARS).join(&avatar), b"old avatar").unwrap();
        std::fs::write(data.path().join(AVATARS).join("notes.txt"), b"not ours").unwrap();
        std::fs::write(data.path().join(COVERS).join(&cover), b"old cover").unwrap();
        let media: MediaStore = std::sync::Arc::new(object_store::memory::InMemory::new());
        media
            .put(&key(COVERS, &cover), b"already stored".to_vec().into())
            .await
            .unwrap();

        assert_eq!(adopt_local_images(&media, data.path()).await.unwrap(), 1);
        assert_eq!(adopt_local_images(&media, data.path()).await.unwrap(), 0);
        let read = async |folder, file: &str| {
            let found = media.get(&key(folder, file)).await.unwrap();
            found.bytes().await.unwrap().to_vec()
        };
        assert_eq!(read(AVATARS, &avatar).await, b"old avatar");
        assert_eq!(read(COVERS, &cover).await, b"already stored");
        assert!(media.head(&key(AVATARS, "notes.txt")).await.is_err());
        assert!(
            data.path().join(AVATARS).join(&avatar).exists(),
            "the old folder is left for whoever runs the server to remove"
        );
    }

    #[tokio::test]
    async fn a_data_folder_without_old_photos_copies_nothing() {
        let data = tempfile::tempdir().unwrap();
        let media: MediaStore = std::sync::Arc::new(object_store::memory::InMemory::new());
        assert_eq!(adopt_local_images(&media, data.path()).await.unwrap(), 0);
    }
}
