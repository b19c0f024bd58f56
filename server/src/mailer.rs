//! The mail worker: takes waiting messages from the outbox a few at a time under a lease, sends them
//! through SMTP, and marks each sent, or tries it again later (after 1, 2, 4… minutes, at most six
//! hours apart) until it gives up after `MAX_ATTEMPTS`. A lease keeps several servers from sending
//! one message at once; each message's idempotency key is its Message-ID, so the rare message sent
//! again after a crash between sending and marking is recognised by mail clients as the same one.

use app::{
    db::{email_outbox, user},
    notify::types::MailStatus,
    people::types::AccountStatus,
};
use chrono::{Duration, Utc};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{
        Mailbox, MultiPart,
        header::{Header, HeaderName, HeaderValue},
    },
};
use sea_orm::{
    ColumnTrait, Condition, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, LockBehavior, LockType, Query},
};
use std::{
    collections::HashSet,
    time::{Duration as StdDuration, Instant},
};

/// Messages taken at a time.
const BATCH: u64 = 20;
/// How long a worker holds the messages it took.
const LEASE_SECONDS: i64 = 300;
/// Attempts before a message is given up on.
pub const MAX_ATTEMPTS: i32 = 8;
/// How often the outbox is looked at when it was empty.
const IDLE: StdDuration = StdDuration::from_secs(1);

/// Where mail goes and whom it comes from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("WELLSPRING_SMTP_URL: {0}")]
    Url(lettre::transport::smtp::Error),
    #[error("WELLSPRING_MAIL_FROM: {0}")]
    From(lettre::address::AddressError),
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, MailerError> {
        Ok(Mailer {
            transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
                .map_err(MailerError::Url)?
                .build(),
            from: from.parse().map_err(MailerError::From)?,
        })
    }

    /// Sends what waits in the outbox, for as long as the server runs.
    pub fn start(self, db: DatabaseConnection) {
        tokio::spawn(async move {
            loop {
                match self.send_batch(&db).await {
                    Ok(0) => tokio::time::sleep(IDLE).await,
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "the mail worker could not read the outbox");
                        tokio::time::sleep(IDLE * 5).await;
                    }
                }
            }
        });
    }

    /// Takes a batch under a fresh lease and sends it; answers how many it took.
    async fn send_batch(&self, db: &DatabaseConnection) -> Result<usize, sea_orm::DbErr> {
        let lease = app::auth::ssr::random_hex(16);
        let now = Utc::now();
        let free = Condition::all()
            .add(email_outbox::Column::Status.eq(MailStatus::Queued))
            .add(email_outbox::Column::NextAttemptAt.lte(now))
            .add(
                Condition::any()
                    .add(email_outbox::Column::LeaseUntil.is_null())
                    .add(email_outbox::Column::LeaseUntil.lt(now)),
            );
        let mut pick = Query::select();
        pick.column(email_outbox::Column::Id)
            .from(email_outbox::Entity)
            .cond_where(free.clone())
            .order_by(email_outbox::Column::Id, sea_orm::Order::Asc)
            .limit(BATCH);
        // Servers taking messages at the same moment skip each other's instead of waiting.
        if db.get_database_backend() == DatabaseBackend::Postgres {
            pick.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::LeaseToken, Expr::value(&lease))
            .col_expr(
                email_outbox::Column::LeaseUntil,
                Expr::value(now + Duration::seconds(LEASE_SECONDS)),
            )
            .filter(email_outbox::Column::Id.in_subquery(pick))
            .filter(free)
            .exec(db)
            .await?;
        let taken = email_outbox::Entity::find()
            .filter(email_outbox::Column::LeaseToken.eq(&lease))
            .filter(email_outbox::Column::Status.eq(MailStatus::Queued))
            .order_by_asc(email_outbox::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        // Someone deactivated since their email was queued gets nothing more.
        let gone: HashSet<i64> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::Id.is_in(taken.iter().filter_map(|mail| mail.recipient_id)))
            .filter(user::Column::Status.eq(AccountStatus::Deactivated))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        for mail in &taken {
            // A slow server may outlive its lease: it sends only what it still holds, for longer.
            if !renew(db, mail, &lease).await? {
                continue;
            }
            if mail
                .recipient_id
                .is_some_and(|person| gone.contains(&person))
            {
                give_up(
                    db,
                    mail,
                    &lease,
                    "The person was deactivated before it was sent.",
                )
                .await?;
                continue;
            }
            let outcome = self.send(mail).await;
            settle(db, mail, &lease, outcome).await?;
        }
        Ok(taken.len())
    }

    async fn send(&self, mail: &email_outbox::Model) -> Result<(), String> {
        let to: Mailbox = mail
            .to_address
            .parse()
            .map_err(|error| format!("{error}"))?;
        let domain = self.from.email.domain().to_string();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(format!("<{}@{domain}>", mail.idempotency_key)));
        if let Some(url) = &mail.unsubscribe_url {
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text_body.clone(),
                mail.html_body.clone(),
            ))
            .map_err(|error| format!("{error}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| format!("{error}"))
    }
}

/// Queues onboarding emails and digests as they fall due, looking every `every`, and sends learning
/// paths' due-day reminders and awards their badges, looking every `remind_every`, for as long as
/// the server runs. It runs
/// whether or not SMTP is set up: without it, emails wait in the outbox like any other.
pub fn send_scheduled(
    db: DatabaseConnection,
    base: String,
    every: StdDuration,
    remind_every: StdDuration,
) {
    tokio::spawn(async move {
        let mut reminded: Option<Instant> = None;
        loop {
            if let Err(error) = app::campaigns::ssr::send_due(&db, &base).await {
                tracing::warn!(?error, "campaign emails could not be queued");
            }
            if let Err(error) = app::notify::digest::send_due(&db, &base).await {
                tracing::warn!(?error, "digests could not be queued");
            }
            // Sessions' reminders go to the minute, so they are looked for at every turn.
            if let Err(error) = app::sessions::ssr::reminders::send_due(&db).await {
                tracing::warn!(?error, "session reminders could not be sent");
            }
            // Reminders go by the day: reading every assignee's progress every few seconds would
            // only find the same ones again.
            if reminded.is_none_or(|at| at.elapsed() >= remind_every) {
                reminded = Some(Instant::now());
                if let Err(error) = app::paths::ssr::send_reminders(&db).await {
                    tracing::warn!(?error, "path reminders could not be sent");
                }
                // Badges the moment of the fact missed: each is checked then, but a failure there is
                // only logged.
                if let Err(error) = app::paths::ssr::award_all(&db).await {
                    tracing::warn!(?error, "path badges could not be awarded");
                }
                if let Err(error) = app::badges::ssr::rules::award_all(&db).await {
                    tracing::warn!(?error, "rule badges could not be awarded");
                }
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Marks a message sent, or schedules its next attempt, if this worker still holds it.
async fn settle(
    db: &DatabaseConnection,
    mail: &email_outbox::Model,
    lease: &str,
    outcome: Result<(), String>,
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let mut update = released();
    match outcome {
        Ok(()) => {
            update = update
                .col_expr(
                    email_outbox::Column::Status,
                    Expr::value(MailStatus::Sent.as_str()),
                )
                .col_expr(email_outbox::Column::SentAt, Expr::value(Some(now)));
        }
        Err(error) => {
            let attempts = mail.attempts + 1;
            tracing::warn!(mail = mail.id, attempts, %error, "an email could not be sent");
            let status = if attempts >= MAX_ATTEMPTS {
                MailStatus::Failed
            } else {
                MailStatus::Queued
            };
            update = update
                .col_expr(email_outbox::Column::Status, Expr::value(status.as_str()))
                .col_expr(email_outbox::Column::Attempts, Expr::value(attempts))
                .col_expr(
                    email_outbox::Column::NextAttemptAt,
                    Expr::value(now + backoff(attempts)),
                )
                .col_expr(email_outbox::Column::LastError, Expr::value(Some(error)));
        }
    }
    update
        .filter(email_outbox::Column::Id.eq(mail.id))
        .filter(email_outbox::Column::LeaseToken.eq(lease))
        .exec(db)
        .await?;
    Ok(())
}

/// Extends this worker's lease on one message; false when another worker has taken it meanwhile.
async fn renew(
    db: &DatabaseConnection,
    mail: &email_outbox::Model,
    lease: &str,
) -> Result<bool, sea_orm::DbErr> {
    let renewed = email_outbox::Entity::update_many()
        .col_expr(
            email_outbox::Column::LeaseUntil,
            Expr::value(Utc::now() + Duration::seconds(LEASE_SECONDS)),
        )
        .filter(email_outbox::Column::Id.eq(mail.id))
        .filter(email_outbox::Column::LeaseToken.eq(lease))
        .filter(email_outbox::Column::Status.eq(MailStatus::Queued))
        .exec(db)
        .await?;
    Ok(renewed.rows_affected == 1)
}

/// An update that lets a message's lease go, for a worker that is done with it.
fn released() -> sea_orm::UpdateMany<email_outbox::Entity> {
    email_outbox::Entity::update_many()
        .col_expr(
            email_outbox::Column::LeaseToken,
            Expr::value(None::<String>),
        )
        .col_expr(
            email_outbox::Column::LeaseUntil,
            Expr::value(None::<chrono::DateTime<Utc>>),
        )
}

/// Gives up on a message without sending it, saying why.
async fn give_up(
    db: &DatabaseConnection,
    mail: &email_outbox::Model,
    lease: &str,
    why: &str,
) -> Result<(), sea_orm::DbErr> {
    released()
        .col_expr(
            email_outbox::Column::Status,
            Expr::value(MailStatus::Failed.as_str()),
        )
        .col_expr(email_outbox::Column::LastError, Expr::value(Some(why)))
        .filter(email_outbox::Column::Id.eq(mail.id))
        .filter(email_outbox::Column::LeaseToken.eq(lease))
        .exec(db)
        .await?;
    Ok(())
}

/// How long to wait after a message's `attempts`th failure: 1, 2, 4… minutes, at most six hours.
pub fn backoff(attempts: i32) -> Duration {
    let minutes = 1i64 << attempts.clamp(1, 10).saturating_sub(1);
    Duration::minutes(minutes.min(6 * 60))
}

/// `List-Unsubscribe`: where a mail client unsubscribes the reader (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(value.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post`: the address above unsubscribes with one POST (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_six_hours() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(4), Duration::minutes(8));
        assert_eq!(backoff(20), Duration::minutes(360));
    }
}
