//! Starting the app for a test, and talking to it as a browser would.

use app::{
    auth::ssr::hash_password,
    db::user,
    people::{
        ssr::new_account,
        types::{AccountStatus, Role},
    },
};
use reqwest::{Client, Response, StatusCode, header};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection};
use server::{build_app, config::Config, open_database};
use std::sync::atomic::{AtomicU32, Ordering};

pub const PASSWORD: &str = "a long enough password";

/// Runs each named test once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::common::Backend::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::common::Backend::Postgres).await
            })*
        }
    };
}

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server every PostgreSQL test creates its own database on.
fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

fn with_database(url: &str, name: &str) -> String {
    let (server, _) = url.rsplit_once('/').expect("a database URL has a path");
    format!("{server}/{name}")
}

pub struct TestApp {
    pub base: String,
    pub db: DatabaseConnection,
    database_url: Option<String>,
    _data_dir: tempfile::TempDir,
    postgres_database: Option<String>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(name) = self.postgres_database.take() {
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for clean-up");
                runtime.block_on(async {
                    if let Ok(admin) = Database::connect(postgres_admin_url()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join()
            .ok();
        }
    }
}

/// Starts the whole app on a free port with an empty database of its own.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Like `spawn_app`, changing the configuration first.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let data_dir = tempfile::tempdir().expect("a temporary data folder");
    let postgres_database = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => {
            let name = format!(
                "wellspring_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                chrono::Utc::now().timestamp_micros()
            );
            let admin = Database::connect(postgres_admin_url())
                .await
                .expect("PostgreSQL must be running for the tests (set TEST_DATABASE_URL)");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create a test database");
            Some(name)
        }
    };
    let url = postgres_database
        .as_ref()
        .map(|name| with_database(&postgres_admin_url(), name));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let mut config = Config::for_data_dir(data_dir.path().to_path_buf(), url.clone());
    // Links in email lead where the app listens, as they do for a server without a public URL.
    config.site_addr = listener.local_addr().unwrap();
    adjust(&mut config);
    let db = open_database(&config)
        .await
        .expect("open the test database");
    let router = build_app(&config, db.clone()).await.expect("build the app");
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(listener, router));
    TestApp {
        base,
        db,
        database_url: url,
        _data_dir: data_dir,
        postgres_database,
    }
}

impl TestApp {
    /// A browser of its own: keeps cookies, sends this site's Origin, does not follow redirects, and
    /// gives up on an answer after a minute, so a request that never ends fails its test.
    pub fn browser(&self) -> Client {
        let mut headers = header::HeaderMap::new();
        headers.insert(header::ORIGIN, self.base.parse().unwrap());
        headers.insert(header::ACCEPT, "application/json".parse().unwrap());
        Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap()
    }

    /// Calls a server function with form fields, as the app's own client does.
    pub async fn call(
        &self,
        browser: &Client,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        self.submit(browser, endpoint, &pairs(fields)).await
    }

    /// Calls a server function with owned form fields, such as a whole form from `invite_form`.
    pub async fn submit(
        &self,
        browser: &Client,
        endpoint: &str,
        fields: &[(String, String)],
    ) -> Response {
        browser
            .post(format!("{}/api/{endpoint}", self.base))
            .form(fields)
            .send()
            .await
            .expect("the server answers")
    }

    /// Loads a page as a browser would.
    pub async fn page(&self, browser: &Client, path: &str) -> Response {
        browser
            .get(format!("{}{path}", self.base))
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("the server answers")
    }

    /// Puts an account straight into the database.
    pub async fn person(&self, email: &str, role: Role, status: AccountStatus) -> user::Model {
        let password = match status {
            AccountStatus::Invited => None,
            _ => Some(hash_password(PASSWORD.into()).await.unwrap()),
        };
        let name = email.split('@').next().unwrap().to_string();
        new_account(email.to_string(), name, role, status, password)
            .insert(&self.db)
            .await
            .expect("insert a person")
    }

    /// A browser signed in as a new active account with the given role.
    pub async fn signed_in(&self, email: &str, role: Role) -> (Client, user::Model) {
        let person = self.person(email, role, AccountStatus::Active).await;
        let browser = self.browser();
        let response = self.sign_in(&browser, email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "sign in as {email}");
        (browser, person)
    }

    pub async fn sign_in(&self, browser: &Client, email: &str, password: &str) -> Response {
        self.call(
            browser,
            "sign_in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Who the browser is signed in as, if anyone.
    pub async fn whoami(&self, browser: &Client) -> Option<String> {
        let response = self.call(browser, "current_user", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        let me: Option<serde_json::Value> = response.json().await.unwrap();
        me.map(|me| me["email"].as_str().unwrap().to_string())
    }
}

/// The `kind` of an error answer.
pub async fn error_kind(response: Response) -> String {
    let body: serde_json::Value = response.json().await.expect("an error body");
    body["kind"].as_str().unwrap_or_default().to_string()
}

/// A call's status, and its error's kind when it is refused.
pub async fn status(
    app: &TestApp,
    who: &Client,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = app.call(who, endpoint, fields).await;
    let status = response.status();
    if status == StatusCode::OK {
        (status, String::new())
    } else {
        (status, error_kind(response).await)
    }
}

/// Form fields as owned pairs.
pub fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// The fields of a form whose inputs are named `group[field]`: every field empty but those given.
fn nested_form(group: &str, fields: &[&str], given: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|field| {
            let value = given
                .iter()
                .find(|(name, _)| name == field)
                .map_or("", |(_, value)| value);
            (format!("{group}[{field}]"), value.to_string())
        })
        .collect()
}

/// The composer's form: a post in `group` (empty: the company feed).
pub fn post_form<'a>(
    group: &'a str,
    kind: &'a str,
    body: &'a str,
    pin_days: &'a str,
) -> [(&'a str, &'a str); 4] {
    [
        ("post[group]", group),
        ("post[kind]", kind),
        ("post[body]", body),
        ("post[pin_days]", pin_days),
    ]
}

/// The invitation form, as the browser posts it.
pub fn invite_form(given: &[(&str, &str)]) -> Vec<(String, String)> {
    let fields = [
        "email",
        "name",
        "title",
        "department",
        "location",
        "start_date",
        "manager_email",
    ];
    nested_form("person", &fields, given)
}

/// The profile form of the person `id`, as the browser posts it.
pub fn profile_form(id: &str, given: &[(&str, &str)]) -> Vec<(String, String)> {
    let fields = [
        "name",
        "title",
        "department",
        "location",
        "start_date",
        "manager_email",
        "bio",
        "skills",
        "interests",
    ];
    let mut form = pairs(&[("id", id)]);
    form.extend(nested_form("profile", &fields, given));
    form
}

impl TestApp {
    /// Signs in as a new active account and returns its session cookie, as a websocket sends it.
    pub async fn session_cookie(&self, email: &str, role: Role) -> (Client, user::Model, String) {
        let person = self.person(email, role, AccountStatus::Active).await;
        let browser = self.browser();
        let response = self.sign_in(&browser, email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "sign in as {email}");
        let cookie = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with("wellspring_session="))
            .and_then(|value| value.split(';').next())
            .expect("a session cookie")
            .to_string();
        (browser, person, cookie)
    }

    /// Starts a second server on the same PostgreSQL database, as a second instance behind a load
    /// balancer would be; returns its address.
    pub async fn second_instance(&self) -> String {
        self.second_instance_with(|_| {}).await
    }

    /// Like `second_instance`, changing its configuration first.
    pub async fn second_instance_with(&self, adjust: impl FnOnce(&mut Config)) -> String {
        let url = self
            .database_url
            .clone()
            .expect("a second instance needs PostgreSQL");
        let data_dir = tempfile::tempdir().expect("a temporary data folder").keep();
        let mut config = Config::for_data_dir(data_dir, Some(url));
        adjust(&mut config);
        let db = open_database(&config)
            .await
            .expect("open the database again");
        let router = build_app(&config, db).await.expect("build the app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(server::serve(listener, router));
        base
    }

    /// For `second_instance_with`: points the other instance's media folder at this one's, as
    /// servers that mount one shared folder (or name one bucket) see a single store.
    pub fn sharing_media(&self) -> impl FnOnce(&mut Config) + use<> {
        let ours = self._data_dir.path().join("media");
        move |config| {
            std::os::unix::fs::symlink(ours, config.media_dir()).expect("link the media folder")
        }
    }

    /// How many files lie under `folder` of the data folder, at any depth.
    pub fn files_in(&self, folder: &str) -> usize {
        fn count(path: &std::path::Path) -> usize {
            std::fs::read_dir(path).map_or(0, |entries| {
                entries
                    .flatten()
                    .map(|entry| {
                        let path = entry.path();
                        if path.is_dir() { count(&path) } else { 1 }
                    })
                    .sum()
            })
        }
        count(&self._data_dir.path().join(folder))
    }

    /// The same database, reached through another instance at `base` (from `second_instance`).
    pub fn alias(&self, base: &str) -> TestApp {
        TestApp {
            base: base.to_string(),
            db: self.db.clone(),
            database_url: self.database_url.clone(),
            _data_dir: tempfile::tempdir().expect("a temporary data folder"),
            postgres_database: None,
        }
    }

    /// Calls a server function and decodes its JSON answer, which must be a success.
    pub async fn json<T: serde::de::DeserializeOwned>(
        &self,
        browser: &Client,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> T {
        let response = self.call(browser, endpoint, fields).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{endpoint}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{endpoint}: {error}: {text}"))
    }
}

/// A page's websocket, as a test reads it.
pub struct Live {
    stream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

/// Opens the live websocket of `base` with a session cookie, resuming after an event id.
pub async fn live(base: &str, cookie: &str, after: Option<i64>) -> Live {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!(
        "{}/live{}",
        base.replacen("http", "ws", 1),
        after.map(|id| format!("?after={id}")).unwrap_or_default()
    );
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    request
        .headers_mut()
        .insert("origin", base.parse().unwrap());
    let (stream, _) = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tokio_tungstenite::connect_async(request),
    )
    .await
    .expect("the websocket opens within ten seconds")
    .expect("the websocket opens");
    Live { stream }
}

impl Live {
    /// Opens a live session's room as its page does, and waits for the server to let it in.
    pub async fn enter(&mut self, room: &str) {
        use futures_util::SinkExt;
        let room: i64 = room.parse().unwrap();
        let watch = serde_json::to_string(&app::live::types::Watch { room: Some(room) }).unwrap();
        self.stream
            .send(tokio_tungstenite::tungstenite::Message::Text(watch.into()))
            .await
            .unwrap();
        self.wait_for(|event| event.id == 0 && event.session == Some(room))
            .await;
    }

    /// The events received within `wait`.
    pub async fn events_within(
        &mut self,
        wait: std::time::Duration,
    ) -> Vec<app::live::types::LiveEvent> {
        use futures_util::StreamExt;
        let mut events = Vec::new();
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Some(Ok(message))) =
            tokio::time::timeout_at(deadline, self.stream.next()).await
        {
            if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
                events.push(serde_json::from_str(&text).expect("a live event"));
            }
        }
        events
    }

    /// Waits up to ten seconds (the machine may be busy with other tests) for an event that matches.
    pub async fn wait_for(
        &mut self,
        matches: impl Fn(&app::live::types::LiveEvent) -> bool,
    ) -> app::live::types::LiveEvent {
        use futures_util::StreamExt;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match tokio::time::timeout_at(deadline, self.stream.next()).await {
                Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text)))) => {
                    let event = serde_json::from_str(&text).expect("a live event");
                    if matches(&event) {
                        return event;
                    }
                }
                Ok(Some(Ok(_))) => {}
                other => panic!("no matching event arrived: {other:?}"),
            }
        }
    }
}
