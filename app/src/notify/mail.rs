//! Email on the app's side: messages queued in the outbox in the transaction of what caused them,
//! what each person wants by email, the signed links that unsubscribe in one click, and the outbox
//! as admins see it. The server's mail worker sends what waits here.

use super::{
    letters::{self, Letter},
    types::{Cadence, EmailChoice, MailKind, MailStatus, Notice, NoticeKind, Outbox, OutboxMail},
};
use crate::{
    auth::ssr::{app_state, new_token},
    clock,
    db::{email_outbox, email_preference, server_key, user},
    error::AppError,
    policy::{self, Actor},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use hmac::{Hmac, Mac};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, OnConflict},
};
use sha2::Sha256;

/// Messages an admin sees in the outbox.
const OUTBOX_PAGE: u64 = 50;

/// One email to send.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Names the message once; queueing the same key again changes nothing.
    pub key: String,
    pub kind: MailKind,
    pub recipient: Option<i64>,
    pub to: String,
    pub letter: Letter,
    /// The one-click unsubscribe address, for mail that is not essential.
    pub unsubscribe: Option<String>,
}

fn row(mail: Mail) -> email_outbox::ActiveModel {
    let now = Utc::now();
    email_outbox::ActiveModel {
        idempotency_key: Set(mail.key),
        kind: Set(mail.kind),
        recipient_id: Set(mail.recipient),
        to_address: Set(mail.to),
        subject: Set(mail.letter.subject),
        text_body: Set(mail.letter.text),
        html_body: Set(mail.letter.html),
        unsubscribe_url: Set(mail.unsubscribe),
        status: Set(MailStatus::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_token: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
}

/// Queues emails inside the caller's transaction: they exist exactly when their cause does. A key
/// already queued is left as it is.
pub async fn queue(
    db: &impl ConnectionTrait,
    mails: impl IntoIterator<Item = Mail>,
) -> Result<(), AppError> {
    let rows: Vec<email_outbox::ActiveModel> = mails.into_iter().map(row).collect();
    for chunk in rows.chunks(200) {
        email_outbox::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(email_outbox::Column::IdempotencyKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Gives up the person's emails of this kind that still wait, saying why (an invitation replaced
/// by a newer one carries a link that no longer works).
pub async fn withdraw(
    db: &impl ConnectionTrait,
    person: i64,
    kind: MailKind,
    why: &str,
) -> Result<(), AppError> {
    email_outbox::Entity::update_many()
        .col_expr(
            email_outbox::Column::Status,
            Expr::value(MailStatus::Failed.as_str()),
        )
        .col_expr(email_outbox::Column::LastError, Expr::value(Some(why)))
        .filter(email_outbox::Column::RecipientId.eq(person))
        .filter(email_outbox::Column::Kind.eq(kind))
        .filter(email_outbox::Column::Status.eq(MailStatus::Queued))
        .exec(db)
        .await?;
    Ok(())
}

/// Where links in emails lead (`Settings::mail_base`).
pub fn link_base() -> String {
    app_state().map_or_else(
        |_| "http://localhost:3000".into(),
        |state| state.settings.mail_base.clone(),
    )
}

/// The page where people choose which emails they get.
pub fn settings_link(base: &str) -> String {
    format!("{base}/settings/notifications")
}

/// How each person of `people` wants this kind of notification by email; as `Cadence::default_for`
/// says unless they chose.
pub async fn cadences(
    db: &impl ConnectionTrait,
    people: &[i64],
    kind: NoticeKind,
) -> Result<std::collections::HashMap<i64, Cadence>, AppError> {
    let mut chosen = std::collections::HashMap::new();
    for chunk in people.chunks(500) {
        let rows = email_preference::Entity::find()
            .filter(email_preference::Column::UserId.is_in(chunk.iter().copied()))
            .filter(email_preference::Column::Kind.eq(kind))
            .all(db)
            .await?;
        chosen.extend(rows.into_iter().map(|row| (row.user_id, row.cadence)));
    }
    Ok(people
        .iter()
        .map(|person| {
            (
                *person,
                chosen
                    .get(person)
                    .copied()
                    .unwrap_or(Cadence::default_for(kind)),
            )
        })
        .collect())
}

/// The reader's choice for every kind of notification.
pub async fn email_choices(
    db: &impl ConnectionTrait,
    actor: Actor,
) -> Result<Vec<EmailChoice>, AppError> {
    let chosen = person_cadences(db, actor.id).await?;
    Ok(NoticeKind::ALL
        .iter()
        .map(|kind| EmailChoice {
            kind: *kind,
            cadence: chosen[kind],
        })
        .collect())
}

/// How one person wants every kind by email, in one query; as `Cadence::default_for` says where
/// they did not choose.
pub async fn person_cadences(
    db: &impl ConnectionTrait,
    person: i64,
) -> Result<std::collections::HashMap<NoticeKind, Cadence>, AppError> {
    let chosen: std::collections::HashMap<NoticeKind, Cadence> = email_preference::Entity::find()
        .filter(email_preference::Column::UserId.eq(person))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.kind, row.cadence))
        .collect();
    Ok(NoticeKind::ALL
        .iter()
        .map(|kind| {
            let cadence = chosen
                .get(kind)
                .copied()
                .unwrap_or(Cadence::default_for(*kind));
            (*kind, cadence)
        })
        .collect())
}

/// Stores how a person wants one kind of notification by email.
pub async fn set_cadence(
    db: &impl ConnectionTrait,
    person: i64,
    kind: NoticeKind,
    cadence: Cadence,
) -> Result<(), AppError> {
    email_preference::Entity::insert(email_preference::ActiveModel {
        user_id: Set(person),
        kind: Set(kind),
        cadence: Set(cadence),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            email_preference::Column::UserId,
            email_preference::Column::Kind,
        ])
        .update_column(email_preference::Column::Cadence)
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A secret of the server's, made the first time it is needed and kept in the database so every
/// instance signs alike.
pub(crate) async fn server_secret(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Vec<u8>, AppError> {
    let stored = |db| async move {
        server_key::Entity::find()
            .filter(server_key::Column::Name.eq(name))
            .one(db)
            .await
    };
    let key = match stored(db).await? {
        Some(key) => key,
        None => {
            server_key::Entity::insert(server_key::ActiveModel {
                name: Set(name.to_string()),
                secret: Set(new_token()),
                created_at: Set(Utc::now()),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::column(server_key::Column::Name)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
            stored(db).await?.ok_or(AppError::Internal)?
        }
    };
    Ok(key.secret.into_bytes())
}

fn signature(secret: &[u8], payload: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(payload.as_bytes());
    mac
}

/// Signs and checks the tokens that let whoever holds one stop one kind of email for one person,
/// and nothing else.
pub struct Signer(Vec<u8>);

impl Signer {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Signer, AppError> {
        Ok(Signer(server_secret(db, "unsubscribe").await?))
    }

    pub fn token(&self, person: i64, kind: NoticeKind) -> String {
        let payload = format!("{person}.{}", kind.as_str());
        let signed = signature(&self.0, &payload).finalize().into_bytes();
        format!("{payload}.{}", URL_SAFE_NO_PAD.encode(signed))
    }

    /// The person and kind a token names, if this server signed it.
    fn verify(&self, token: &str) -> Option<(i64, NoticeKind)> {
        let mut parts = token.trim().splitn(3, '.');
        let (person, kind, signed) = (parts.next()?, parts.next()?, parts.next()?);
        let signed = URL_SAFE_NO_PAD.decode(signed).ok()?;
        signature(&self.0, &format!("{person}.{kind}"))
            .verify_slice(&signed)
            .ok()?;
        Some((person.parse().ok()?, NoticeKind::parse(kind)?))
    }
}

/// A notification by email to one person: its words, a way to it, their settings, and the
/// unsubscribe links (the one in the footer opens a page that asks; the `List-Unsubscribe` one
/// acts on a mail client's one-click POST).
pub fn notice_mail(
    base: &str,
    signer: &Signer,
    key: String,
    person: &user::Model,
    kind: NoticeKind,
    notice: &Notice,
) -> Mail {
    let token = signer.token(person.id, kind);
    let link = notice.link.as_ref().map(|link| format!("{base}{link}"));
    Mail {
        key,
        kind: MailKind::Notification,
        recipient: Some(person.id),
        to: person.email.clone(),
        letter: letters::notice(
            &notice.words,
            notice.detail.as_deref(),
            link.as_deref(),
            &settings_link(base),
            &format!("{base}/unsubscribe?token={token}"),
        ),
        unsubscribe: Some(format!("{base}/email/unsubscribe?token={token}")),
    }
}

/// Stops one kind of email for the person a signed token names; answers the kind.
pub async fn unsubscribe(db: &impl ConnectionTrait, token: &str) -> Result<NoticeKind, AppError> {
    let (person, kind) = Signer::load(db).await?.verify(token).ok_or_else(|| {
        AppError::invalid("This unsubscribe link isn't valid. Choose your emails in your settings.")
    })?;
    set_cadence(db, person, kind, Cadence::Never).await?;
    // A digest's own link stops the digest: what it gathered stops coming by email too.
    if kind == NoticeKind::Missed {
        email_preference::Entity::update_many()
            .col_expr(
                email_preference::Column::Cadence,
                Expr::value(Cadence::Never.as_str()),
            )
            .filter(email_preference::Column::UserId.eq(person))
            .filter(email_preference::Column::Cadence.is_in([Cadence::Daily, Cadence::Weekly]))
            .exec(db)
            .await?;
    }
    Ok(kind)
}

/// The newest messages in the outbox, for admins.
pub async fn outbox(db: &impl ConnectionTrait, actor: Actor) -> Result<Outbox, AppError> {
    policy::manage_people(actor)?;
    let state = app_state()?;
    let mails = email_outbox::Entity::find()
        .order_by_desc(email_outbox::Column::Id)
        .limit(OUTBOX_PAGE)
        .all(db)
        .await?
        .into_iter()
        .map(|mail| OutboxMail {
            id: mail.id,
            kind: mail.kind,
            to: mail.to_address,
            subject: mail.subject,
            text: mail.text_body,
            status: mail.status,
            attempts: mail.attempts,
            last_error: mail.last_error,
            queued: clock::label(mail.created_at),
        })
        .collect();
    Ok(Outbox {
        sending: state.settings.sends_mail,
        mails,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_only_the_payload_it_was_made_for() {
        let secret = b"a server secret";
        let signed = signature(secret, "7.mention").finalize().into_bytes();
        assert!(signature(secret, "7.mention").verify_slice(&signed).is_ok());
        assert!(
            signature(secret, "8.mention")
                .verify_slice(&signed)
                .is_err()
        );
        assert!(
            signature(b"another secret", "7.mention")
                .verify_slice(&signed)
                .is_err()
        );
    }
}
