//! Daily and weekly digests through the scheduler's own entry point, on both databases: what goes
//! in (most engaged first, nothing seen, written or unreadable), once per period, never empty, and
//! stopped by the one-click unsubscribe.

use crate::{
    common::{Backend, TestApp, spawn_app_with},
    feed::{new_group, post},
};
use app::{
    db::{digest_run, email_outbox},
    notify::types::MailKind,
    people::types::Role,
};
use chrono::{Duration, Utc};
use reqwest::Client;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

async fn send_due(app: &TestApp) -> usize {
    app::notify::digest::send_due(&app.db, &app.base)
        .await
        .unwrap()
}

/// Moves everyone's last digest two days back, as if the days had passed.
async fn days_pass(app: &TestApp) {
    digest_run::Entity::update_many()
        .col_expr(
            digest_run::Column::LastAt,
            Expr::value(Utc::now() - Duration::days(2)),
        )
        .exec(&app.db)
        .await
        .unwrap();
}

async fn mails(app: &TestApp, kind: MailKind, to: &str) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq(kind))
        .filter(email_outbox::Column::ToAddress.eq(to))
        .all(&app.db)
        .await
        .unwrap()
}

async fn a_digest_gathers_what_was_missed_most_engaged_first_once_and_stops_in_one_click(
    backend: Backend,
) {
    let app = spawn_app_with(backend, |config| config.schedule_seconds = 0).await;
    let (reader, _) = app.signed_in("reader@example.com", Role::Member).await;
    let (ana, _) = app.signed_in("ana@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    for (kind, cadence) in [("missed", "daily"), ("comment", "daily")] {
        app.json::<()>(
            &reader,
            "set_email_choice",
            &[("kind", kind), ("cadence", cadence)],
        )
        .await;
    }
    let refused = app
        .call(
            &reader,
            "set_email_choice",
            &[("kind", "missed"), ("cadence", "instant")],
        )
        .await;
    assert_eq!(refused.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    // The first pass starts everyone's clock: nothing before it is gathered.
    assert_eq!(send_due(&app).await, 0);
    days_pass(&app).await;

    post(&app, &ana, "", "A quiet note").await;
    let busy = post(&app, &ben, "", "Who is up for the **hackathon**?").await;
    for (who, body) in [(&ana, "Me!"), (&ben, "Count me in")] {
        app.json::<()>(
            who,
            "add_comment",
            &[("post", &busy.id.to_string()), ("body", body)],
        )
        .await;
    }
    let seen = post(&app, &ana, "", "Already discussed").await;
    app.json::<()>(
        &reader,
        "add_comment",
        &[("post", &seen.id.to_string()), ("body", "Yes")],
    )
    .await;
    let mine = post(&app, &reader, "", "My own update").await;
    app.json::<()>(
        &ana,
        "add_comment",
        &[("post", &mine.id.to_string()), ("body", "Nice update")],
    )
    .await;
    let secret = new_group(&app, &ben, "Board", "secret").await;
    post(&app, &ben, &secret, "Board only").await;
    let muted = new_group(&app, &ben, "Chatter", "open").await;
    app.json::<serde_json::Value>(&reader, "join_group", &[("id", &muted)])
        .await;
    app.json::<()>(
        &reader,
        "set_group_level",
        &[("group", &muted), ("level", "off")],
    )
    .await;
    post(&app, &ben, &muted, "Lunch plans").await;

    // The comment on the reader's post waits for the digest instead of an email of its own.
    assert!(
        mails(&app, MailKind::Notification, "reader@example.com")
            .await
            .is_empty()
    );
    assert_eq!(
        send_due(&app).await,
        1,
        "only the reader's daily digest is due"
    );
    assert_eq!(send_due(&app).await, 0, "one digest per period");
    let digests = mails(&app, MailKind::Digest, "reader@example.com").await;
    assert_eq!(digests.len(), 1);
    let digest = &digests[0];
    assert_eq!(digest.subject, "Your daily Wellspring digest: 3 things");
    let text = &digest.text_body;
    assert!(
        text.contains("ana commented on your post “My own update”"),
        "{text}"
    );
    let busy_at = text
        .find("ben in the company feed: “Who is up for the hackathon?”")
        .unwrap();
    let quiet_at = text
        .find("ana in the company feed: “A quiet note”")
        .unwrap();
    assert!(busy_at < quiet_at, "most engaged first: {text}");
    for absent in [
        "Already discussed",
        "Board only",
        "Lunch plans",
        "reader in the company feed",
    ] {
        assert!(!text.contains(absent), "{absent}: {text}");
    }

    // One click stops the digest, and the days that pass bring none.
    let one_click = digest.unsubscribe_url.clone().unwrap();
    let answer = Client::new()
        .post(&one_click)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    days_pass(&app).await;
    post(&app, &ana, "", "Another note").await;
    assert_eq!(send_due(&app).await, 0);
    assert_eq!(
        mails(&app, MailKind::Digest, "reader@example.com")
            .await
            .len(),
        1
    );
}

crate::on_both_databases!(
    a_digest_gathers_what_was_missed_most_engaged_first_once_and_stops_in_one_click,
);
