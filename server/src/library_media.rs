//! Library files — videos, documents and poster images. Uploads stream into the media store as they
//! arrive, are checked by their content, and are recorded with their item in one transaction (or
//! deleted again). Files are served, with HTTP range requests so videos seek, only to people who may
//! see an item that uses them.

use crate::{
    ServerState,
    media::{image_kind, reader, uploader},
};
use app::{
    auth::ssr::random_hex,
    library::{
        ssr::{NewMedia, Slot, attach_media, may_attach, readable_media},
        types::{ItemKind, UploadProblem},
    },
    policy::Actor,
    shell::query_string,
};
use axum::{
    body::Body,
    extract::{Multipart, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use object_store::{
    GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart, path::Path as Key,
};
use sha2::{Digest, Sha256};
use std::{ops::Range, sync::Arc};

/// The largest video accepted.
pub const VIDEO_MAX_BYTES: u64 = 500 * 1024 * 1024;
/// The largest document accepted.
pub const FILE_MAX_BYTES: u64 = 50 * 1024 * 1024;
/// How much of an upload is read before its type is decided: enough to find the parts of an office
/// document, which are named near the start of the file.
const SNIFF_BYTES: usize = 64 * 1024;

/// The media store: a local folder by default, S3-compatible storage when configured.
pub type MediaStore = Arc<dyn ObjectStore>;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// What a file's first bytes say it is, as an extension and a content type, among the kinds that
/// `slot` of an item of `kind` takes. The uploaded name only tells apart the legacy office formats,
/// which share one container.
fn sniff(
    kind: ItemKind,
    slot: Slot,
    head: &[u8],
    name: &str,
) -> Option<(&'static str, &'static str)> {
    match (slot, kind) {
        (Slot::Poster, _) => image_kind(head),
        (Slot::Main, ItemKind::Video) => {
            if head.len() >= 12 && &head[4..8] == b"ftyp" {
                if &head[8..12] == b"qt  " {
                    Some(("mov", "video/quicktime"))
                } else {
                    Some(("mp4", "video/mp4"))
                }
            } else if head.starts_with(b"\x1a\x45\xdf\xa3") {
                Some(("webm", "video/webm"))
            } else {
                None
            }
        }
        (Slot::Main, ItemKind::File) => {
            if head.starts_with(b"%PDF-") {
                Some(("pdf", "application/pdf"))
            } else if head.starts_with(b"PK\x03\x04") {
                let odf = |subtype: &str| {
                    contains(
                        head,
                        format!("mimetypeapplication/vnd.oasis.opendocument.{subtype}").as_bytes(),
                    )
                };
                if contains(head, b"word/") {
                    Some(("docx", DOCX))
                } else if contains(head, b"xl/") {
                    Some(("xlsx", XLSX))
                } else if contains(head, b"ppt/") {
                    Some(("pptx", PPTX))
                } else if odf("text") {
                    Some(("odt", "application/vnd.oasis.opendocument.text"))
                } else if odf("spreadsheet") {
                    Some(("ods", "application/vnd.oasis.opendocument.spreadsheet"))
                } else if odf("presentation") {
                    Some(("odp", "application/vnd.oasis.opendocument.presentation"))
                } else {
                    None
                }
            } else if head.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
                match name.rsplit_once('.')?.1.to_ascii_lowercase().as_str() {
                    "doc" => Some(("doc", "application/msword")),
                    "xls" => Some(("xls", "application/vnd.ms-excel")),
                    "ppt" => Some(("ppt", "application/vnd.ms-powerpoint")),
                    _ => None,
                }
            } else {
                None
            }
        }
        (Slot::Main, ItemKind::Article | ItemKind::Link) => None,
    }
}

fn limit(kind: ItemKind, slot: Slot) -> u64 {
    match (slot, kind) {
        (Slot::Poster, _) => crate::media::IMAGE_MAX_BYTES as u64,
        (Slot::Main, ItemKind::Video) => VIDEO_MAX_BYTES,
        (Slot::Main, _) => FILE_MAX_BYTES,
    }
}

/// An uploaded file's own name, without folders or characters that cannot be shown, at most 200
/// characters; "file" when nothing is left.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string();
    if name.is_empty() || name == "." || name == ".." {
        "file".into()
    } else {
        name
    }
}

/// `name` ending in the extension of the type its content was found to be, so a download opens as
/// what it is.
fn named_as(name: &str, extension: &str) -> String {
    let stem = match name.rsplit_once('.') {
        Some((_, current)) if current.eq_ignore_ascii_case(extension) => return name.to_string(),
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{stem}.{extension}")
}

/// `Content-Disposition` for a download: a plain ASCII name every browser reads, and the exact name
/// percent-encoded for those that read `filename*`.
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The single byte range a `Range` header asks of a file of `size` bytes: `Ok(None)` for the whole
/// file (no header, or one this server answers in full, such as several ranges), `Err(())` when
/// the range lies outside the file.
fn byte_range(header: Option<&str>, size: u64) -> Result<Option<Range<u64>>, ()> {
    let Some(spec) = header.and_then(|value| value.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((start, end)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let parse = |text: &str| text.trim().parse::<u64>().ok();
    match (start.trim().is_empty(), parse(start), parse(end)) {
        // `bytes=-N`: the last N bytes.
        (true, _, Some(suffix)) => {
            if suffix == 0 || size == 0 {
                Err(())
            } else {
                Ok(Some(size.saturating_sub(suffix)..size))
            }
        }
        (false, Some(first), last) if end.trim().is_empty() || last.is_some() => {
            if first >= size {
                return Err(());
            }
            match last {
                Some(last) if last < first => Ok(None),
                Some(last) => Ok(Some(first..last.saturating_add(1).min(size))),
                None => Ok(Some(first..size)),
            }
        }
        _ => Ok(None),
    }
}

/// Takes the `file` field of a multipart form into `slot` of item `id`, then goes back to the item.
pub async fn upload(
    State(state): State<ServerState>,
    Path((id, slot)): Path<(i64, String)>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let person = match uploader(&state, &headers).await {
        Ok(person) => person,
        Err(response) => return response,
    };
    let actor = Actor {
        id: person.id,
        role: person.role,
    };
    let back = |problem: Option<UploadProblem>| {
        let query = problem.map_or(String::new(), |problem| {
            query_string(&[("upload_error", problem.as_str())])
        });
        Redirect::to(&format!("/library/items/{id}{query}")).into_response()
    };
    let slot = match slot.as_str() {
        "main" => Slot::Main,
        "poster" => Slot::Poster,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let kind = match may_attach(&state.app.db, actor, id, slot).await {
        Ok(kind) => kind,
        Err(_) => {
            drain(&mut form).await;
            return back(Some(UploadProblem::Refused));
        }
    };
    let stored = match store(&state.media, &mut form, kind, slot).await {
        Ok(stored) => stored,
        Err(problem) => {
            drain(&mut form).await;
            return back(Some(problem));
        }
    };
    let key = Key::from(stored.key.as_str());
    if let Err(error) = attach_media(&state.app.db, actor, id, slot, stored).await {
        tracing::warn!(%error, "an uploaded file was not recorded; removing it");
        let _ = state.media.delete(&key).await;
        return back(Some(match error {
            app::error::AppError::Internal | app::error::AppError::Unavailable => {
                UploadProblem::NotSaved
            }
            _ => UploadProblem::Refused,
        }));
    }
    back(None)
}

/// Reads what is left of a refused upload, up to the route's limit, and throws it away. Answering
/// while the browser is still sending makes it see a broken connection instead of the page that
/// says what was wrong.
async fn drain(form: &mut Multipart) {
    while let Ok(Some(mut field)) = form.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
}

/// Streams the form's `file` field into the store under a new name, checking its type from its
/// first bytes and its size as it goes; nothing is left in the store when it is refused.
async fn store(
    media: &MediaStore,
    form: &mut Multipart,
    kind: ItemKind,
    slot: Slot,
) -> Result<NewMedia, UploadProblem> {
    let mut field = loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => break field,
            Ok(Some(_)) => continue,
            Ok(None) => return Err(UploadProblem::Missing),
            Err(_) => return Err(UploadProblem::TooLarge),
        }
    };
    let name = clean_name(field.file_name().unwrap_or_default());
    let max = limit(kind, slot);
    // Reading fails once the body passes the route's size limit.
    let next = async |field: &mut axum::extract::multipart::Field<'_>| {
        field.chunk().await.map_err(|_| UploadProblem::TooLarge)
    };
    let mut head = Vec::new();
    let mut finished = false;
    while head.len() < SNIFF_BYTES {
        match next(&mut field).await? {
            Some(chunk) => head.extend_from_slice(&chunk),
            None => {
                finished = true;
                break;
            }
        }
    }
    if head.is_empty() {
        return Err(UploadProblem::Missing);
    }
    let (extension, content_type) =
        sniff(kind, slot, &head, &name).ok_or(UploadProblem::WrongType)?;
    let key = format!("library/{}.{extension}", random_hex(16));
    let name = named_as(&name, extension);
    let path = Key::from(key.as_str());
    let not_saved = |error: object_store::Error| {
        tracing::error!(%error, "could not store an upload");
        UploadProblem::NotSaved
    };
    let mut writer = WriteMultipart::new(media.put_multipart(&path).await.map_err(not_saved)?);
    let mut hash = Sha256::new();
    let mut size = head.len() as u64;
    hash.update(&head);
    writer.write(&head);
    let copied = async {
        if size > max {
            return Err(UploadProblem::TooLarge);
        }
        if finished {
            return Ok(());
        }
        while let Some(chunk) = next(&mut field).await? {
            size += chunk.len() as u64;
            if size > max {
                return Err(UploadProblem::TooLarge);
            }
            hash.update(&chunk);
            writer.wait_for_capacity(4).await.map_err(not_saved)?;
            writer.put(chunk);
        }
        Ok(())
    }
    .await;
    match copied {
        Ok(()) => writer.finish().await.map(|_| ()).map_err(not_saved)?,
        Err(problem) => {
            let _ = writer.abort().await;
            return Err(problem);
        }
    }
    Ok(NewMedia {
        key,
        content_type: content_type.to_string(),
        size: size as i64,
        sha256: format!("{:x}", hash.finalize()),
        name,
    })
}

/// Serves a stored file to someone who may see an item that uses it, whole or in one byte range.
pub async fn serve(
    State(state): State<ServerState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let db = &state.app.db;
    let actor = match reader(&state, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    let file = match readable_media(db, actor, id).await {
        Ok(file) => file,
        Err(app::error::AppError::Internal | app::error::AppError::Unavailable) => {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let size = file.size.max(0) as u64;
    let asked = headers
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok());
    let range = match byte_range(asked, size) {
        Ok(range) => range,
        Err(()) => {
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{size}"))],
            )
                .into_response();
        }
    };
    let options = GetOptions {
        range: range.clone().map(GetRange::Bounded),
        ..Default::default()
    };
    let found = match state
        .media
        .get_opts(&Key::from(file.key.as_str()), options)
        .await
    {
        Ok(found) => found,
        Err(object_store::Error::NotFound { .. }) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "could not read a stored file");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let served = found.range.clone();
    let disposition =
        if file.content_type.starts_with("video/") || file.content_type.starts_with("image/") {
            "inline".to_string()
        } else {
            attachment(&file.name)
        };
    let mut response = Body::from_stream(found.into_stream()).into_response();
    let headers = response.headers_mut();
    let mut set = |name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_TYPE, file.content_type.clone());
    set(
        header::CONTENT_LENGTH,
        (served.end - served.start).to_string(),
    );
    set(header::ACCEPT_RANGES, "bytes".into());
    set(header::CONTENT_DISPOSITION, disposition);
    set(header::ETAG, format!("\"{}\"", file.sha256));
    // A stored file never changes: a new upload gets a new id.
    set(
        header::CACHE_CONTROL,
        "private, max-age=31536000, immutable".into(),
    );
    if range.is_some() {
        set(
            header::CONTENT_RANGE,
            format!(
                "bytes {}-{}/{size}",
                served.start,
                served.end.saturating_sub(1)
            ),
        );
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_the_http_rules() {
        assert_eq!(byte_range(None, 100), Ok(None));
        assert_eq!(byte_range(Some("bytes=0-9"), 100), Ok(Some(0..10)));
        assert_eq!(byte_range(Some("bytes=50-"), 100), Ok(Some(50..100)));
        assert_eq!(byte_range(Some("bytes=90-200"), 100), Ok(Some(90..100)));
        assert_eq!(byte_range(Some("bytes=-10"), 100), Ok(Some(90..100)));
        assert_eq!(byte_range(Some("bytes=-500"), 100), Ok(Some(0..100)));
        assert_eq!(byte_range(Some("bytes=100-"), 100), Err(()));
        assert_eq!(byte_range(Some("bytes=-0"), 100), Err(()));
        assert_eq!(byte_range(Some("bytes=9-3"), 100), Ok(None));
        assert_eq!(byte_range(Some("bytes=0-1,5-6"), 100), Ok(None));
        assert_eq!(byte_range(Some("items=0-1"), 100), Ok(None));
        assert_eq!(byte_range(Some("bytes=x-1"), 100), Ok(None));
    }

    #[test]
    fn types_come_from_content_not_names() {
        let mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0";
        assert_eq!(
            sniff(ItemKind::Video, Slot::Main, mp4, "clip.pdf"),
            Some(("mp4", "video/mp4"))
        );
        assert_eq!(sniff(ItemKind::File, Slot::Main, mp4, "clip.pdf"), None);
        assert_eq!(
            sniff(ItemKind::File, Slot::Main, b"%PDF-1.7\n", "notes.mp4"),
            Some(("pdf", "application/pdf"))
        );
        assert_eq!(
            sniff(
                ItemKind::File,
                Slot::Main,
                b"PK\x03\x04....word/document.xml",
                "a.zip"
            ),
            Some(("docx", DOCX))
        );
        assert_eq!(
            sniff(ItemKind::File, Slot::Main, b"PK\x03\x04plain zip", "a.docx"),
            None
        );
        assert_eq!(
            sniff(
                ItemKind::Video,
                Slot::Poster,
                b"\x89PNG\r\n\x1a\n....",
                "p.mp4"
            ),
            Some(("png", "image/png"))
        );
        assert_eq!(
            sniff(ItemKind::Video, Slot::Main, b"<script>", "x.mp4"),
            None
        );
    }

    #[test]
    fn downloads_carry_a_safe_name() {
        assert_eq!(named_as("Payroll.jar", "docx"), "Payroll.docx");
        assert_eq!(named_as("plan.PDF", "pdf"), "plan.PDF");
        assert_eq!(named_as("notes", "pdf"), "notes.pdf");
        assert_eq!(named_as(".hidden", "pdf"), ".hidden.pdf");
        assert_eq!(clean_name("C:\\Users\\me\\Q3 plan.pdf"), "Q3 plan.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("\u{0}"), "file");
        assert_eq!(
            attachment("Plan \"été\".pdf"),
            "attachment; filename=\"Plan __t__.pdf\"; filename*=UTF-8''Plan%20%22%C3%A9t%C3%A9%22.pdf"
        );
    }
}
