//! The Wellspring server: configuration, database, the axum router and the command-line tools.

pub mod accounts;
mod assets;
pub mod config;
pub mod database;
pub mod demo;
mod exports;
mod guards;
mod library_media;
pub mod mailer;
mod media;

use app::{
    App, shell,
    state::{AppState, Settings},
};
use axum::{
    Router,
    extract::{DefaultBodyLimit, FromRef, State},
    http::StatusCode,
    middleware,
    response::IntoResponse,
    routing::{get, post},
};
use config::Config;
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::{
    net::SocketAddr,
    sync::{Arc, OnceLock},
};
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;

/// The largest request body accepted.
pub const REQUEST_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// State of the axum router.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
    /// Where uploaded files are kept: photos, group covers and library files.
    pub media: library_media::MediaStore,
}

/// Why Wellspring could not start: one line that names the setting to look at.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("WELLSPRING_DATA_DIR: cannot use {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("DATABASE_URL: cannot open the database: {0}")]
    Database(sea_orm::DbErr),
    #[error("DATABASE_URL: cannot bring the database schema up to date: {0}")]
    Migration(sea_orm::DbErr),
    #[error("LEPTOS_SITE_ADDR: cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("serving requests failed: {0}")]
    Serve(std::io::Error),
    #[error("standard input: {0}")]
    Input(std::io::Error),
    #[error("{0}")]
    Account(app::error::AppError),
    #[error("WELLSPRING_DATA_DIR: cannot open the search index: {0}")]
    Search(String),
    #[error("WELLSPRING_MEDIA_URL: cannot open the media store: {0}")]
    Media(object_store::Error),
    #[error("{0}")]
    Mail(mailer::MailerError),
}

/// Opens and migrates the database, creating the data folder first when SQLite lives in it.
pub async fn open_database(config: &Config) -> Result<sea_orm::DatabaseConnection, StartError> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
    }
    let db = database::connect(&config.database_url())
        .await
        .map_err(StartError::Database)?;
    database::migrate(&db)
        .await
        .map_err(StartError::Migration)?;
    if !config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
    }
    Ok(db)
}

/// The media store: the configured S3 bucket, or a folder in the data folder.
fn open_media(config: &Config) -> Result<library_media::MediaStore, StartError> {
    match &config.media_url {
        Some(url) => {
            // The AWS_* variables configure the client, under the lower-case names it expects.
            let options = std::env::vars()
                .filter(|(name, _)| name.starts_with("AWS_"))
                .map(|(name, value)| (name.to_lowercase(), value));
            let (store, prefix) =
                object_store::parse_url_opts(url, options).map_err(StartError::Media)?;
            Ok(Arc::new(object_store::prefix::PrefixStore::new(
                Arc::<dyn object_store::ObjectStore>::from(store),
                prefix,
            )))
        }
        None => {
            let dir = config.media_dir();
            std::fs::create_dir_all(&dir).map_err(|source| StartError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
            let local = object_store::local::LocalFileSystem::new_with_prefix(&dir)
                .map_err(StartError::Media)?
                .with_automatic_cleanup(true);
            Ok(Arc::new(local))
        }
    }
}

/// The whole application as a router, on an open database.
pub async fn build_app(
    config: &Config,
    db: sea_orm::DatabaseConnection,
) -> Result<Router, StartError> {
    let hub = app::live::ssr::Hub::start(db.clone())
        .await
        .map_err(StartError::Database)?;
    let search =
        app::search::ssr::start(db.clone(), &config.data_dir.join("search"), hub.subscribe())
            .map_err(|error| StartError::Search(error.to_string()))?;
    if let Some(smtp_url) = &config.smtp_url {
        mailer::Mailer::new(smtp_url, &config.mail_from)
            .map_err(StartError::Mail)?
            .start(db.clone());
    }
    if config.schedule_seconds > 0 {
        mailer::send_scheduled(
            db.clone(),
            config.link_base(),
            std::time::Duration::from_secs(config.schedule_seconds),
            std::time::Duration::from_secs(config.remind_seconds),
        );
    }
    let app_state = AppState {
        db,
        hub,
        search,
        settings: Arc::new(Settings {
            public_url: config.public_url.clone(),
            trust_forwarded_for: config.trust_forwarded_for,
            sends_mail: config.smtp_url.is_some(),
            mail_base: config.link_base(),
        }),
    };
    let media = open_media(config)?;
    media::adopt_local_images(&media, &config.data_dir).await?;
    let state = ServerState {
        leptos_options: config.leptos_options(),
        app: app_state.clone(),
        media,
    };
    let context = move || provide_context(app_state.clone());
    let routes = routes();
    let allowed = guards::AllowedOrigin(Arc::new(config.public_url.clone()));
    Ok(Router::new()
        .route("/healthz", get(healthz))
        .route("/livez", get(livez))
        .route(
            "/media/avatar",
            post(media::upload_avatar)
                .layer(DefaultBodyLimit::max(media::IMAGE_MAX_BYTES + 64 * 1024)),
        )
        .route("/media/avatars/{file}", get(media::serve_avatar))
        .route(
            "/media/cover",
            post(media::upload_cover)
                .layer(DefaultBodyLimit::max(media::IMAGE_MAX_BYTES + 64 * 1024)),
        )
        .route("/media/covers/{file}", get(media::serve_cover))
        .route(
            "/media/badge-image",
            post(media::upload_badge_image)
                .layer(DefaultBodyLimit::max(media::IMAGE_MAX_BYTES + 64 * 1024)),
        )
        .route("/open-badges/images/{file}", get(media::serve_badge_image))
        .route("/media/library/{id}", get(library_media::serve))
        .route("/paths/{id}/progress.csv", get(exports::path_progress_csv))
        .route("/sessions/{id}/calendar.ics", get(exports::session_ics))
        .route("/sessions/{id}/join", get(exports::join_session))
        .route("/calendar/{file}", get(exports::calendar_feed))
        .route("/open-badges/issuer", get(exports::open_badges_issuer))
        .route("/open-badges/issuer/key", get(exports::open_badges_key))
        .route("/open-badges/issuer/keys", get(exports::open_badges_keys))
        .route(
            "/open-badges/revocations",
            get(exports::open_badges_revocations),
        )
        .route(
            "/open-badges/credentials/{id}",
            get(exports::open_badge_credential),
        )
        .route("/c/{token}", get(follow_campaign_link))
        .route("/live", get(app::live::ssr::websocket))
        .nest_service(
            &format!("/{}", config.site_pkg_dir.trim_matches('/')),
            assets::bundle(&config.site_root, &config.site_pkg_dir),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(context, shell))
        // Server functions read whole bodies; nothing legitimate is larger than a CSV file of
        // people (1 MB, more once form-encoded) or an avatar.
        .layer(RequestBodyLimitLayer::new(REQUEST_BODY_LIMIT))
        // Library uploads stream to the store as they arrive, so they may be as large as a video.
        .route(
            "/media/library/{id}/{slot}",
            post(library_media::upload).layer(DefaultBodyLimit::max(
                library_media::VIDEO_MAX_BYTES as usize + 1024 * 1024,
            )),
        )
        .layer(middleware::from_fn(assets::pages_not_cached))
        .layer(middleware::from_fn(guards::error_status))
        .layer(middleware::from_fn_with_state(
            guards::CallPace::new(state.app.settings.clone(), config.calls_per_second),
            guards::pace_calls,
        ))
        .layer(middleware::from_fn_with_state(
            allowed,
            guards::check_origin,
        ))
        // A mail client unsubscribes with one POST from no page at all (RFC 8058): the signed token
        // it carries is its authority, so it is the one state-changing route without an Origin.
        .route("/email/unsubscribe", post(one_click_unsubscribe))
        .layer(middleware::from_fn(guards::security_headers))
        // Outermost, so every other layer reads the answer before it is compressed.
        .layer(assets::compression())
        .with_state(state))
}

/// A campaign email's tracked link: counts the first click, then opens My learning.
async fn follow_campaign_link(
    State(state): State<ServerState>,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> axum::response::Response {
    match app::campaigns::ssr::click(&state.app.db, &token).await {
        Ok(_) => axum::response::Redirect::to("/learning").into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct UnsubscribeToken {
    token: String,
}

async fn one_click_unsubscribe(
    State(state): State<ServerState>,
    axum::extract::Query(query): axum::extract::Query<UnsubscribeToken>,
) -> StatusCode {
    match app::notify::mail::unsubscribe(&state.app.db, &query.token).await {
        Ok(_) => StatusCode::OK,
        Err(app::error::AppError::Validation(_)) => StatusCode::BAD_REQUEST,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The app's routes, listed once per process. Listing them runs the app with resource loading
/// suppressed for the whole process, so a page another app in the same process rendered meanwhile
/// (the tests start many) waited forever for its data.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// 200 while the database answers, 503 when it does not.
async fn healthz(State(state): State<ServerState>) -> impl IntoResponse {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// 200 while the process serves requests, without touching the database: for liveness probes, and
/// the baseline the load benchmark measures everything else against.
async fn livez() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}

/// Serves the router on a listener until the process is told to stop.
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}
