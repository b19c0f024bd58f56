//! Sessions as iCalendar: one `.ics` file per session ("add to calendar"), and each person's
//! private calendar address with every session they answered or host. A session keeps its UID
//! through every change, and its SEQUENCE grows with each, so calendars update the event rather
//! than add another; a cancelled one stays in the feed as `STATUS:CANCELLED`, so calendars drop it.
//! Times are written in UTC, which every calendar reads the same way; the hosts' own time zone is
//! named in the description.

use super::{Seeing, hosts_of, visible};
use crate::{
    auth::ssr::{new_token, token_hash},
    clock,
    db::{calendar_feed, live_rsvp, live_session, user},
    error::AppError,
    people::types::AccountStatus,
    policy::Actor,
    sessions::types::Answer,
};
use chrono::{Duration, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    TransactionTrait,
};
use std::collections::HashMap;

/// How far back a calendar feed keeps sessions.
const FEED_DAYS: i64 = 180;

/// The session's UID: the same for as long as it exists, whatever changes.
pub fn uid(base: &str, id: i64) -> String {
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or(base)
        .split('/')
        .next()
        .unwrap_or("wellspring");
    format!("live-session-{id}@{host}")
}

/// One session as a calendar event.
pub fn event(base: &str, row: &live_session::Model, hosts: &[String]) -> Event {
    let zone: Tz = clock::zone(&row.time_zone).unwrap_or(Tz::UTC);
    // Line breaks as the format expects them: a lone carriage return would end the line early.
    let mut about = row.description.replace("\r\n", "\n").replace('\r', "\n");
    if !about.is_empty() {
        about.push_str("\n\n");
    }
    about.push_str(&format!(
        "{} in {}.\nJoin: {}\nDetails: {base}/sessions/{}",
        clock::span_in(row.starts_at, row.ends_at, zone),
        row.time_zone,
        row.stream_url,
        row.id
    ));
    if !hosts.is_empty() {
        about.push_str(&format!("\nHosts: {}", hosts.join(", ")));
    }
    Event::new()
        .uid(&uid(base, row.id))
        .sequence(u32::try_from(row.sequence).unwrap_or(0))
        .timestamp(row.updated_at)
        .summary(&row.title)
        .description(&about)
        .starts(row.starts_at)
        .ends(row.ends_at)
        .location(&row.stream_url)
        .url(&format!("{base}/sessions/{}", row.id))
        .status(if row.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        })
        .done()
}

/// A calendar of these sessions.
fn calendar(
    base: &str,
    name: &str,
    rows: &[live_session::Model],
    hosts: &HashMap<i64, Vec<String>>,
) -> String {
    let mut calendar = Calendar::empty();
    for property in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Wellspring//Live sessions//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(property);
    }
    calendar.name(name);
    for row in rows {
        calendar.push(event(
            base,
            row,
            hosts.get(&row.id).map_or(&[], Vec::as_slice),
        ));
    }
    calendar.done().to_string()
}

/// The hosts' names of these sessions, by session.
async fn host_names(
    db: &impl ConnectionTrait,
    rows: &[live_session::Model],
) -> Result<HashMap<i64, Vec<String>>, AppError> {
    let hosts = hosts_of(db, rows.iter().map(|row| row.id)).await?;
    let names: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .filter(user::Column::Id.is_in(hosts.values().flatten().copied()))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(hosts
        .into_iter()
        .map(|(session, people)| {
            let people = people
                .iter()
                .filter_map(|id| names.get(id).cloned())
                .collect();
            (session, people)
        })
        .collect())
}

/// One session's `.ics`, for someone who may see it.
pub async fn session_file(
    db: &impl ConnectionTrait,
    base: &str,
    actor: Actor,
    id: i64,
) -> Result<String, AppError> {
    let seeing = Seeing::load(db, actor).await?;
    let (row, _) = visible(db, &seeing, id).await?;
    let rows = [row];
    let hosts = host_names(db, &rows).await?;
    Ok(calendar(base, &rows[0].title, &rows, &hosts))
}

/// The calendar behind a private address: the sessions its owner answered (and still means to go
/// to) or hosts, from the last six months on. None for an address that is not (or no longer) one.
pub async fn feed(
    db: &impl ConnectionTrait,
    base: &str,
    token: &str,
) -> Result<Option<String>, AppError> {
    let Some(owner) = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // Someone who has left keeps no calendar, and a session they may no longer see leaves it.
    let Some(person) = user::Entity::find_by_id(owner.user_id)
        .one(db)
        .await?
        .filter(|person| person.status == AccountStatus::Active)
    else {
        return Ok(None);
    };
    let seeing = Seeing::load(db, Actor::of(&person)).await?;
    let answered = live_rsvp::Entity::find()
        .select_only()
        .column(live_rsvp::Column::SessionId)
        .filter(live_rsvp::Column::UserId.eq(owner.user_id))
        .filter(live_rsvp::Column::Answer.ne(Answer::NotGoing))
        .into_query();
    let hosting = crate::db::live_session_host::Entity::find()
        .select_only()
        .column(crate::db::live_session_host::Column::SessionId)
        .filter(crate::db::live_session_host::Column::UserId.eq(owner.user_id))
        .into_query();
    let rows = live_session::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(live_session::Column::Id.in_subquery(answered))
                .add(live_session::Column::Id.in_subquery(hosting)),
        )
        .filter(live_session::Column::EndsAt.gt(Utc::now() - Duration::days(FEED_DAYS)))
        .order_by_asc(live_session::Column::StartsAt)
        .all(db)
        .await?;
    let host_ids = hosts_of(db, rows.iter().map(|row| row.id)).await?;
    let rows: Vec<live_session::Model> = rows
        .into_iter()
        .filter(|row| seeing.sees(row, host_ids.get(&row.id).map_or(&[], Vec::as_slice)))
        .collect();
    let hosts = host_names(db, &rows).await?;
    Ok(Some(calendar(
        base,
        "Wellspring live sessions",
        &rows,
        &hosts,
    )))
}

/// Whether the person has a private calendar address.
pub async fn has_feed(db: &impl ConnectionTrait, person: i64) -> Result<bool, AppError> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::UserId.eq(person))
        .count(db)
        .await?
        > 0)
}

/// Makes the person a new private calendar address, ending any they had; answers its secret,
/// which is shown once and kept only as a hash.
pub async fn new_feed(db: &DatabaseConnection, actor: Actor) -> Result<String, AppError> {
    let token = new_token();
    let txn = db.begin().await?;
    calendar_feed::Entity::delete_many()
        .filter(calendar_feed::Column::UserId.eq(actor.id))
        .exec(&txn)
        .await?;
    calendar_feed::ActiveModel {
        user_id: Set(actor.id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::types::Audience;
    use chrono::TimeZone;

    fn session(sequence: i32, cancelled: bool) -> live_session::Model {
        let starts = Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap();
        live_session::Model {
            id: 7,
            title: "Town hall; Q&A, with Amara".into(),
            description: "Ask **anything**.".into(),
            description_html: String::new(),
            starts_at: starts,
            ends_at: starts + Duration::minutes(90),
            time_zone: "Europe/Berlin".into(),
            audience: Audience::Company,
            group_id: None,
            path_id: None,
            stream_url: "https://meet.example/town-hall".into(),
            capacity: None,
            going_count: 0,
            cancelled,
            sequence,
            qa_moderated: false,
            anonymous_questions: false,
            tag: None,
            recording_item_id: None,
            created_by: None,
            created_at: starts,
            updated_at: starts - Duration::days(1),
        }
    }

    fn lines(ics: &str) -> Vec<String> {
        // Unfolds long lines, as RFC 5545 folds them.
        ics.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn an_event_keeps_its_uid_and_counts_its_changes() {
        let base = "https://learn.example.com";
        let first = calendar(base, "Town hall", &[session(0, false)], &HashMap::new());
        let changed = calendar(base, "Town hall", &[session(2, true)], &HashMap::new());
        for (ics, sequence, status) in [(&first, "0", "CONFIRMED"), (&changed, "2", "CANCELLED")] {
            let lines = lines(ics);
            assert!(lines.contains(&"UID:live-session-7@learn.example.com".to_string()));
            assert!(lines.contains(&format!("SEQUENCE:{sequence}")));
            assert!(lines.contains(&format!("STATUS:{status}")));
            assert!(
                lines.contains(&"DTSTART:20261210T090000Z".to_string()),
                "{ics}"
            );
            assert!(lines.contains(&"DTEND:20261210T103000Z".to_string()));
            assert!(lines.contains(&"DTSTAMP:20261209T090000Z".to_string()));
        }
        // Text is escaped as the format asks, and the hosts' zone is named.
        let lines = lines(&first);
        assert!(lines.contains(&"SUMMARY:Town hall\\; Q&A\\, with Amara".to_string()));
        assert!(lines.iter().any(|line| line.starts_with("DESCRIPTION:")
            && line.contains("10:00–11:30 CET in Europe/Berlin")));
    }
}
