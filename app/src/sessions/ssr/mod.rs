//! Live sessions on the server: scheduling, changing and cancelling them, and reading them as
//! their audience sees them. A session is seen only by its audience (the company, a group's
//! readers, or a path's assignees), its hosts and admins; to anyone else it does not exist.

pub mod calendar;
pub mod reminders;
pub mod room;
pub mod rsvp;

use crate::{
    clock,
    db::{group, live_attendance, live_rsvp, live_session, live_session_host, path, user},
    error::AppError,
    feed::markdown::render,
    library::types::ItemKind,
    notify::{self, ssr::Tell, types::NoticeKind},
    people::{
        ssr::summary,
        types::AccountStatus,
        validate::{email, line, paragraph, web_address},
    },
    policy::{self, Actor},
    sessions::types::*,
    standing::Standing,
};
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use std::collections::{HashMap, HashSet};

const TITLE_MAX: usize = 160;
const DESCRIPTION_MAX: usize = 10_000;
const CAPACITY_MAX: i32 = 100_000;
const HOSTS_MAX: usize = 10;
/// The longest a session may run.
const LONGEST: Duration = Duration::hours(12);
/// How far back the Live page lists past sessions.
const PAST_DAYS: i64 = 90;

/// What the reader may see of sessions: their standing and the paths assigned to them.
pub(crate) struct Seeing {
    standing: Standing,
    paths: HashSet<i64>,
}

impl Seeing {
    pub(crate) async fn load(db: &impl ConnectionTrait, actor: Actor) -> Result<Seeing, AppError> {
        Ok(Seeing {
            standing: Standing::load(db, actor).await?,
            paths: crate::paths::ssr::paths_reaching(db, actor.id).await?,
        })
    }

    /// Whether the reader is in the session's audience (or hosts it, or is an admin).
    fn sees(&self, row: &live_session::Model, hosts: &[i64]) -> bool {
        let actor = self.standing.actor;
        actor.is_admin()
            || hosts.contains(&actor.id)
            || match row.audience {
                Audience::Company => true,
                Audience::Group => row
                    .group_id
                    .is_some_and(|group| self.standing.reads(Some(group))),
                Audience::Path => row.path_id.is_some_and(|path| self.paths.contains(&path)),
            }
    }

    /// Whether the reader may change or cancel the session: admins, its hosts, and a group's
    /// moderators for the group's sessions. Having scheduled it once gives no lasting right: a
    /// facilitator who steps down no longer runs their group's sessions.
    fn edits(&self, row: &live_session::Model, hosts: &[i64]) -> bool {
        let actor = self.standing.actor;
        actor.is_admin()
            || hosts.contains(&actor.id)
            || (row.audience == Audience::Group && self.standing.moderates(row.group_id))
    }
}

/// Hosts of these sessions, by session.
async fn hosts_of(
    db: &impl ConnectionTrait,
    sessions: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, Vec<i64>>, AppError> {
    let mut hosts: HashMap<i64, Vec<i64>> = HashMap::new();
    let rows: Vec<(i64, i64)> = live_session_host::Entity::find()
        .select_only()
        .columns([
            live_session_host::Column::SessionId,
            live_session_host::Column::UserId,
        ])
        .filter(live_session_host::Column::SessionId.is_in(sessions))
        .order_by_asc(live_session_host::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    for (session, person) in rows {
        hosts.entry(session).or_default().push(person);
    }
    Ok(hosts)
}

/// A session the reader may see, with its hosts; any other is not found.
pub(crate) async fn visible(
    db: &impl ConnectionTrait,
    seeing: &Seeing,
    id: i64,
) -> Result<(live_session::Model, Vec<i64>), AppError> {
    let row = live_session::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let hosts = hosts_of(db, [id]).await?.remove(&id).unwrap_or_default();
    if !seeing.sees(&row, &hosts) {
        return Err(AppError::NotFound);
    }
    Ok((row, hosts))
}

/// Where a session stands at `now`.
pub fn phase(row: &live_session::Model, now: DateTime<Utc>) -> Phase {
    if row.cancelled {
        Phase::Cancelled
    } else if now < row.starts_at {
        Phase::Upcoming
    } else if now < row.ends_at {
        Phase::Live
    } else {
        Phase::Past
    }
}

/// Names for what sessions point to: people, groups and paths.
struct Names {
    people: HashMap<i64, user::Model>,
    groups: HashMap<i64, String>,
    paths: HashMap<i64, String>,
}

impl Names {
    async fn load(
        db: &impl ConnectionTrait,
        rows: &[live_session::Model],
        hosts: &HashMap<i64, Vec<i64>>,
    ) -> Result<Names, AppError> {
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(hosts.values().flatten().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|person| (person.id, person))
            .collect();
        let groups = group::Entity::find()
            .select_only()
            .columns([group::Column::Id, group::Column::Name])
            .filter(group::Column::Id.is_in(rows.iter().filter_map(|row| row.group_id)))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let paths = path::Entity::find()
            .select_only()
            .columns([path::Column::Id, path::Column::Title])
            .filter(path::Column::Id.is_in(rows.iter().filter_map(|row| row.path_id)))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        Ok(Names {
            people,
            groups,
            paths,
        })
    }

    fn audience(&self, row: &live_session::Model) -> String {
        match row.audience {
            Audience::Company => "Everyone".into(),
            Audience::Group => row
                .group_id
                .and_then(|id| self.groups.get(&id))
                .map_or_else(|| "A group".into(), |name| format!("Members of {name}")),
            Audience::Path => row.path_id.and_then(|id| self.paths.get(&id)).map_or_else(
                || "A path's learners".into(),
                |title| format!("Learners on “{title}”"),
            ),
        }
    }

    fn summary(
        &self,
        row: &live_session::Model,
        hosts: &[i64],
        mine: Option<Answer>,
        now: DateTime<Utc>,
    ) -> SessionSummary {
        SessionSummary {
            id: row.id,
            title: row.title.clone(),
            when: clock::span(row.starts_at, row.ends_at),
            stamp: clock::stamp(row.starts_at),
            audience: self.audience(row),
            hosts: hosts
                .iter()
                .filter_map(|id| self.people.get(id))
                .map(|person| person.name.clone())
                .collect(),
            going: row.going_count,
            capacity: row.capacity,
            tag: row.tag.clone(),
            phase: phase(row, now),
            mine,
        }
    }
}

/// The reader's answers to these sessions.
async fn answers_of(
    db: &impl ConnectionTrait,
    person: i64,
    sessions: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, Answer>, AppError> {
    Ok(live_rsvp::Entity::find()
        .select_only()
        .columns([live_rsvp::Column::SessionId, live_rsvp::Column::Answer])
        .filter(live_rsvp::Column::UserId.eq(person))
        .filter(live_rsvp::Column::SessionId.is_in(sessions))
        .into_tuple::<(i64, Answer)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The Live page: sessions running now, to come (soonest first) and of the last 90 days (latest
/// first), as the reader may see them.
pub async fn list(db: &impl ConnectionTrait, actor: Actor) -> Result<LiveSessions, AppError> {
    let seeing = Seeing::load(db, actor).await?;
    let now = Utc::now();
    let rows = live_session::Entity::find()
        .filter(live_session::Column::EndsAt.gt(now - Duration::days(PAST_DAYS)))
        .order_by_asc(live_session::Column::StartsAt)
        .order_by_asc(live_session::Column::Id)
        .all(db)
        .await?;
    let hosts = hosts_of(db, rows.iter().map(|row| row.id)).await?;
    let rows: Vec<live_session::Model> = rows
        .into_iter()
        .filter(|row| seeing.sees(row, hosts.get(&row.id).map_or(&[], Vec::as_slice)))
        .collect();
    let names = Names::load(db, &rows, &hosts).await?;
    let mine = answers_of(db, actor.id, rows.iter().map(|row| row.id)).await?;
    let mut page = LiveSessions {
        live: Vec::new(),
        upcoming: Vec::new(),
        past: Vec::new(),
        has_calendar: calendar::has_feed(db, actor.id).await?,
    };
    for row in &rows {
        let summary = names.summary(
            row,
            hosts.get(&row.id).map_or(&[], Vec::as_slice),
            mine.get(&row.id).copied(),
            now,
        );
        match summary.phase {
            Phase::Live => page.live.push(summary),
            Phase::Upcoming => page.upcoming.push(summary),
            Phase::Past | Phase::Cancelled if row.ends_at <= now => page.past.push(summary),
            // Cancelled sessions still to come stay where people look for them, marked.
            Phase::Past | Phase::Cancelled => page.upcoming.push(summary),
        }
    }
    page.past.reverse();
    Ok(page)
}

/// A session's page.
pub async fn one(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<Session, AppError> {
    let seeing = Seeing::load(db, actor).await?;
    let (row, hosts) = visible(db, &seeing, id).await?;
    let now = Utc::now();
    let host_map = HashMap::from([(row.id, hosts.clone())]);
    let names = Names::load(db, std::slice::from_ref(&row), &host_map).await?;
    let mine = answers_of(db, actor.id, [id]).await?.remove(&id);
    let (waiting, my_place) = rsvp::waiting(db, &row, actor.id).await?;
    let can_edit = seeing.edits(&row, &hosts);
    let attended = live_attendance::Entity::find()
        .filter(live_attendance::Column::SessionId.eq(id))
        .filter(live_attendance::Column::UserId.eq(actor.id))
        .one(db)
        .await?
        .is_some();
    let zone = clock::zone(&row.time_zone).unwrap_or(Tz::UTC);
    let hosts_time = (zone != clock::reader_zone()).then(|| {
        format!(
            "{} in {}",
            clock::span_in(row.starts_at, row.ends_at, zone),
            row.time_zone
        )
    });
    let fields = can_edit.then(|| fields_of(&row, &hosts, &names, zone));
    let recording_categories = if can_edit && phase(&row, now) == Phase::Past {
        crate::library::ssr::Access::load(db, actor)
            .await?
            .authoring()
    } else {
        Vec::new()
    };
    Ok(Session {
        summary: names.summary(&row, &hosts, mine, now),
        description_html: row.description_html.clone(),
        hosts_time,
        stream_url: row.stream_url.clone(),
        host_people: hosts
            .iter()
            .filter_map(|id| names.people.get(id))
            .map(summary)
            .collect(),
        waiting,
        my_place,
        attended,
        recording: row.recording_item_id,
        recording_categories,
        can_edit,
        fields,
    })
}

/// The session as its form shows it, to be changed.
fn fields_of(row: &live_session::Model, hosts: &[i64], names: &Names, zone: Tz) -> SessionFields {
    let local = |moment: DateTime<Utc>| {
        moment
            .with_timezone(&zone)
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    SessionFields {
        title: row.title.clone(),
        description: row.description.clone(),
        starts: local(row.starts_at),
        ends: local(row.ends_at),
        time_zone: row.time_zone.clone(),
        audience: match (row.audience, row.group_id, row.path_id) {
            (Audience::Group, Some(group), _) => format!("group:{group}"),
            (Audience::Path, _, Some(path)) => format!("path:{path}"),
            _ => "company".into(),
        },
        stream_url: row.stream_url.clone(),
        capacity: row.capacity.map(|n| n.to_string()).unwrap_or_default(),
        qa_moderated: if row.qa_moderated {
            "on".into()
        } else {
            String::new()
        },
        anonymous_questions: if row.anonymous_questions {
            "on".into()
        } else {
            String::new()
        },
        tag: row.tag.clone().unwrap_or_default(),
        hosts: hosts
            .iter()
            .filter_map(|id| names.people.get(id))
            .map(|person| person.email.clone())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The reader joins a session: while it runs, that counts as attending it (once), which may tick
/// a path's step. Answers where it streams.
pub async fn join(db: &DatabaseConnection, actor: Actor, id: i64) -> Result<String, AppError> {
    Ok(enter(db, actor, id).await?.stream_url)
}

/// A session, if the person is in its audience (or runs it); not found otherwise.
pub async fn sees(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<live_session::Model, AppError> {
    let seeing = Seeing::load(db, actor).await?;
    Ok(visible(db, &seeing, id).await?.0)
}

/// Enters a session's room, by its page or its stream link: while it runs, the person is counted
/// as attending (once), which a path's step may ask for. Not found outside its audience.
pub async fn enter(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
) -> Result<live_session::Model, AppError> {
    let row = sees(db, actor, id).await?;
    if phase(&row, Utc::now()) == Phase::Live {
        let added = live_attendance::Entity::insert(live_attendance::ActiveModel {
            session_id: Set(id),
            user_id: Set(actor.id),
            joined_at: Set(Utc::now()),
            ..Default::default()
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                live_attendance::Column::SessionId,
                live_attendance::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        if added > 0 {
            crate::badges::ssr::earned_after(db, actor.id, crate::badges::ssr::Fact::Step).await;
        }
    }
    Ok(row)
}

/// Puts a session's recording in the library, for a host once it is over: a curated link, or a
/// video they upload next, in a category they write in, with the session's title and description,
/// sent to the experts of its topic through the library's review. A draft that cannot be sent yet
/// (a video not uploaded, no expert for the topic) stays a draft, and the host is told why.
pub async fn add_recording(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    fields: RecordingFields,
) -> Result<RecordingSaved, AppError> {
    let seeing = Seeing::load(db, actor).await?;
    let (row, hosts) = visible(db, &seeing, id).await?;
    if !seeing.edits(&row, &hosts) {
        return Err(AppError::Forbidden);
    }
    if phase(&row, Utc::now()) != Phase::Past {
        return Err(AppError::Conflict(
            "A recording is added once the session is over.".into(),
        ));
    }
    if row.recording_item_id.is_some() {
        return Err(AppError::Conflict(
            "Its recording is in the library already.".into(),
        ));
    }
    // A video is uploaded on the item's page once it is made, as any library video is.
    let (kind, url) = match fields.source.trim() {
        "video" => (ItemKind::Video, String::new()),
        "link" | "" => (ItemKind::Link, fields.url),
        _ => return Err(AppError::invalid("Choose a link or a video to upload.")),
    };
    let item = crate::library::types::ItemFields {
        category: fields.category,
        kind: kind.as_str().into(),
        title: format!("{} (recording)", row.title),
        summary: format!(
            "The recording of the live session held on {}.",
            row.starts_at.format("%-d %B %Y")
        ),
        topic: fields.topic,
        body: row.description.clone(),
        url,
        review_by: String::new(),
        note: "The session's recording".into(),
    };
    let item = crate::library::ssr::create_item(db, actor, &item).await?;
    // Claimed only while no other host has added one: the second is told.
    let claimed = live_session::Entity::update_many()
        .col_expr(
            live_session::Column::RecordingItemId,
            sea_orm::sea_query::Expr::value(item),
        )
        .filter(live_session::Column::Id.eq(id))
        .filter(live_session::Column::RecordingItemId.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        crate::library::ssr::archive_item(db, actor, item, true).await?;
        return Err(AppError::Conflict(
            "Another host added its recording just now.".into(),
        ));
    }
    // The recording is in the library either way; what keeps it a draft is said, not refused.
    let not_sent = match crate::library::ssr::submit_item(db, actor, item).await {
        Ok(()) => None,
        Err(AppError::Validation(words) | AppError::Conflict(words)) => Some(words),
        Err(error) => return Err(error),
    };
    Ok(RecordingSaved { item, not_sent })
}

/// Whom the reader may schedule sessions for.
pub async fn choices(db: &impl ConnectionTrait, actor: Actor) -> Result<SessionChoices, AppError> {
    let paths = if actor.is_admin() {
        path::Entity::find()
            .select_only()
            .columns([path::Column::Id, path::Column::Title])
            .order_by_asc(path::Column::Title)
            .into_tuple()
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    Ok(SessionChoices {
        company: actor.is_admin(),
        groups: crate::groups::ssr::run_by(db, actor).await?,
        paths,
        time_zone: clock::reader_zone().name().to_string(),
    })
}

/// A session's fields, checked.
struct Checked {
    title: String,
    description: String,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    zone: Tz,
    audience: Audience,
    group_id: Option<i64>,
    path_id: Option<i64>,
    stream_url: String,
    capacity: Option<i32>,
    hosts: Vec<i64>,
    qa_moderated: bool,
    anonymous_questions: bool,
    tag: Option<String>,
}

/// A `datetime-local` value read in `zone`.
fn local_time(label: &str, raw: &str, zone: Tz) -> Result<DateTime<Utc>, AppError> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| AppError::invalid(format!("{label}: choose a date and a time.")))?;
    zone.from_local_datetime(&naive)
        .single()
        .map(|moment| moment.with_timezone(&Utc))
        .ok_or_else(|| {
            AppError::invalid(format!(
                "{label}: that time does not exist, or happens twice, in {} (the clocks change). Choose another.",
                zone.name()
            ))
        })
}

/// Checks a session's fields; `before` is the session as it was, when it is changed.
async fn checked(
    db: &impl ConnectionTrait,
    actor: Actor,
    fields: &SessionFields,
    before: Option<&live_session::Model>,
    now: DateTime<Utc>,
) -> Result<Checked, AppError> {
    let title = line("Title", &fields.title, TITLE_MAX)?;
    if title.is_empty() {
        return Err(AppError::invalid("Give the session a title."));
    }
    let description = paragraph("Description", &fields.description, DESCRIPTION_MAX)?;
    let zone = clock::zone(fields.time_zone.trim()).ok_or_else(|| {
        AppError::invalid("Time zone: name one such as Europe/Berlin or America/New_York.")
    })?;
    let starts = local_time("Start", &fields.starts, zone)?;
    let ends = local_time("End", &fields.ends, zone)?;
    let moved = before.is_none_or(|row| row.starts_at != starts);
    if moved && starts <= now {
        return Err(AppError::invalid(
            "The start has passed: choose a time to come.",
        ));
    }
    if ends <= starts {
        return Err(AppError::invalid("The end must come after the start."));
    }
    if ends - starts > LONGEST {
        return Err(AppError::invalid("A session runs at most 12 hours."));
    }
    let (audience, group_id, path_id) = match fields.audience.trim().split_once(':') {
        Some(("group", id)) => (Audience::Group, id.parse().ok(), None),
        Some(("path", id)) => (Audience::Path, None, id.parse().ok()),
        None if fields.audience.trim() == "company" => (Audience::Company, None, None),
        _ => return Err(AppError::invalid("Choose whom the session is for.")),
    };
    if audience == Audience::Group && group_id.is_none() {
        return Err(AppError::invalid("Choose the group."));
    }
    // Whoever may change a session keeps its audience; choosing another asks the same as
    // scheduling for it.
    let kept = before.is_some_and(|row| {
        row.audience == audience && row.group_id == group_id && row.path_id == path_id
    });
    if !kept {
        let place = match group_id {
            Some(id) if audience == Audience::Group => {
                Some(crate::groups::ssr::place(db, actor, id).await?)
            }
            _ => None,
        };
        policy::schedule_session(actor, place.as_ref().map(|place| place.policy()))?;
    }
    if audience == Audience::Path {
        let id = path_id.ok_or_else(|| AppError::invalid("Choose the path."))?;
        if path::Entity::find_by_id(id).one(db).await?.is_none() {
            return Err(AppError::invalid("That path no longer exists."));
        }
    }
    let stream_url = web_address("Stream link", &fields.stream_url)?;
    let capacity = match fields.capacity.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i32>()
                .ok()
                .filter(|n| (1..=CAPACITY_MAX).contains(n))
                .ok_or_else(|| {
                    AppError::invalid(format!(
                        "Capacity: a whole number from 1 to {CAPACITY_MAX}, or empty for no limit."
                    ))
                })?,
        ),
    };
    if let (Some(capacity), Some(before)) = (capacity, before)
        && capacity < before.going_count
    {
        return Err(AppError::invalid(format!(
            "{} people are going already: the capacity can't be less.",
            before.going_count
        )));
    }
    let hosts = hosts(db, actor, &fields.hosts).await?;
    Ok(Checked {
        title,
        description,
        starts,
        ends,
        zone,
        audience,
        group_id,
        path_id,
        stream_url,
        capacity,
        hosts,
        qa_moderated: fields.qa_moderated.trim() == "on",
        anonymous_questions: fields.anonymous_questions.trim() == "on",
        tag: crate::people::validate::tag("Tag", &fields.tag)?,
    })
}

/// The hosts named by email: active people, at most ten; nobody named means the actor.
async fn hosts(db: &impl ConnectionTrait, actor: Actor, raw: &str) -> Result<Vec<i64>, AppError> {
    let mut emails = Vec::new();
    for part in raw.split(',').filter(|part| !part.trim().is_empty()) {
        let address = email(part)?;
        if !emails.contains(&address) {
            emails.push(address);
        }
    }
    if emails.is_empty() {
        return Ok(vec![actor.id]);
    }
    if emails.len() > HOSTS_MAX {
        return Err(AppError::invalid("Name at most ten hosts."));
    }
    let found: HashMap<String, i64> = user::Entity::find()
        .select_only()
        .columns([user::Column::Email, user::Column::Id])
        .filter(user::Column::Email.is_in(emails.clone()))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    emails
        .iter()
        .map(|address| {
            found.get(address).copied().ok_or_else(|| {
                AppError::invalid(format!(
                    "Hosts: nobody active here has the email {address}."
                ))
            })
        })
        .collect()
}

/// Writes a session's hosts, replacing any it had.
async fn set_hosts(db: &impl ConnectionTrait, session: i64, hosts: &[i64]) -> Result<(), AppError> {
    live_session_host::Entity::delete_many()
        .filter(live_session_host::Column::SessionId.eq(session))
        .exec(db)
        .await?;
    for host in hosts {
        live_session_host::ActiveModel {
            session_id: Set(session),
            user_id: Set(*host),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Schedules a session; answers its id.
pub async fn create(
    db: &DatabaseConnection,
    actor: Actor,
    fields: SessionFields,
) -> Result<i64, AppError> {
    let now = Utc::now();
    let checked = checked(db, actor, &fields, None, now).await?;
    let txn = db.begin().await?;
    let row = live_session::ActiveModel {
        title: Set(checked.title),
        description_html: Set(render(&checked.description, &HashMap::new())),
        description: Set(checked.description),
        starts_at: Set(checked.starts),
        ends_at: Set(checked.ends),
        time_zone: Set(checked.zone.name().to_string()),
        audience: Set(checked.audience),
        group_id: Set(checked.group_id),
        path_id: Set(checked.path_id),
        stream_url: Set(checked.stream_url),
        capacity: Set(checked.capacity),
        qa_moderated: Set(checked.qa_moderated),
        anonymous_questions: Set(checked.anonymous_questions),
        tag: Set(checked.tag),
        going_count: Set(0),
        cancelled: Set(false),
        sequence: Set(0),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_hosts(&txn, row.id, &checked.hosts).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// What changed that people who answered should hear of, in words; None when nothing did.
pub fn change_words(
    before: &live_session::Model,
    title: &str,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    stream_url: &str,
) -> Option<String> {
    let mut changes = Vec::new();
    if before.title != title {
        changes.push(format!("now called “{title}”"));
    }
    if before.starts_at != starts || before.ends_at != ends {
        changes.push("new time".to_string());
    }
    if before.stream_url != stream_url {
        changes.push("new stream link".to_string());
    }
    (!changes.is_empty()).then(|| {
        let mut words = changes.join(", ");
        words[..1].make_ascii_uppercase();
        words
    })
}

/// Those who answered a session and still mean to come: going, waiting or maybe. (Answers of
/// people who can no longer see it are dropped when its audience changes.)
async fn interested(db: &impl ConnectionTrait, session: i64) -> Result<Vec<i64>, AppError> {
    Ok(live_rsvp::Entity::find()
        .select_only()
        .column(live_rsvp::Column::UserId)
        .filter(live_rsvp::Column::SessionId.eq(session))
        .filter(live_rsvp::Column::Answer.ne(Answer::NotGoing))
        .into_tuple()
        .all(db)
        .await?)
}

/// Changes a session. Those who answered hear of a new title, time or link; a larger capacity
/// lets people in from the waiting list.
pub async fn update(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    fields: SessionFields,
) -> Result<(), AppError> {
    let seeing = Seeing::load(db, actor).await?;
    let (before, hosts) = visible(db, &seeing, id).await?;
    if !seeing.edits(&before, &hosts) {
        return Err(AppError::Forbidden);
    }
    if before.cancelled {
        return Err(AppError::Conflict(
            "This session was cancelled; schedule a new one instead.".into(),
        ));
    }
    let now = Utc::now();
    if before.ends_at <= now {
        return Err(AppError::Conflict("This session is over.".into()));
    }
    let checked = checked(db, actor, &fields, Some(&before), now).await?;
    let told = change_words(
        &before,
        &checked.title,
        checked.starts,
        checked.ends,
        &checked.stream_url,
    );
    let txn = db.begin().await?;
    // Places are checked against those going as the change is written, not as it was read: an
    // answer in between is counted.
    if let Some(capacity) = checked.capacity {
        let fits = live_session::Entity::update_many()
            .col_expr(live_session::Column::Capacity, Expr::value(capacity))
            .filter(live_session::Column::Id.eq(id))
            .filter(live_session::Column::GoingCount.lte(capacity))
            .exec(&txn)
            .await?;
        if fits.rows_affected == 0 {
            return Err(AppError::invalid(
                "More people are going than that: the capacity can't be less.",
            ));
        }
    }
    let mut row: live_session::ActiveModel = before.clone().into();
    row.title = Set(checked.title);
    row.description_html = Set(render(&checked.description, &HashMap::new()));
    row.description = Set(checked.description);
    row.starts_at = Set(checked.starts);
    row.ends_at = Set(checked.ends);
    row.time_zone = Set(checked.zone.name().to_string());
    row.audience = Set(checked.audience);
    row.group_id = Set(checked.group_id);
    row.path_id = Set(checked.path_id);
    row.stream_url = Set(checked.stream_url);
    row.capacity = Set(checked.capacity);
    row.qa_moderated = Set(checked.qa_moderated);
    row.anonymous_questions = Set(checked.anonymous_questions);
    row.tag = Set(checked.tag);
    row.updated_at = Set(now);
    // Not the places taken, nor the sequence: other changes may move them meanwhile.
    row.going_count = sea_orm::ActiveValue::NotSet;
    row.sequence = sea_orm::ActiveValue::NotSet;
    let row = row.update(&txn).await?;
    next_sequence(&txn, id).await?;
    set_hosts(&txn, id, &checked.hosts).await?;
    let hosts = checked.hosts.clone();
    // Those who can no longer see it (its audience changed) lose their answers and places.
    let gone = not_seeing(&txn, &row, &hosts, answered(&txn, id).await?).await?;
    if !gone.is_empty() {
        drop_answers(&txn, id, &gone).await?;
    }
    // A later start means reminders go again at their new times.
    if before.starts_at != row.starts_at {
        live_rsvp::Entity::update_many()
            .col_expr(
                live_rsvp::Column::RemindedDayAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                live_rsvp::Column::RemindedSoonAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(live_rsvp::Column::SessionId.eq(id))
            .exec(&txn)
            .await?;
    }
    if let Some(words) = told {
        let tell = Tell::new(NoticeKind::SessionChanged, 0)
            .by(actor.id)
            .session(id)
            .reason(&words);
        for person in interested(&txn, id).await? {
            notify::ssr::tell(&txn, tell.to(person)).await?;
        }
    }
    rsvp::promote(&txn, id).await?;
    notify::ssr::commit(txn).await
}

/// Adds one to a session's iCalendar SEQUENCE, in the database, so two changes at once count two.
async fn next_sequence(db: &impl ConnectionTrait, id: i64) -> Result<(), AppError> {
    live_session::Entity::update_many()
        .col_expr(
            live_session::Column::Sequence,
            Expr::col(live_session::Column::Sequence).add(1),
        )
        .filter(live_session::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Everyone who answered a session, whatever they said.
async fn answered(db: &impl ConnectionTrait, session: i64) -> Result<Vec<i64>, AppError> {
    Ok(live_rsvp::Entity::find()
        .select_only()
        .column(live_rsvp::Column::UserId)
        .filter(live_rsvp::Column::SessionId.eq(session))
        .into_tuple()
        .all(db)
        .await?)
}

/// Of `people`, those who may not see the session now: outside its audience, or gone.
pub(crate) async fn not_seeing(
    db: &impl ConnectionTrait,
    row: &live_session::Model,
    hosts: &[i64],
    people: Vec<i64>,
) -> Result<Vec<i64>, AppError> {
    if row.audience == Audience::Company {
        // Everyone active sees a company session.
        let active: HashSet<i64> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::Id.is_in(people.clone()))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        return Ok(people
            .into_iter()
            .filter(|person| !active.contains(person))
            .collect());
    }
    let rows = user::Entity::find()
        .filter(user::Column::Id.is_in(people.clone()))
        .all(db)
        .await?;
    let mut gone: Vec<i64> = people
        .iter()
        .copied()
        .filter(|person| !rows.iter().any(|row| row.id == *person))
        .collect();
    for person in rows {
        let sees = person.status == AccountStatus::Active
            && Seeing::load(db, Actor::of(&person)).await?.sees(row, hosts);
        if !sees {
            gone.push(person.id);
        }
    }
    Ok(gone)
}

/// Removes these people's answers to a session, giving back the places of those going.
async fn drop_answers(
    db: &impl ConnectionTrait,
    session: i64,
    people: &[i64],
) -> Result<(), AppError> {
    let going = live_rsvp::Entity::delete_many()
        .filter(live_rsvp::Column::SessionId.eq(session))
        .filter(live_rsvp::Column::UserId.is_in(people.to_vec()))
        .filter(live_rsvp::Column::Answer.eq(Answer::Going))
        .exec(db)
        .await?
        .rows_affected;
    live_rsvp::Entity::delete_many()
        .filter(live_rsvp::Column::SessionId.eq(session))
        .filter(live_rsvp::Column::UserId.is_in(people.to_vec()))
        .exec(db)
        .await?;
    if going > 0 {
        live_session::Entity::update_many()
            .col_expr(
                live_session::Column::GoingCount,
                Expr::col(live_session::Column::GoingCount)
                    .sub(i32::try_from(going).unwrap_or(i32::MAX)),
            )
            .filter(live_session::Column::Id.eq(session))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Cancels a session, saying why; everyone who answered is told. It stays listed, marked, and
/// calendars show it cancelled.
pub async fn cancel(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let seeing = Seeing::load(db, actor).await?;
    let (row, hosts) = visible(db, &seeing, id).await?;
    if !seeing.edits(&row, &hosts) {
        return Err(AppError::Forbidden);
    }
    let reason = line("Reason", reason, 300)?;
    if row.cancelled {
        return Err(AppError::Conflict("It was cancelled already.".into()));
    }
    if row.ends_at <= Utc::now() {
        return Err(AppError::Conflict("This session is over.".into()));
    }
    let txn = db.begin().await?;
    // Only once: of two hosts cancelling at once, the second is told.
    let done = live_session::Entity::update_many()
        .col_expr(live_session::Column::Cancelled, Expr::value(true))
        .col_expr(live_session::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(live_session::Column::Id.eq(id))
        .filter(live_session::Column::Cancelled.eq(false))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict("It was cancelled already.".into()));
    }
    next_sequence(&txn, id).await?;
    let tell = Tell::new(NoticeKind::SessionCancelled, 0)
        .by(actor.id)
        .session(id)
        .reason(&reason);
    for person in interested(&txn, id).await? {
        notify::ssr::tell(&txn, tell.to(person)).await?;
    }
    notify::ssr::commit(txn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(title: &str, hour: u32) -> live_session::Model {
        let starts = Utc.with_ymd_and_hms(2026, 12, 10, hour, 0, 0).unwrap();
        live_session::Model {
            id: 1,
            title: title.into(),
            description: String::new(),
            description_html: String::new(),
            starts_at: starts,
            ends_at: starts + Duration::hours(1),
            time_zone: "Europe/Berlin".into(),
            audience: Audience::Company,
            group_id: None,
            path_id: None,
            stream_url: "https://meet.example/a".into(),
            capacity: None,
            going_count: 0,
            cancelled: false,
            sequence: 0,
            qa_moderated: false,
            anonymous_questions: false,
            tag: None,
            recording_item_id: None,
            created_by: None,
            created_at: starts,
            updated_at: starts,
        }
    }

    #[test]
    fn people_hear_of_the_changes_that_matter_to_them() {
        let before = session("Town hall", 9);
        let (starts, ends) = (before.starts_at, before.ends_at);
        assert_eq!(
            change_words(&before, "Town hall", starts, ends, "https://meet.example/a"),
            None
        );
        assert_eq!(
            change_words(
                &before,
                "Town hall",
                starts + Duration::hours(1),
                ends + Duration::hours(1),
                "https://meet.example/b"
            )
            .as_deref(),
            Some("New time, new stream link")
        );
        assert_eq!(
            change_words(
                &before,
                "Q4 town hall",
                starts,
                ends,
                "https://meet.example/a"
            )
            .as_deref(),
            Some("Now called “Q4 town hall”")
        );
    }

    #[test]
    fn a_local_time_is_read_in_the_sessions_zone() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            local_time("Start", "2026-12-10T10:00", berlin).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap()
        );
        // 02:30 on the last Sunday of March does not happen in Berlin.
        assert!(local_time("Start", "2027-03-28T02:30", berlin).is_err());
        assert!(local_time("Start", "tomorrow", berlin).is_err());
    }

    #[test]
    fn a_session_is_upcoming_live_past_or_cancelled() {
        let mut row = session("Town hall", 9);
        let at = |hour, minute| Utc.with_ymd_and_hms(2026, 12, 10, hour, minute, 0).unwrap();
        assert_eq!(phase(&row, at(8, 59)), Phase::Upcoming);
        assert_eq!(phase(&row, at(9, 0)), Phase::Live);
        assert_eq!(phase(&row, at(10, 0)), Phase::Past);
        row.cancelled = true;
        assert_eq!(phase(&row, at(9, 30)), Phase::Cancelled);
    }
}
