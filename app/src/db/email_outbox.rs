use crate::notify::types::{MailKind, MailStatus};
use sea_orm::entity::prelude::*;

/// One email, written in the transaction of what caused it and sent by the mail worker.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Names the message once: queueing it again changes nothing, and it becomes its Message-ID.
    #[sea_orm(unique)]
    pub idempotency_key: String,
    pub kind: MailKind,
    pub recipient_id: Option<i64>,
    pub to_address: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub text_body: String,
    #[sea_orm(column_type = "Text")]
    pub html_body: String,
    /// Where one click unsubscribes from this kind of email; None for essential mail.
    #[sea_orm(column_type = "Text", nullable)]
    pub unsubscribe_url: Option<String>,
    pub status: MailStatus,
    /// Sending attempts that failed so far.
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// The worker holding the message while it sends it, and until when.
    pub lease_token: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
