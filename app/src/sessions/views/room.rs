use crate::{
    sessions::{
        AskQuestion, DecideQuestion, MuteInRoom, RemoveChat, SendChat, VoteQuestion,
        types::{ChatMessage, Question, QuestionStatus, Room},
    },
    shell::{ActionError, AskWhy, FormButton, on_success},
};
use leptos::prelude::*;

/// The room's actions, made once by the page so every part of the room shares them.
#[derive(Clone, Copy)]
pub struct RoomActions {
    pub send: ServerAction<SendChat>,
    pub remove: ServerAction<RemoveChat>,
    pub mute: ServerAction<MuteInRoom>,
    pub ask: ServerAction<AskQuestion>,
    pub vote: ServerAction<VoteQuestion>,
    pub decide: ServerAction<DecideQuestion>,
    /// What is typed in the chat and question boxes, emptied once sent.
    chat: RwSignal<String>,
    question: RwSignal<String>,
    /// Chat messages that came over the socket since the room was read, newest last.
    pub arrived: RwSignal<Vec<ChatMessage>>,
}

/// Chat messages kept from the socket; the room shows as many when it is read.
const ARRIVED_KEPT: usize = 100;

impl RoomActions {
    /// Makes the actions; `done` runs after each succeeds.
    pub fn new(done: impl Fn() + Copy + Send + Sync + 'static) -> RoomActions {
        let actions = RoomActions {
            send: ServerAction::new(),
            remove: ServerAction::new(),
            mute: ServerAction::new(),
            ask: ServerAction::new(),
            vote: ServerAction::new(),
            decide: ServerAction::new(),
            chat: RwSignal::new(String::new()),
            question: RwSignal::new(String::new()),
            arrived: RwSignal::new(Vec::new()),
        };
        on_success(actions.send, move || actions.chat.set(String::new()));
        on_success(actions.ask, move || actions.question.set(String::new()));
        on_success(actions.send, done);
        on_success(actions.remove, done);
        on_success(actions.mute, done);
        on_success(actions.ask, done);
        on_success(actions.vote, done);
        on_success(actions.decide, done);
        actions
    }

    /// Adds a chat message that came over the socket, once. Answers whether older ones had to
    /// make room, when the room should be read again so none goes missing between.
    pub fn arrive(self, message: ChatMessage) -> bool {
        let mut trimmed = false;
        self.arrived.update(|arrived| {
            if arrived.iter().all(|known| known.id != message.id) {
                arrived.push(message);
                if arrived.len() > ARRIVED_KEPT {
                    arrived.drain(..arrived.len() - ARRIVED_KEPT);
                    trimmed = true;
                }
            }
        });
        trimmed
    }
}

/// A session's room: the chat while it runs, and the Q&A.
#[component]
pub fn RoomView(
    id: i64,
    room: Room,
    /// Whether it runs now: the chat is open.
    live: bool,
    /// Whether questions are still taken (before it ends).
    open: bool,
    actions: RoomActions,
) -> impl IntoView {
    let hosts = room.hosts;
    // A message read here, or removed, is not shown again when it comes over the socket (on
    // PostgreSQL, messages may commit out of order, so no single id marks what was read).
    let known: Vec<i64> = room
        .messages
        .iter()
        .map(|message| message.id)
        .chain(room.removed.iter().copied())
        .collect();
    let chat = ChatRoom {
        id,
        known: StoredValue::new(known),
        hosts: room.hosts,
        host_ids: StoredValue::new(room.host_ids.clone()),
        muted: room.muted_until.is_some(),
        actions,
    };
    let muted = room.muted_until.clone().map(|until| view! {
        <p class="notice notice--warning" role="status">
            {format!("A host muted you in this room until {until}: you can still watch and read.")}
        </p>
    });
    view! {
        <div class="room">
            {muted}
            {live.then(|| view! { <Chat chat messages=room.messages.clone() /> })}
            <section class="panel" aria-labelledby="questions-title">
                <h2 id="questions-title">"Questions"</h2>
                {room.moderated.then(|| view! { <p class="muted">"A host approves questions before everyone sees them."</p> })}
                {if room.questions.is_empty() {
                    view! { <p class="empty-state">"No questions yet: ask the first."</p> }.into_any()
                } else {
                    view! {
                        <ul class="questions" aria-label="Questions">
                            {room.questions.into_iter().map(|question| view! { <QuestionItem question hosts actions /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <ActionError action=actions.vote />
                <ActionError action=actions.decide />
                <Show when=move || open && !chat.muted>
                <ActionForm action=actions.ask attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label class="field">
                        <span class="field__label">"Your question"</span>
                        <textarea name="body" rows="2" maxlength="500" required bind:value=actions.question></textarea>
                    </label>
                    {room.anonymous_questions.then(|| view! {
                        <label class="check">
                            <input type="checkbox" name="anonymous" />
                            " Ask without my name"
                        </label>
                    })}
                    <ActionError action=actions.ask />
                    <div class="form__actions">
                        <button type="submit" class="button">"Ask"</button>
                    </div>
                </ActionForm>
                </Show>
            </section>
        </div>
    }
}

/// What every message in a room's chat shares.
#[derive(Clone, Copy)]
struct ChatRoom {
    id: i64,
    /// The messages read with the room, and those removed.
    known: StoredValue<Vec<i64>>,
    hosts: bool,
    host_ids: StoredValue<Vec<i64>>,
    /// Whether the reader is muted in it: they read, but do not send.
    muted: bool,
    actions: RoomActions,
}

#[component]
fn Chat(chat: ChatRoom, messages: Vec<ChatMessage>) -> impl IntoView {
    let actions = chat.actions;
    // What came over the socket and the room's read does not hold.
    let later = move || {
        actions.arrived.with(|arrived| {
            chat.known.with_value(|known| {
                arrived
                    .iter()
                    .filter(|message| !known.contains(&message.id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <section class="panel" aria-labelledby="chat-title">
            <h2 id="chat-title">"Chat"</h2>
            <ul class="chat" aria-label="Chat" aria-live="polite">
                {messages.into_iter().map(|message| view! { <ChatLine chat message /> }).collect_view()}
                <For each=later key=|message| message.id let:message>
                    <ChatLine chat message />
                </For>
            </ul>
            <ActionError action=actions.remove />
            <ActionError action=actions.mute />
            <ActionForm action=actions.send attr:class="form form--inline">
                <input type="hidden" name="id" value=chat.id.to_string() />
                <label class="field field--grow">
                    <span class="field__label">"Message"</span>
                    <input type="text" name="body" maxlength="1000" required autocomplete="off" bind:value=actions.chat disabled=chat.muted />
                </label>
                <button type="submit" class="button button--primary" disabled=chat.muted>"Send"</button>
            </ActionForm>
            <ActionError action=actions.send />
        </section>
    }
}

/// One chat message, with its hosts' tools: remove it, or mute its author in the room.
#[component]
fn ChatLine(chat: ChatRoom, message: ChatMessage) -> impl IntoView {
    let actions = chat.actions;
    let fields = move || vec![("id", message.id.to_string())];
    let mutable = chat.hosts
        && chat
            .host_ids
            .with_value(|hosts| !hosts.contains(&message.author_id));
    view! {
        <li class="chat__message">
            <strong>{message.author}</strong>" "
            <time class="muted" datetime=message.stamp>{message.when}</time>
            <div class="prose" inner_html=message.body_html></div>
            {chat.hosts.then(|| view! {
                <div class="chat__tools">
                    <AskWhy action=actions.remove fields=fields()
                        summary="Remove" question="Why is it removed? The moderation log keeps it."
                        submit="Remove message" />
                    {mutable.then(|| view! {
                        <AskWhy action=actions.mute fields=fields()
                            summary="Mute" question="Why? The moderation log keeps it."
                            submit="Mute in this room">
                            <label class="field">
                                <span class="field__label">"Mute for"</span>
                                <select name="minutes">
                                    <option value="15">"15 minutes"</option>
                                    <option value="60">"1 hour"</option>
                                    <option value="1440">"1 day"</option>
                                </select>
                            </label>
                        </AskWhy>
                    })}
                </div>
            })}
        </li>
    }
}

#[component]
fn QuestionItem(question: Question, hosts: bool, actions: RoomActions) -> impl IntoView {
    let id = question.id;
    let status = question.status;
    let who = match (&question.author, question.anonymous) {
        (Some(name), true) => format!("{name} (asked anonymously)"),
        (Some(name), false) => name.clone(),
        (None, _) => "Anonymous".to_string(),
    };
    let votes = match question.votes {
        1 => "1 vote".to_string(),
        n => format!("{n} votes"),
    };
    let can_vote =
        !question.voted && matches!(status, QuestionStatus::Open | QuestionStatus::Answering);
    let host_moves: Vec<(QuestionStatus, &'static str)> = if hosts {
        match status {
            QuestionStatus::Waiting => vec![
                (QuestionStatus::Open, "Approve"),
                (QuestionStatus::Dismissed, "Dismiss"),
            ],
            QuestionStatus::Open => vec![
                (QuestionStatus::Answering, "Answer now"),
                (QuestionStatus::Answered, "Mark answered"),
                (QuestionStatus::Dismissed, "Dismiss"),
            ],
            QuestionStatus::Answering => vec![
                (QuestionStatus::Answered, "Mark answered"),
                (QuestionStatus::Open, "Back to the list"),
            ],
            QuestionStatus::Answered | QuestionStatus::Dismissed => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let class = if status == QuestionStatus::Answering {
        "question question--answering"
    } else {
        "question"
    };
    view! {
        <li class=class>
            <div class="prose" inner_html=question.body_html></div>
            <div class="question__meta">
                <span class="muted">{who}</span>
                {(status != QuestionStatus::Open).then(|| view! { <span class="tag tag--primary">{status.label()}</span> })}
                <span>{votes}</span>
                {can_vote.then(|| view! {
                    <FormButton action=actions.vote fields=vec![("id", id.to_string())] label="Upvote" class="button button--small" />
                })}
                {question.voted.then(|| view! { <span class="muted">"You voted"</span> })}
                {host_moves.into_iter().map(|(to, label)| view! {
                    <FormButton action=actions.decide fields=vec![("id", id.to_string()), ("status", to.as_str().to_string())]
                        label=label class="button button--small" />
                }).collect_view()}
            </div>
        </li>
    }
}
