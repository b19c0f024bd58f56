//! Server functions for live sessions; the server checks who may do what.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The sessions the reader may see: running now, to come, and past.
#[server(endpoint = "list_sessions")]
pub async fn list_sessions() -> Result<LiveSessions, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::list(caller.db(), caller.actor()).await
}

/// A session's page.
#[server(endpoint = "get_session")]
pub async fn get_session(id: i64) -> Result<Session, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::one(caller.db(), caller.actor(), id).await
}

/// Whom the reader may schedule sessions for.
#[server(endpoint = "session_options")]
pub async fn session_options() -> Result<SessionChoices, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::choices(caller.db(), caller.actor()).await
}

/// Schedules a session; answers its id and, for a form posted without JavaScript, goes to it.
#[server(endpoint = "create_session")]
pub async fn create_session(session: SessionFields) -> Result<i64, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let id = super::ssr::create(caller.db(), caller.actor(), session).await?;
    leptos_axum::redirect(&format!("/sessions/{id}"));
    Ok(id)
}

/// Changes a session; those who answered hear what changed.
#[server(endpoint = "update_session")]
pub async fn update_session(id: i64, session: SessionFields) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::update(caller.db(), caller.actor(), id, session).await
}

/// Cancels a session, saying why; those who answered are told.
#[server(endpoint = "cancel_session")]
pub async fn cancel_session(id: i64, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::cancel(caller.db(), caller.actor(), id, &reason).await
}

/// Answers a session: going, maybe or not going; answers where the reader stands now.
#[server(endpoint = "answer_session")]
pub async fn answer_session(id: i64, answer: Answer) -> Result<Answer, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::rsvp::answer(caller.db(), caller.actor(), id, answer).await
}

/// Makes the reader a new private calendar address (any earlier one stops working); answers it.
#[server(endpoint = "new_calendar_link")]
pub async fn new_calendar_link() -> Result<String, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let token = super::ssr::calendar::new_feed(caller.db(), caller.actor()).await?;
    let state = crate::auth::ssr::app_state()?;
    Ok(format!("{}/calendar/{token}.ics", state.settings.mail_base))
}

/// Puts a session's recording in the library, for its hosts once it is over.
#[server(endpoint = "add_session_recording")]
pub async fn add_session_recording(
    id: i64,
    recording: RecordingFields,
) -> Result<RecordingSaved, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::add_recording(caller.db(), caller.actor(), id, recording).await
}

/// A session's room: its chat and its questions.
#[server(endpoint = "get_room")]
pub async fn get_room(id: i64) -> Result<Room, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::room::room(caller.db(), caller.actor(), id).await
}

/// Sends a chat message while the session runs.
#[server(endpoint = "send_chat")]
pub async fn send_chat(id: i64, body: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::room::send(&caller.state, caller.actor(), id, &body).await
}

/// Removes a chat message, for those who run the room.
#[server(endpoint = "remove_chat")]
pub async fn remove_chat(id: i64, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::room::remove_message(&caller.state, caller.actor(), id, &reason).await
}

/// Mutes the author of a chat message in the room for `minutes`, for those who run it.
#[server(endpoint = "mute_in_room")]
pub async fn mute_in_room(id: i64, minutes: i64, reason: String) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::room::mute(&caller.state, caller.actor(), id, minutes, &reason).await
}

/// Asks a question in the session's Q&A; `anonymous` is "on" to ask without a name.
#[server(endpoint = "ask_question")]
pub async fn ask_question(
    id: i64,
    body: String,
    #[server(default)] anonymous: String,
) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let anonymous = anonymous.trim() == "on";
    super::ssr::room::ask(&caller.state, caller.actor(), id, &body, anonymous).await
}

/// Upvotes a question, once.
#[server(endpoint = "vote_question")]
pub async fn vote_question(id: i64) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::room::vote(&caller.state, caller.actor(), id).await
}

/// A host's decision on a question.
#[server(endpoint = "decide_question")]
pub async fn decide_question(id: i64, status: QuestionStatus) -> Result<(), AppError> {
    let caller = crate::auth::ssr::caller().await?;
    super::ssr::room::decide(&caller.state, caller.actor(), id, status).await
}
