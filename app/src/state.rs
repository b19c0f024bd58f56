//! What every server function reaches through the leptos context on the server.

use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared server state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// Real time: changes ring it after commit; websockets subscribe to it.
    pub hub: crate::live::ssr::Hub,
    /// This instance's search index, kept in step with the database.
    pub search: crate::search::ssr::SearchIndex,
}

/// The parts of the configuration the app itself needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people use to reach Wellspring, such as `https://learn.example.com`; when unset,
    /// links are built from the request's own host.
    pub public_url: Option<String>,
    /// Whether a reverse proxy in front sets `X-Forwarded-For`, so the client's address is its last
    /// entry rather than the proxy's own address.
    pub trust_forwarded_for: bool,
    /// Whether an SMTP server is configured; without one, email waits in the outbox, where admins
    /// see it.
    pub sends_mail: bool,
    /// Where links in email lead: the public URL, else the address the server listens on. Never a
    /// request's own Host header, which whoever sends the request chooses.
    pub mail_base: String,
}

impl Settings {
    /// Session cookies carry `Secure` whenever Wellspring is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}
