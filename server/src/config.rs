//! Configuration: command-line flags, each with the environment variable people already know.

use clap::{Args, Parser, Subcommand, builder::BoolishValueParser};
use leptos::config::{Env, LeptosOptions};
use std::{net::SocketAddr, path::PathBuf};

/// Wellspring: the social learning network for companies.
#[derive(Debug, Parser)]
#[command(name = "server", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve Wellspring (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Create an admin account. The password is read from standard input (one line).
    CreateAdmin {
        /// The admin's sign-in email.
        #[arg(long)]
        email: String,
        /// The admin's name, as colleagues will see it.
        #[arg(long)]
        name: String,
    },
}

/// Everything Wellspring needs to start. Each value is named after its environment variable, so an
/// error about a bad value names the variable to fix.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Folder for the SQLite database and uploaded files. Created if missing.
    #[arg(
        long,
        env = "WELLSPRING_DATA_DIR",
        value_name = "WELLSPRING_DATA_DIR",
        default_value = "data"
    )]
    pub data_dir: PathBuf,

    /// Database: `sqlite://FILE` or `postgres://USER@HOST/NAME`. Defaults to SQLite at
    /// DATA_DIR/wellspring.db.
    #[arg(
        long,
        env = "DATABASE_URL",
        value_name = "DATABASE_URL",
        value_parser = parse_database_url,
    )]
    pub database_url: Option<String>,

    /// Where uploaded files (photos, group covers, library videos and documents) are kept:
    /// `s3://BUCKET/PREFIX` for S3-compatible storage, configured by the usual AWS_* variables
    /// (AWS_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ALLOW_HTTP).
    /// Defaults to DATA_DIR/media.
    #[arg(
        long,
        env = "WELLSPRING_MEDIA_URL",
        value_name = "WELLSPRING_MEDIA_URL",
        value_parser = parse_media_url,
    )]
    pub media_url: Option<url::Url>,

    /// The address people use to reach Wellspring, such as https://learn.example.com. Used for
    /// invitation links, for the Origin check and to mark cookies Secure under https. When unset,
    /// the request's own host is used.
    #[arg(
        long,
        env = "WELLSPRING_PUBLIC_URL",
        value_name = "WELLSPRING_PUBLIC_URL",
        value_parser = parse_public_url,
    )]
    pub public_url: Option<String>,

    /// The SMTP server email goes through: `smtp://HOST:PORT` (STARTTLS when offered; add
    /// `?tls=required` to insist), `smtps://USER:PASSWORD@HOST` for TLS from the start. When unset,
    /// email waits in the outbox, where admins see it.
    #[arg(
        long,
        env = "WELLSPRING_SMTP_URL",
        value_name = "WELLSPRING_SMTP_URL",
        value_parser = parse_smtp_url,
    )]
    pub smtp_url: Option<String>,

    /// Who email comes from, such as `Wellspring <learning@example.com>`.
    #[arg(
        long,
        env = "WELLSPRING_MAIL_FROM",
        value_name = "WELLSPRING_MAIL_FROM",
        default_value = "Wellspring <wellspring@localhost>",
        value_parser = parse_mailbox,
    )]
    pub mail_from: String,

    /// How often, in seconds, each server looks for onboarding emails and digests that have fallen
    /// due; 0 turns the looking off (for tests that drive it themselves).
    #[arg(
        long,
        env = "WELLSPRING_SCHEDULE_SECONDS",
        value_name = "WELLSPRING_SCHEDULE_SECONDS",
        default_value_t = 10
    )]
    pub schedule_seconds: u64,

    /// How often, in seconds, each server looks for learning paths falling due (their reminders
    /// go by the day, so there is no hurry).
    #[arg(
        long,
        env = "WELLSPRING_REMIND_SECONDS",
        value_name = "WELLSPRING_REMIND_SECONDS",
        default_value_t = 900
    )]
    pub remind_seconds: u64,

    /// Set when Wellspring runs behind a reverse proxy that appends the client's address to
    /// X-Forwarded-For; sign-in limits then count per client instead of per proxy.
    #[arg(
        long,
        env = "WELLSPRING_TRUST_FORWARDED_FOR",
        value_name = "WELLSPRING_TRUST_FORWARDED_FOR",
        value_parser = BoolishValueParser::new(),
        num_args = 0..=1,
        default_value = "false",
        default_missing_value = "true"
    )]
    pub trust_forwarded_for: bool,

    /// Server-function calls and uploads one session (or signed-out client) may make per second,
    /// after a burst of a minute's worth; 0 turns the limit off (for benchmarks).
    #[arg(
        long,
        env = "WELLSPRING_CALLS_PER_SECOND",
        value_name = "WELLSPRING_CALLS_PER_SECOND",
        default_value_t = 5.0
    )]
    pub calls_per_second: f64,

    /// Seed a demo workspace (an admin and a few colleagues) when the database has nobody in it.
    #[arg(
        long,
        env = "WELLSPRING_DEMO",
        value_name = "WELLSPRING_DEMO",
        value_parser = BoolishValueParser::new(),
        num_args = 0..=1,
        default_value = "false",
        default_missing_value = "true"
    )]
    pub demo: bool,

    /// Address and port to listen on.
    #[arg(
        long,
        env = "LEPTOS_SITE_ADDR",
        value_name = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    pub site_addr: SocketAddr,

    /// Folder of the built site: scripts, styles and static files.
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        value_name = "LEPTOS_SITE_ROOT",
        default_value = "target/site"
    )]
    pub site_root: String,

    /// Sub-folder of the site root that holds the wasm, JS and CSS bundle.
    #[arg(
        long,
        env = "LEPTOS_SITE_PKG_DIR",
        value_name = "LEPTOS_SITE_PKG_DIR",
        default_value = "pkg"
    )]
    pub site_pkg_dir: String,

    /// Name of the wasm, JS and CSS files in the bundle.
    #[arg(
        long,
        env = "LEPTOS_OUTPUT_NAME",
        value_name = "LEPTOS_OUTPUT_NAME",
        default_value = "wellspring"
    )]
    pub output_name: String,

    /// DEV or PROD.
    #[arg(
        long,
        env = "LEPTOS_ENV",
        value_name = "LEPTOS_ENV",
        default_value = "DEV",
        value_parser = ["DEV", "PROD"],
    )]
    pub leptos_env: String,

    /// Port of the live-reload socket used by `cargo leptos watch`.
    #[arg(
        long,
        env = "LEPTOS_RELOAD_PORT",
        value_name = "LEPTOS_RELOAD_PORT",
        default_value_t = 3001
    )]
    pub reload_port: u32,
}

impl Config {
    /// A configuration for tests and tools: defaults, with the given data folder and database.
    pub fn for_data_dir(data_dir: PathBuf, database_url: Option<String>) -> Self {
        let mut config = Cli::parse_from(["server"]).config;
        config.data_dir = data_dir;
        config.database_url = database_url;
        config
    }

    /// Where links in email lead when no request names the host: the public URL, else the
    /// address the server listens on.
    pub fn link_base(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.site_addr))
    }

    /// The database to open.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("wellspring.db").display()
            )
        })
    }

    /// Where the media store's local folder is, when no `media_url` is set.
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }

    /// The bundle's folder under the site root: the newest build's own folder, named by its content
    /// (`pkg/<hash>`, as the site builder writes it into `pkg/current`), or `pkg` itself for a
    /// bundle built another way (such as `cargo leptos watch`).
    pub fn bundle_dir(&self) -> String {
        let current = std::path::Path::new(&self.site_root)
            .join(&self.site_pkg_dir)
            .join("current");
        match std::fs::read_to_string(current) {
            Ok(build) if !build.trim().is_empty() => {
                format!("{}/{}", self.site_pkg_dir, build.trim())
            }
            _ => self.site_pkg_dir.clone(),
        }
    }

    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name(self.output_name.as_str())
            .site_root(self.site_root.as_str())
            .site_pkg_dir(self.bundle_dir())
            .site_addr(self.site_addr)
            .reload_port(self.reload_port)
            .env(if self.leptos_env == "PROD" {
                Env::PROD
            } else {
                Env::DEV
            })
            .build()
    }
}

fn parse_smtp_url(raw: &str) -> Result<String, String> {
    let url = raw.trim();
    if url.starts_with("smtp://") || url.starts_with("smtps://") {
        Ok(url.to_string())
    } else {
        Err("use smtp://HOST:PORT or smtps://USER:PASSWORD@HOST".into())
    }
}

fn parse_mailbox(raw: &str) -> Result<String, String> {
    raw.trim()
        .parse::<lettre::message::Mailbox>()
        .map(|mailbox| mailbox.to_string())
        .map_err(|_| "use an address such as `Wellspring <learning@example.com>`".into())
}

fn parse_database_url(raw: &str) -> Result<String, String> {
    let url = raw.trim();
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|scheme| url.starts_with(scheme)) {
        Ok(url.to_string())
    } else {
        Err("use sqlite://FILE or postgres://USER@HOST/NAME".into())
    }
}

/// An origin as browsers write it in `Origin`: lower case, without a default port or a slash.
fn parse_media_url(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw.trim()).map_err(|error| error.to_string())?;
    if url.scheme() != "s3" || url.host_str().is_none_or(str::is_empty) {
        return Err("give an S3 bucket as s3://BUCKET or s3://BUCKET/PREFIX".into());
    }
    Ok(url)
}

fn parse_public_url(raw: &str) -> Result<String, String> {
    let url = raw.trim().trim_end_matches('/').to_lowercase();
    let (scheme, default_port) = if url.starts_with("https://") {
        ("https://", ":443")
    } else if url.starts_with("http://") {
        ("http://", ":80")
    } else {
        return Err("it must start with https:// or http://".into());
    };
    let host = &url[scheme.len()..];
    if host.is_empty() || host.contains(['/', '?', '#', ' ', '@']) {
        return Err(
            "give only the scheme, host and port, such as https://learn.example.com".into(),
        );
    }
    Ok(format!(
        "{scheme}{}",
        host.strip_suffix(default_port).unwrap_or(host)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_must_name_a_supported_database() {
        assert!(parse_database_url("sqlite://data/x.db").is_ok());
        assert!(parse_database_url("postgres://postgres@127.0.0.1/ws").is_ok());
        assert!(parse_database_url("mysql://root@localhost/ws").is_err());
    }

    #[test]
    fn public_urls_are_an_origin_without_a_path() {
        assert_eq!(
            parse_public_url("https://learn.example.com/").unwrap(),
            "https://learn.example.com"
        );
        assert_eq!(
            parse_public_url("HTTPS://Learn.Example.com:443").unwrap(),
            "https://learn.example.com"
        );
        assert_eq!(
            parse_public_url("http://localhost:8080").unwrap(),
            "http://localhost:8080"
        );
        assert!(parse_public_url("learn.example.com").is_err());
        assert!(parse_public_url("https://learn.example.com/app").is_err());
    }

    #[test]
    fn a_bad_setting_names_itself_in_one_line() {
        let error = Cli::try_parse_from(["server", "--site-addr", "nowhere"]).unwrap_err();
        let message = error.to_string();
        assert!(
            message.lines().next().unwrap().contains("--site-addr"),
            "{message}"
        );
    }

    #[test]
    fn the_demo_switch_reads_the_usual_spellings_of_yes_and_no() {
        for (value, expected) in [
            ("1", true),
            ("true", true),
            ("yes", true),
            ("0", false),
            ("off", false),
        ] {
            let cli = Cli::try_parse_from(["server", &format!("--demo={value}")]).unwrap();
            assert_eq!(cli.config.demo, expected, "{value}");
        }
        assert!(
            Cli::try_parse_from(["server", "--demo"])
                .unwrap()
                .config
                .demo
        );
    }

    #[test]
    fn the_default_database_is_sqlite_in_the_data_folder() {
        let config = Config::for_data_dir("/srv/wellspring".into(), None);
        assert_eq!(
            config.database_url(),
            "sqlite:///srv/wellspring/wellspring.db?mode=rwc"
        );
    }
}
