//! Email through a real SMTP server (in-process, on a free port): invitations and notifications are
//! delivered once each even with two workers, refused mail is tried again later, one click
//! unsubscribes, and without SMTP the outbox waits where admins see it. On both databases.

use crate::{
    common::{Backend, TestApp, spawn_app, spawn_app_with},
    feed::post,
};
use app::{
    db::email_outbox,
    notify::types::{Cadence, EmailChoice, MailKind, MailStatus, NoticeKind, Outbox},
    people::types::{ImportReport, Role},
};
use mailin_embedded::{Handler, Response, Server, SslConfig, response};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

/// One message as the SMTP server received it.
#[derive(Debug, Clone)]
struct Received {
    to: Vec<String>,
    /// Headers unfolded, body as sent.
    data: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}: ");
        let headers = self.data.split("\r\n\r\n").next()?;
        headers
            .lines()
            .find(|line| line.starts_with(&prefix))
            .map(|line| line[prefix.len()..].trim().to_string())
    }

    /// The body with quoted-printable soft breaks and `=3D` undone, enough to read links.
    fn text(&self) -> String {
        self.data.replace("=\r\n", "").replace("=3D", "=")
    }
}

/// An SMTP server that keeps what it receives and refuses one address.
#[derive(Clone)]
struct Sink {
    received: Arc<Mutex<Vec<Received>>>,
    refuse: &'static str,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Sink {
    fn rcpt(&mut self, to: &str) -> Response {
        if to.contains(self.refuse) {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let data = String::from_utf8_lossy(&self.data)
            .replace("\r\n ", " ")
            .replace("\r\n\t", " ");
        self.received.lock().unwrap().push(Received {
            to: self.to.clone(),
            data,
        });
        response::OK
    }
}

struct Smtp {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Smtp {
    fn start() -> Smtp {
        Smtp::start_on(std::net::TcpListener::bind("127.0.0.1:0").unwrap())
    }

    fn start_on(listener: std::net::TcpListener) -> Smtp {
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let mut server = Server::new(Sink {
            received: received.clone(),
            refuse: "bounce@",
            to: Vec::new(),
            data: Vec::new(),
        });
        server
            .with_name("smtp.test")
            .with_ssl(SslConfig::None)
            .unwrap()
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            server.serve().expect("the test SMTP server runs");
        });
        Smtp { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits up to twenty seconds for `count` messages.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            if self.received().len() >= count {
                return self.received();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {count} emails, got {:?}", self.received());
    }
}

async fn app_sending_to(backend: Backend, smtp: &Smtp) -> TestApp {
    let url = smtp.url.clone();
    spawn_app_with(backend, move |config| {
        config.smtp_url = Some(url);
        config.mail_from = "Wellspring <learning@example.com>".into();
    })
    .await
}

async fn outbox_rows(app: &TestApp) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find().all(&app.db).await.unwrap()
}

async fn invitations_reach_each_invitee_once_even_with_two_workers(backend: Backend) {
    let smtp = Smtp::start();
    let app = app_sending_to(backend, &smtp).await;
    // A second worker on the same database, as a second server would run.
    server::mailer::Mailer::new(&smtp.url, "Wellspring <learning@example.com>")
        .unwrap()
        .start(app.db.clone());
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let mut csv = String::from("email,name\n");
    for n in 0..12 {
        csv.push_str(&format!("new{n}@example.com,New Person {n}\n"));
    }
    let report: ImportReport = app.json(&admin, "import_people", &[("csv", &csv)]).await;
    assert_eq!(report.invited.len(), 12);

    let received = smtp.wait_for(12).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received_later = smtp.received();
    assert_eq!(received_later.len(), 12, "each invitation is sent once");
    let mut recipients: Vec<String> = received.iter().flat_map(|mail| mail.to.clone()).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 12);

    let first = &report.invited[0];
    let mail = received
        .iter()
        .find(|mail| mail.to == [first.email.clone()])
        .expect("the first invitee's email");
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("admin invited you to Wellspring")
    );
    assert!(
        mail.header("From")
            .unwrap()
            .contains("learning@example.com")
    );
    assert!(
        mail.header("Message-ID")
            .unwrap()
            .starts_with("<invitation-")
    );
    assert!(
        mail.header("List-Unsubscribe").is_none(),
        "invitations are essential"
    );
    assert!(mail.text().contains(&first.link), "{}", mail.text());
    assert!(mail.data.contains("text/html"));

    let rows = outbox_rows(&app).await;
    assert!(
        rows.iter()
            .all(|row| row.status == MailStatus::Sent && row.sent_at.is_some())
    );
}

async fn notification_email_unsubscribes_in_one_click(backend: Backend) {
    let smtp = Smtp::start();
    let app = app_sending_to(backend, &smtp).await;
    let (author, _) = app.signed_in("author@example.com", Role::Member).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    let first = post(&app, &author, "", "How do I book a room?").await;
    app.json::<()>(
        &ana,
        "add_comment",
        &[("post", &first.id.to_string()), ("body", "Use the kiosk")],
    )
    .await;
    let received = smtp.wait_for(1).await;
    let mail = &received[0];
    assert_eq!(mail.to, ["author@example.com"]);
    assert!(
        mail.header("Message-ID")
            .unwrap()
            .starts_with("<notification-")
    );
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(
        mail.text()
            .contains(&format!("{}/posts/{}", app.base, first.id))
    );
    assert!(mail.text().contains("/settings/notifications"));
    let one_click = mail
        .header("List-Unsubscribe")
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    assert!(one_click.starts_with(&format!("{}/email/unsubscribe?token=", app.base)));

    // A mail client's one-click POST: no cookie, no Origin, only the signed token.
    let client = Client::new();
    let forged = client
        .post(one_click.replace("token=", "token=9"))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let answer = client
        .post(&one_click)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let choices: Vec<EmailChoice> = app.json(&author, "email_settings", &[]).await;
    let comments = choices
        .iter()
        .find(|c| c.kind == NoticeKind::Comment)
        .unwrap();
    assert_eq!(comments.cadence, Cadence::Never);
    let mentions = choices
        .iter()
        .find(|c| c.kind == NoticeKind::Mention)
        .unwrap();
    assert_eq!(mentions.cadence, Cadence::Instant);

    // Comments no longer email; a mention still does.
    let second = post(&app, &author, "", "Second question").await;
    app.json::<()>(
        &ana,
        "add_comment",
        &[("post", &second.id.to_string()), ("body", "Hmm")],
    )
    .await;
    post(&app, &ana, "", "Ask @author about rooms").await;
    let received = smtp.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.received().len(), 2, "{received:?}");
    assert!(
        received[1]
            .header("Subject")
            .unwrap()
            .starts_with("ana mentioned you")
    );
}

async fn refused_mail_is_tried_again_later_with_the_reason_kept(backend: Backend) {
    let smtp = Smtp::start();
    let app = app_sending_to(backend, &smtp).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let fields =
        crate::common::invite_form(&[("email", "bounce@example.com"), ("name", "Bo Unce")]);
    let invited = app.submit(&admin, "invite_person", &fields).await;
    assert_eq!(invited.status(), StatusCode::OK);
    let mut row = None;
    for _ in 0..100 {
        let rows = email_outbox::Entity::find()
            .filter(email_outbox::Column::ToAddress.eq("bounce@example.com"))
            .all(&app.db)
            .await
            .unwrap();
        if rows.first().is_some_and(|row| row.attempts > 0) {
            row = rows.into_iter().next();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let row = row.expect("the worker tried the refused message");
    assert_eq!(row.status, MailStatus::Queued);
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.unwrap().contains("550"));
    assert!(row.next_attempt_at > chrono::Utc::now() + chrono::Duration::seconds(30));
    assert!(row.lease_token.is_none());
    assert!(smtp.received().is_empty());
}

async fn mail_that_could_not_go_is_sent_once_when_smtp_is_back(backend: Backend) {
    // An address where no SMTP server listens yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(backend, move |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let fields =
        crate::common::invite_form(&[("email", "noor@example.com"), ("name", "Noor Haddad")]);
    assert_eq!(
        app.submit(&admin, "invite_person", &fields).await.status(),
        StatusCode::OK
    );
    let mut tried = false;
    for _ in 0..100 {
        if outbox_rows(&app).await[0].attempts == 1 {
            tried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(tried, "the worker tried while SMTP was down");

    // SMTP comes back, and the wait before the next try passes.
    let smtp = Smtp::start_on(std::net::TcpListener::bind(("127.0.0.1", port)).unwrap());
    email_outbox::Entity::update_many()
        .col_expr(
            email_outbox::Column::NextAttemptAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now()),
        )
        .exec(&app.db)
        .await
        .unwrap();
    smtp.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtp.received().len(), 1, "sent once after recovery");
    let row = &outbox_rows(&app).await[0];
    assert_eq!(row.status, MailStatus::Sent);
    assert_eq!(row.attempts, 1);
}

async fn someone_deactivated_before_their_email_went_gets_nothing(backend: Backend) {
    let smtp = Smtp::start();
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let fields =
        crate::common::invite_form(&[("email", "noor@example.com"), ("name", "Noor Haddad")]);
    let invited: serde_json::Value = app
        .submit(&admin, "invite_person", &fields)
        .await
        .json()
        .await
        .unwrap();
    let person = invited["person_id"].as_i64().unwrap().to_string();
    app.json::<()>(&admin, "deactivate_person", &[("id", &person)])
        .await;
    server::mailer::Mailer::new(&smtp.url, "Wellspring <learning@example.com>")
        .unwrap()
        .start(app.db.clone());
    let mut row = None;
    for _ in 0..100 {
        let rows = outbox_rows(&app).await;
        if rows[0].status != MailStatus::Queued {
            row = rows.into_iter().next();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let row = row.expect("the worker looked at it");
    assert_eq!(row.status, MailStatus::Failed);
    assert!(row.last_error.unwrap().contains("deactivated"));
    assert!(smtp.received().is_empty());
}

async fn without_smtp_mail_waits_in_the_outbox_where_admins_see_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (member, _) = app.signed_in("member@example.com", Role::Member).await;
    let fields =
        crate::common::invite_form(&[("email", "noor@example.com"), ("name", "Noor Haddad")]);
    let invitation: serde_json::Value = app
        .submit(&admin, "invite_person", &fields)
        .await
        .json()
        .await
        .unwrap();
    let link = invitation["link"].as_str().unwrap();

    let outbox: Outbox = app.json(&admin, "list_outbox", &[]).await;
    assert!(!outbox.sending);
    let mail = &outbox.mails[0];
    assert_eq!(mail.kind, MailKind::Invitation);
    assert_eq!(mail.to, "noor@example.com");
    assert_eq!(mail.status, MailStatus::Queued);
    assert!(mail.text.contains(link));
    let refused = app.call(&member, "list_outbox", &[]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // A new link replaces the old one, and the email carrying the old one is withdrawn.
    let person = invitation["person_id"].to_string();
    app.json::<serde_json::Value>(&admin, "renew_invite", &[("id", &person)])
        .await;
    let outbox: Outbox = app.json(&admin, "list_outbox", &[]).await;
    assert_eq!(outbox.mails.len(), 2);
    assert_eq!(outbox.mails[0].status, MailStatus::Queued);
    assert_eq!(outbox.mails[1].status, MailStatus::Failed);
    assert_eq!(
        outbox.mails[1].last_error.as_deref(),
        Some("A newer invitation replaced it.")
    );

    // The page itself answers admins, and tells members no.
    assert_eq!(
        app.page(&admin, "/admin/outbox").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.page(&member, "/admin/outbox").await.status(),
        StatusCode::FORBIDDEN
    );
}

async fn email_choices_are_checked_and_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = app.signed_in("member@example.com", Role::Member).await;
    let bad = app
        .call(
            &member,
            "set_email_choice",
            &[("kind", "gossip"), ("cadence", "never")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app
        .call(
            &member,
            "set_email_choice",
            &[("kind", "mention"), ("cadence", "hourly")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.json::<()>(
        &member,
        "set_email_choice",
        &[("kind", "mention"), ("cadence", "never")],
    )
    .await;
    app.json::<()>(
        &member,
        "set_email_choice",
        &[("kind", "mention"), ("cadence", "never")],
    )
    .await;
    let choices: Vec<EmailChoice> = app.json(&member, "email_settings", &[]).await;
    assert_eq!(choices.len(), NoticeKind::ALL.len());
    assert!(
        choices.iter().all(
            |choice| (choice.cadence == Cadence::Never) == (choice.kind == NoticeKind::Mention)
        )
    );
    let refused = app
        .call(
            &Client::new(),
            "unsubscribe_email",
            &[("token", "1.mention.AAAA")],
        )
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "a request from no page has no Origin"
    );
    let refused = app
        .call(&member, "unsubscribe_email", &[("token", "1.mention.AAAA")])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn mail_taken_by_a_worker_that_died_is_sent_once_its_lease_runs_out(backend: Backend) {
    // Without SMTP nothing sends, so the message waits for the worker that takes it.
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let fields =
        crate::common::invite_form(&[("email", "noor@example.com"), ("name", "Noor Haddad")]);
    assert_eq!(
        app.submit(&admin, "invite_person", &fields).await.status(),
        StatusCode::OK
    );
    // A worker took it for three seconds, then died before sending.
    email_outbox::Entity::update_many()
        .col_expr(
            email_outbox::Column::LeaseToken,
            sea_orm::sea_query::Expr::value("a-worker-that-died"),
        )
        .col_expr(
            email_outbox::Column::LeaseUntil,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() + chrono::Duration::seconds(3)),
        )
        .exec(&app.db)
        .await
        .unwrap();

    // Another worker leaves it alone while the lease holds, then sends it, once.
    let smtp = Smtp::start();
    server::mailer::Mailer::new(&smtp.url, "Wellspring <learning@example.com>")
        .unwrap()
        .start(app.db.clone());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(smtp.received().is_empty(), "sent while another held it");
    smtp.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtp.received().len(), 1, "sent once");
    let row = &outbox_rows(&app).await[0];
    assert_eq!(row.status, MailStatus::Sent);
    assert_eq!(row.attempts, 0);
    assert_eq!(row.lease_token, None);
}

crate::on_both_databases!(
    invitations_reach_each_invitee_once_even_with_two_workers,
    notification_email_unsubscribes_in_one_click,
    refused_mail_is_tried_again_later_with_the_reason_kept,
    without_smtp_mail_waits_in_the_outbox_where_admins_see_it,
    email_choices_are_checked_and_kept,
    mail_that_could_not_go_is_sent_once_when_smtp_is_back,
    mail_taken_by_a_worker_that_died_is_sent_once_its_lease_runs_out,
    someone_deactivated_before_their_email_went_gets_nothing,
);
