//! A session's room: a chat while it runs, and a Q&A where people ask (ahead or live), upvote once
//! each, and hosts approve, take up, answer or dismiss questions. Every change is an event on the
//! page's existing socket, so open rooms update without a reload. Chat and questions are Markdown,
//! sanitised like posts; removing a message is written to the moderation log.

use super::{Seeing, phase, visible};
use crate::{
    clock,
    db::{event, live_message, live_mute, live_question, live_question_vote, live_session, user},
    error::AppError,
    feed::markdown::render,
    live::{
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    moderation::{ssr::action, types::ModerationKind},
    people::{
        types::Role,
        validate::{line, paragraph},
    },
    policy::Actor,
    sessions::types::{ChatMessage, Phase, Question, QuestionStatus, Room},
    state::AppState,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use std::collections::{HashMap, HashSet};

/// Chat messages a room shows.
const MESSAGES_SHOWN: u64 = 100;
const MESSAGE_MAX: usize = 1_000;
const QUESTION_MAX: usize = 500;
/// At most this many messages per person in `BURST_WINDOW`, and `PER_MINUTE` a minute.
const BURST: u64 = 3;
const BURST_WINDOW: Duration = Duration::seconds(10);
const PER_MINUTE: u64 = 20;
/// The longest mute a host gives in a room.
const MUTE_MAX_MINUTES: i64 = 24 * 60;
/// Questions per person a minute.
const QUESTIONS_PER_MINUTE: u64 = 5;

/// The event that tells open rooms of a change: to those who read the session's group, or to
/// everyone for a company or path session (the frame names only the session; its room is read
/// through `room`, which checks who may).
fn changed(row: &live_session::Model) -> NewEvent {
    NewEvent::new(LiveKind::RoomChanged, Audience::Readers, row.group_id).session(row.id)
}

/// The event that brings a new chat message to open rooms, carrying it: two thousand pages in a
/// room would otherwise each ask for it at once.
fn chat_sent(row: &live_session::Model, message: &ChatMessage) -> Result<NewEvent, AppError> {
    let content = serde_json::to_string(message).map_err(|_| AppError::Internal)?;
    Ok(
        NewEvent::new(LiveKind::ChatSent, Audience::Readers, row.group_id)
            .session(row.id)
            .content(content),
    )
}

/// Until when the person is muted in the room, if they are now.
async fn muted_until(
    db: &impl ConnectionTrait,
    session: i64,
    person: i64,
) -> Result<Option<chrono::DateTime<Utc>>, AppError> {
    Ok(live_mute::Entity::find()
        .filter(live_mute::Column::SessionId.eq(session))
        .filter(live_mute::Column::UserId.eq(person))
        .filter(live_mute::Column::Until.gt(Utc::now()))
        .one(db)
        .await?
        .map(|mute| mute.until))
}

/// Refuses someone muted in the session's group or in its room, saying until when.
async fn not_muted(
    db: &impl ConnectionTrait,
    seeing: &Seeing,
    row: &live_session::Model,
) -> Result<(), AppError> {
    if row
        .group_id
        .is_some_and(|group| seeing.standing.muted(group))
    {
        return Err(AppError::invalid(
            "You're muted in this group for now, so you can't chat or ask here.",
        ));
    }
    if let Some(until) = muted_until(db, row.id, seeing.standing.actor.id).await? {
        return Err(AppError::invalid(format!(
            "A host muted you in this room until {}: you can still watch and read.",
            clock::label(until)
        )));
    }
    Ok(())
}

/// Orders questions: the one being answered, those waiting (hosts see them), the open ones by
/// votes and then age, then the answered and dismissed.
pub fn question_order(status: QuestionStatus, votes: i32, id: i64) -> (u8, i32, i64) {
    let stage = match status {
        QuestionStatus::Answering => 0,
        QuestionStatus::Waiting => 1,
        QuestionStatus::Open => 2,
        QuestionStatus::Answered => 3,
        QuestionStatus::Dismissed => 4,
    };
    (stage, -votes, id)
}

/// Whether a host may move a question from `from` to `to`.
pub fn may_move(from: QuestionStatus, to: QuestionStatus) -> bool {
    use QuestionStatus::*;
    matches!(
        (from, to),
        (Waiting, Open | Dismissed)
            | (Open, Answering | Answered | Dismissed)
            | (Answering, Open | Answered | Dismissed)
    )
}

/// A session's room as the reader sees it.
pub async fn room(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<Room, AppError> {
    let seeing = Seeing::load(db, actor).await?;
    let (row, hosts) = visible(db, &seeing, id).await?;
    let runs = seeing.edits(&row, &hosts);
    let mut messages = live_message::Entity::find()
        .filter(live_message::Column::SessionId.eq(id))
        .filter(live_message::Column::RemovedAt.is_null())
        .order_by_desc(live_message::Column::Id)
        .limit(MESSAGES_SHOWN)
        .all(db)
        .await?;
    let oldest = messages.last().map_or(0, |message| message.id);
    let removed: Vec<i64> = live_message::Entity::find()
        .select_only()
        .column(live_message::Column::Id)
        .filter(live_message::Column::SessionId.eq(id))
        .filter(live_message::Column::RemovedAt.is_not_null())
        .filter(live_message::Column::Id.gte(oldest))
        .into_tuple()
        .all(db)
        .await?;
    messages.reverse();
    let mut questions: Vec<live_question::Model> = live_question::Entity::find()
        .filter(live_question::Column::SessionId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .filter(|question| {
            runs || question.author_id == actor.id
                || !matches!(
                    question.status,
                    QuestionStatus::Waiting | QuestionStatus::Dismissed
                )
        })
        .collect();
    questions.sort_by_key(|question| question_order(question.status, question.votes, question.id));
    let names: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .filter(
            user::Column::Id.is_in(
                messages
                    .iter()
                    .map(|message| message.author_id)
                    .chain(questions.iter().map(|question| question.author_id)),
            ),
        )
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let voted: HashSet<i64> = live_question_vote::Entity::find()
        .select_only()
        .column(live_question_vote::Column::QuestionId)
        .filter(live_question_vote::Column::UserId.eq(actor.id))
        .filter(
            live_question_vote::Column::QuestionId
                .is_in(questions.iter().map(|question| question.id)),
        )
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| "Someone".into());
    Ok(Room {
        messages: messages
            .into_iter()
            .map(|message| ChatMessage {
                id: message.id,
                author: name(message.author_id),
                author_id: message.author_id,
                body_html: message.body_html,
                when: clock::label(message.created_at),
                stamp: clock::stamp(message.created_at),
            })
            .collect(),
        questions: questions
            .into_iter()
            .map(|question| Question {
                id: question.id,
                // Anonymous to everyone but admins, who answer for what is said here.
                author: (!question.anonymous || actor.is_admin()).then(|| name(question.author_id)),
                anonymous: question.anonymous,
                body_html: question.body_html,
                status: question.status,
                votes: question.votes,
                voted: voted.contains(&question.id),
                mine: question.author_id == actor.id,
            })
            .collect(),
        removed,
        muted_until: muted_until(db, id, actor.id).await?.map(clock::label),
        host_ids: hosts,
        hosts: runs,
        anonymous_questions: row.anonymous_questions,
        moderated: row.qa_moderated,
    })
}

/// How many chat messages the author sent in the session since `since`.
async fn recent(
    db: &impl ConnectionTrait,
    author: i64,
    session: i64,
    since: chrono::DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(live_message::Entity::find()
        .filter(live_message::Column::AuthorId.eq(author))
        .filter(live_message::Column::SessionId.eq(session))
        .filter(live_message::Column::CreatedAt.gt(since))
        .count(db)
        .await?)
}

/// Sends a chat message while the session runs. Floods are refused in words, and someone muted in
/// the room, or in the session's group, is refused.
pub async fn send(state: &AppState, actor: Actor, id: i64, body: &str) -> Result<(), AppError> {
    let db = &state.db;
    let seeing = Seeing::load(db, actor).await?;
    let (row, _) = visible(db, &seeing, id).await?;
    if phase(&row, Utc::now()) != Phase::Live {
        return Err(AppError::Conflict(
            "The chat opens while the session runs.".into(),
        ));
    }
    not_muted(db, &seeing, &row).await?;
    let body = paragraph("Message", body, MESSAGE_MAX)?;
    if body.is_empty() {
        return Err(AppError::invalid("Write a message first."));
    }
    let now = Utc::now();
    if recent(db, actor.id, id, now - BURST_WINDOW).await? >= BURST
        || recent(db, actor.id, id, now - Duration::minutes(1)).await? >= PER_MINUTE
    {
        return Err(AppError::invalid(
            "You're sending messages quickly: wait a few seconds, then send again.",
        ));
    }
    let author = user::Entity::find_by_id(actor.id)
        .select_only()
        .column(user::Column::Name)
        .into_tuple::<String>()
        .one(db)
        .await?
        .unwrap_or_default();
    let txn = db.begin().await?;
    let message = live_message::ActiveModel {
        session_id: Set(id),
        author_id: Set(actor.id),
        body_html: Set(render(&body, &HashMap::new())),
        body: Set(body),
        created_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let shown = ChatMessage {
        id: message.id,
        author,
        author_id: actor.id,
        body_html: message.body_html,
        // The same for every reader, wherever they are.
        when: clock::label_in(now, chrono_tz::Tz::UTC, now),
        stamp: clock::stamp(now),
    };
    record(&txn, chat_sent(&row, &shown)?).await?;
    publish(&state.hub, txn).await
}

/// A chat message with its session and hosts, for someone who runs its room: not found outside
/// the session's audience, forbidden to the others in it.
async fn message_run_by(
    db: &impl ConnectionTrait,
    actor: Actor,
    message: i64,
) -> Result<(live_message::Model, live_session::Model, Vec<i64>), AppError> {
    let found = live_message::Entity::find_by_id(message)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let seeing = Seeing::load(db, actor).await?;
    let (row, hosts) = visible(db, &seeing, found.session_id).await?;
    if !seeing.edits(&row, &hosts) {
        return Err(AppError::Forbidden);
    }
    Ok((found, row, hosts))
}

/// Mutes the author of a chat message in the room for `minutes`, for those who run it; written to
/// the moderation log. They still watch and read, but neither chat nor ask until then.
pub async fn mute(
    state: &AppState,
    actor: Actor,
    message: i64,
    minutes: i64,
    reason: &str,
) -> Result<(), AppError> {
    let db = &state.db;
    let (found, row, hosts) = message_run_by(db, actor, message).await?;
    let author = user::Entity::find_by_id(found.author_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.author_id == actor.id || hosts.contains(&author.id) || author.role == Role::Admin {
        return Err(AppError::invalid(
            "Those who run the room (its hosts and admins) cannot be muted in it.",
        ));
    }
    if !(1..=MUTE_MAX_MINUTES).contains(&minutes) {
        return Err(AppError::invalid(
            "A mute in a room lasts from a minute to a day.",
        ));
    }
    let reason = line("Reason", reason, 300)?;
    // A shorter mute never cuts a longer one short.
    let asked = Utc::now() + Duration::minutes(minutes);
    let until = match muted_until(db, row.id, author.id).await? {
        Some(already) if already > asked => already,
        _ => asked,
    };
    let txn = db.begin().await?;
    live_mute::Entity::insert(live_mute::ActiveModel {
        session_id: Set(row.id),
        user_id: Set(author.id),
        until: Set(until),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([live_mute::Column::SessionId, live_mute::Column::UserId])
            .update_column(live_mute::Column::Until)
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    action(ModerationKind::MuteInRoom, actor, row.group_id)
        .target(found.author_id)
        .reason(&reason)
        .expires(until)
        .write(&txn)
        .await?;
    record(&txn, changed(&row)).await?;
    publish(&state.hub, txn).await
}

/// Removes a chat message, for those who run the room; written to the moderation log.
pub async fn remove_message(
    state: &AppState,
    actor: Actor,
    message: i64,
    reason: &str,
) -> Result<(), AppError> {
    let db = &state.db;
    let (found, row, _) = message_run_by(db, actor, message).await?;
    let reason = line("Reason", reason, 300)?;
    let txn = db.begin().await?;
    let removed = live_message::Entity::update_many()
        .col_expr(live_message::Column::RemovedAt, Expr::value(Utc::now()))
        .filter(live_message::Column::Id.eq(message))
        .filter(live_message::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::Conflict(
            "That message was removed already.".into(),
        ));
    }
    // The frame that brought it forgets it too: a page that catches up later is not sent words
    // a host removed. (A message's frame starts with its id, as `ChatMessage` is written.)
    event::Entity::update_many()
        .col_expr(event::Column::Content, Expr::value(Option::<String>::None))
        .filter(event::Column::Kind.eq(LiveKind::ChatSent))
        .filter(event::Column::SessionId.eq(row.id))
        .filter(event::Column::Content.starts_with(format!("{{\"id\":{message},")))
        .exec(&txn)
        .await?;
    action(ModerationKind::RemoveChatMessage, actor, row.group_id)
        .target(found.author_id)
        .reason(&reason)
        .write(&txn)
        .await?;
    record(&txn, changed(&row)).await?;
    publish(&state.hub, txn).await
}

/// Asks a question, ahead of the session or while it runs; in a moderated Q&A it waits for a
/// host's approval.
pub async fn ask(
    state: &AppState,
    actor: Actor,
    id: i64,
    body: &str,
    anonymous: bool,
) -> Result<(), AppError> {
    let db = &state.db;
    let seeing = Seeing::load(db, actor).await?;
    let (row, _) = visible(db, &seeing, id).await?;
    match phase(&row, Utc::now()) {
        Phase::Upcoming | Phase::Live => {}
        Phase::Past | Phase::Cancelled => {
            return Err(AppError::Conflict(
                "Questions close when the session ends.".into(),
            ));
        }
    }
    not_muted(db, &seeing, &row).await?;
    if anonymous && !row.anonymous_questions {
        return Err(AppError::invalid(
            "The hosts ask for names with questions in this session.",
        ));
    }
    let body = paragraph("Question", body, QUESTION_MAX)?;
    if body.is_empty() {
        return Err(AppError::invalid("Write your question first."));
    }
    let asked = live_question::Entity::find()
        .filter(live_question::Column::AuthorId.eq(actor.id))
        .filter(live_question::Column::SessionId.eq(id))
        .filter(live_question::Column::CreatedAt.gt(Utc::now() - Duration::minutes(1)))
        .count(db)
        .await?;
    if asked >= QUESTIONS_PER_MINUTE {
        return Err(AppError::invalid(
            "You've asked a lot just now: give the hosts a minute.",
        ));
    }
    let txn = db.begin().await?;
    live_question::ActiveModel {
        session_id: Set(id),
        author_id: Set(actor.id),
        anonymous: Set(anonymous),
        body_html: Set(render(&body, &HashMap::new())),
        body: Set(body),
        status: Set(if row.qa_moderated {
            QuestionStatus::Waiting
        } else {
            QuestionStatus::Open
        }),
        votes: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(&txn, changed(&row)).await?;
    publish(&state.hub, txn).await
}

/// A question with its session, if the reader may see both.
async fn question_in_view(
    db: &impl ConnectionTrait,
    seeing: &Seeing,
    question: i64,
) -> Result<(live_question::Model, live_session::Model, Vec<i64>), AppError> {
    let found = live_question::Entity::find_by_id(question)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (row, hosts) = visible(db, seeing, found.session_id).await?;
    Ok((found, row, hosts))
}

/// Upvotes a question, once per person; voting again changes nothing.
pub async fn vote(state: &AppState, actor: Actor, question: i64) -> Result<(), AppError> {
    let db = &state.db;
    let seeing = Seeing::load(db, actor).await?;
    let (found, row, _) = question_in_view(db, &seeing, question).await?;
    if !matches!(
        found.status,
        QuestionStatus::Open | QuestionStatus::Answering
    ) {
        return Err(AppError::Conflict(
            "That question is not open for votes.".into(),
        ));
    }
    let txn = db.begin().await?;
    let added = live_question_vote::Entity::insert(live_question_vote::ActiveModel {
        question_id: Set(question),
        user_id: Set(actor.id),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            live_question_vote::Column::QuestionId,
            live_question_vote::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if added == 0 {
        return Ok(());
    }
    live_question::Entity::update_many()
        .col_expr(
            live_question::Column::Votes,
            Expr::col(live_question::Column::Votes).add(1),
        )
        .filter(live_question::Column::Id.eq(question))
        .exec(&txn)
        .await?;
    record(&txn, changed(&row)).await?;
    publish(&state.hub, txn).await
}

/// A host's decision on a question: approve a waiting one, take one up now, mark it answered, or
/// dismiss it. Taking one up marks the one taken up before as answered.
pub async fn decide(
    state: &AppState,
    actor: Actor,
    question: i64,
    to: QuestionStatus,
) -> Result<(), AppError> {
    let db = &state.db;
    let seeing = Seeing::load(db, actor).await?;
    let (found, row, hosts) = question_in_view(db, &seeing, question).await?;
    if !seeing.edits(&row, &hosts) {
        return Err(AppError::Forbidden);
    }
    if !may_move(found.status, to) {
        return Err(AppError::Conflict(format!(
            "That question is {} now.",
            found.status.label().to_lowercase()
        )));
    }
    let txn = db.begin().await?;
    if to == QuestionStatus::Answering {
        live_question::Entity::update_many()
            .col_expr(
                live_question::Column::Status,
                Expr::value(QuestionStatus::Answered.as_str()),
            )
            .filter(live_question::Column::SessionId.eq(row.id))
            .filter(live_question::Column::Status.eq(QuestionStatus::Answering))
            .exec(&txn)
            .await?;
    }
    // Only from the status read: of two hosts deciding at once, the second is told.
    let moved = live_question::Entity::update_many()
        .col_expr(live_question::Column::Status, Expr::value(to.as_str()))
        .filter(live_question::Column::Id.eq(question))
        .filter(live_question::Column::Status.eq(found.status))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Another host decided on it just now.".into(),
        ));
    }
    record(&txn, changed(&row)).await?;
    publish(&state.hub, txn).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuestionStatus::*;

    #[test]
    fn questions_sort_by_stage_then_votes_then_age() {
        let mut questions = [
            (Open, 2, 1),
            (Answered, 9, 2),
            (Open, 5, 3),
            (Answering, 0, 4),
            (Open, 5, 5),
            (Waiting, 0, 6),
        ];
        questions.sort_by_key(|(status, votes, id)| question_order(*status, *votes, *id));
        let ids: Vec<i64> = questions.iter().map(|(_, _, id)| *id).collect();
        assert_eq!(ids, [4, 6, 3, 5, 1, 2]);
    }

    #[test]
    fn hosts_move_questions_forward_only_where_it_makes_sense() {
        assert!(may_move(Waiting, Open));
        assert!(may_move(Open, Answering));
        assert!(may_move(Answering, Answered));
        assert!(!may_move(Answered, Open));
        assert!(!may_move(Waiting, Answering));
        assert!(!may_move(Dismissed, Open));
    }
}
