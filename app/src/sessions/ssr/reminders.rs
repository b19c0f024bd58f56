//! Reminders of sessions: a day before and fifteen minutes before, to those going or maybe going,
//! each once (the answer's row keeps when it went). Someone who answered within the last day
//! decided recently enough to need only the second.

use crate::{
    db::{live_rsvp, live_session},
    error::AppError,
    notify::{self, ssr::Tell, types::NoticeKind},
    sessions::types::Answer,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr,
};

/// How long before the start the first reminder goes.
pub const DAY_BEFORE: Duration = Duration::hours(24);
/// How long before the start the last reminder goes.
pub const SOON_BEFORE: Duration = Duration::minutes(15);

/// A reminder due now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// The day before.
    Day,
    /// Just before it starts.
    Soon,
}

/// The reminder due at `now` for someone who answered at `answered`, given those already sent;
/// None when none is.
pub fn due(
    now: DateTime<Utc>,
    starts: DateTime<Utc>,
    answered: DateTime<Utc>,
    day_sent: bool,
    soon_sent: bool,
) -> Option<Reminder> {
    if now >= starts {
        None
    } else if now >= starts - SOON_BEFORE {
        (!soon_sent).then_some(Reminder::Soon)
    } else if now >= starts - DAY_BEFORE && answered < starts - DAY_BEFORE {
        (!day_sent).then_some(Reminder::Day)
    } else {
        None
    }
}

/// Sends the reminders due now; answers how many went.
pub async fn send_due(db: &DatabaseConnection) -> Result<usize, AppError> {
    let now = Utc::now();
    let sessions = live_session::Entity::find()
        .filter(live_session::Column::Cancelled.eq(false))
        .filter(live_session::Column::StartsAt.gt(now))
        .filter(live_session::Column::StartsAt.lte(now + DAY_BEFORE))
        .all(db)
        .await?;
    let mut sent = 0;
    for session in sessions {
        let answers = live_rsvp::Entity::find()
            .filter(live_rsvp::Column::SessionId.eq(session.id))
            .filter(live_rsvp::Column::Answer.is_in([Answer::Going, Answer::Maybe]))
            .filter(
                sea_orm::Condition::any()
                    .add(live_rsvp::Column::RemindedSoonAt.is_null())
                    .add(live_rsvp::Column::RemindedDayAt.is_null()),
            )
            .all(db)
            .await?;
        for answer in answers {
            let Some(reminder) = due(
                now,
                session.starts_at,
                answer.answered_at,
                answer.reminded_day_at.is_some(),
                answer.reminded_soon_at.is_some(),
            ) else {
                continue;
            };
            let person = answer.user_id;
            // Someone who may no longer see it (they left its group, or the company) is not
            // reminded of it.
            let hosts = super::hosts_of(db, [session.id])
                .await?
                .remove(&session.id)
                .unwrap_or_default();
            if !super::not_seeing(db, &session, &hosts, vec![person])
                .await?
                .is_empty()
            {
                continue;
            }
            let txn = db.begin().await?;
            // Marked only while still unsent: of two servers sending at once, one sends.
            let (marked, words) = match reminder {
                Reminder::Day => (
                    live_rsvp::Entity::update_many()
                        .col_expr(live_rsvp::Column::RemindedDayAt, Expr::value(now))
                        .filter(live_rsvp::Column::Id.eq(answer.id))
                        .filter(live_rsvp::Column::RemindedDayAt.is_null())
                        .exec(&txn)
                        .await?,
                    "Starts within a day",
                ),
                // The day's reminder is of no use any more.
                Reminder::Soon => (
                    live_rsvp::Entity::update_many()
                        .col_expr(live_rsvp::Column::RemindedDayAt, Expr::value(now))
                        .col_expr(live_rsvp::Column::RemindedSoonAt, Expr::value(now))
                        .filter(live_rsvp::Column::Id.eq(answer.id))
                        .filter(live_rsvp::Column::RemindedSoonAt.is_null())
                        .exec(&txn)
                        .await?,
                    "Starts in 15 minutes or less",
                ),
            };
            if marked.rows_affected == 0 {
                continue;
            }
            notify::ssr::tell(
                &txn,
                Tell::new(NoticeKind::SessionReminder, person)
                    .session(session.id)
                    .reason(words),
            )
            .await?;
            notify::ssr::commit(txn).await?;
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn reminders_go_a_day_before_and_just_before_each_once() {
        let starts = Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap();
        let early = starts - Duration::days(3);
        let at = |before: Duration| starts - before;
        assert_eq!(
            due(at(Duration::hours(25)), starts, early, false, false),
            None
        );
        assert_eq!(
            due(at(Duration::hours(23)), starts, early, false, false),
            Some(Reminder::Day)
        );
        assert_eq!(
            due(at(Duration::hours(23)), starts, early, true, false),
            None
        );
        assert_eq!(
            due(at(Duration::minutes(10)), starts, early, true, false),
            Some(Reminder::Soon)
        );
        assert_eq!(
            due(at(Duration::minutes(10)), starts, early, true, true),
            None
        );
        assert_eq!(due(starts, starts, early, false, false), None);
        // Answered within the day: only the last reminder.
        let late = at(Duration::hours(2));
        assert_eq!(
            due(at(Duration::hours(1)), starts, late, false, false),
            None
        );
        assert_eq!(
            due(at(Duration::minutes(5)), starts, late, false, false),
            Some(Reminder::Soon)
        );
    }
}
