use super::{
    room::{RoomActions, RoomView},
    session_card::{phase_tag, places},
    session_fields::SessionFieldset,
};
use crate::{
    error::AppError,
    live::{enter_room, on_live, types::LiveKind},
    sessions::{
        AddSessionRecording, AnswerSession, CancelSession, UpdateSession, get_room, get_session,
        session_options,
        types::{Answer, ChatMessage, Phase, Room, Session, SessionChoices, is_hls},
    },
    shell::{ActionError, AskWhy, FormButton, Loaded, RequireUser, id_param, on_success},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// How long a room waits after a change before reading itself again, taking in the changes that
/// follow close behind.
const ROOM_REREAD_AFTER: std::time::Duration = std::time::Duration::from_millis(250);

/// A page waits this long past a session's start before turning into its room, for clocks that
/// differ a little; and only for a session that starts within a day.
#[cfg(target_family = "wasm")]
const START_MARGIN_MS: f64 = 2_000.0;
#[cfg(target_family = "wasm")]
const START_WATCHED_MS: f64 = 86_400_000.0;

/// A live session: when, with whom, where it streams, the reader's answer, and for its hosts the
/// means to change or cancel it.
#[component]
pub fn SessionPage() -> impl IntoView {
    view! {
        <RequireUser let:_me>
            <SessionView />
        </RequireUser>
    }
}

#[component]
fn SessionView() -> impl IntoView {
    let id = id_param();
    let answer = ServerAction::<AnswerSession>::new();
    let update = ServerAction::<UpdateSession>::new();
    let cancel = ServerAction::<CancelSession>::new();
    let changed = RwSignal::new(0u32);
    let session = Resource::new(move || (id(), changed.get()), |(id, _)| get_session(id));
    // Whether the page may have yet to learn that being here counts as attending: unless what it
    // read already says so, or that the session does not run now.
    let uncounted = move || {
        !session.with_untracked(|loaded| {
            matches!(loaded, Some(Ok(session)) if session.attended || session.summary.phase != Phase::Live)
        })
    };
    let room_version = RwSignal::new(0u32);
    let reread = move || room_version.update(|n| *n += 1);
    let actions = RoomActions::new(reread);
    // The page keeps its room open: a chat message comes whole over the socket, and any other
    // change has the room read again, once for changes that come close together.
    enter_room(id);
    let pending = StoredValue::new(false);
    let reread_soon = move || {
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        set_timeout(
            move || {
                if pending
                    .try_update_value(|pending| *pending = false)
                    .is_some()
                {
                    reread();
                }
            },
            ROOM_REREAD_AFTER,
        );
    };
    on_live(move |event| {
        // Away too long to replay what it missed: the room is read again.
        if event.kind == LiveKind::Resync {
            reread_soon();
        }
        if event.session != Some(id()) {
            return;
        }
        match event.kind {
            LiveKind::ChatSent => {
                if let Some(message) = event
                    .content
                    .and_then(|content| serde_json::from_str::<ChatMessage>(&content).ok())
                    && actions.arrive(message)
                {
                    reread_soon();
                }
            }
            // Let into the room: it is read again for what was said meanwhile, and while it runs
            // the page learns it counted as attending.
            LiveKind::RoomChanged if event.id == 0 => {
                if uncounted() {
                    changed.update(|n| *n += 1);
                }
                reread();
            }
            LiveKind::RoomChanged => reread_soon(),
            _ => {}
        }
    });
    let room = Resource::new(move || (id(), room_version.get()), |(id, _)| get_room(id));
    // A page opened before the session starts turns into its room when it does: it reads the
    // session again (its chat opens) and enters again, which counts as attending.
    #[cfg(target_family = "wasm")]
    let (waiting, live) = (StoredValue::new(false), use_context::<crate::live::Live>());
    #[cfg(target_family = "wasm")]
    Effect::new(move |_| {
        let starts = session.with(|loaded| match loaded {
            Some(Ok(session)) if session.summary.phase == Phase::Upcoming => {
                Some(js_sys::Date::parse(&session.summary.stamp))
            }
            _ => None,
        });
        let wait = starts.map(|starts| starts - js_sys::Date::now() + START_MARGIN_MS);
        if let Some(wait) = wait.filter(|wait| (0.0..START_WATCHED_MS).contains(wait))
            && !waiting.get_value()
        {
            waiting.set_value(true);
            set_timeout(
                move || {
                    if changed.try_update(|n| *n += 1).is_some()
                        && let Some(live) = live
                    {
                        live.reenter_room();
                    }
                },
                std::time::Duration::from_millis(wait as u64),
            );
        }
    });
    let options = Resource::new(|| (), |_| session_options());
    on_success(answer, move || changed.update(|n| *n += 1));
    on_success(update, move || changed.update(|n| *n += 1));
    on_success(cancel, move || changed.update(|n| *n += 1));
    view! {
        <p><a href="/sessions">"← All live sessions"</a></p>
        <Loaded data=session title="Live session" let:session>
            <SessionDetails session answer update cancel options room actions />
        </Loaded>
    }
}

/// Where the reader stands, in words.
fn standing(session: &Session) -> String {
    match (session.summary.mine, session.my_place) {
        (Some(Answer::Going), _) => "You're going.".into(),
        (Some(Answer::Waiting), Some(place)) => {
            format!(
                "Every place is taken: you're number {place} on the waiting list, and move up when one opens."
            )
        }
        (Some(Answer::Maybe), _) => "You might go.".into(),
        (Some(Answer::NotGoing), _) => "You're not going.".into(),
        _ => "Are you going?".into(),
    }
}

#[component]
fn SessionDetails(
    session: Session,
    answer: ServerAction<AnswerSession>,
    update: ServerAction<UpdateSession>,
    cancel: ServerAction<CancelSession>,
    options: Resource<Result<SessionChoices, AppError>>,
    room: Resource<Result<Room, AppError>>,
    actions: RoomActions,
) -> impl IntoView {
    let summary = session.summary.clone();
    let live = summary.phase == Phase::Live;
    let asking = matches!(summary.phase, Phase::Upcoming | Phase::Live);
    let id = summary.id;
    let open = matches!(summary.phase, Phase::Upcoming | Phase::Live);
    let hosts = summary.hosts.join(", ");
    let audience = summary.audience.clone();
    let waiting = (session.waiting > 0).then(|| format!("{} waiting for a place", session.waiting));
    let choose = move |wish: Answer, label: &'static str| {
        let chosen = summary.mine == Some(wish)
            || (wish == Answer::Going && summary.mine == Some(Answer::Waiting));
        view! {
            <FormButton action=answer
                fields=vec![("id", id.to_string()), ("answer", wish.as_str().to_string())]
                label=label
                class=if chosen { "button button--primary" } else { "button" } />
        }
    };
    view! {
        <Title text=summary.title.clone() />
        <header class="page-header">
            <h1>{summary.title.clone()}</h1>
            <p>
                <time datetime=summary.stamp.clone()>{summary.when.clone()}</time>
                {phase_tag(summary.phase)}
            </p>
            {session.hosts_time.clone().map(|time| view! { <p class="muted">{format!("For its hosts: {time}")}</p> })}
            <p class="muted">{format!("{} · with {hosts}", summary.audience)}</p>
        </header>
        <section class="panel" aria-labelledby="answer-title">
            <h2 id="answer-title">"Going?"</h2>
            <p role="status">{standing(&session)}</p>
            <p class="muted">{places(summary.going, summary.capacity)}{waiting.map(|waiting| format!(" · {waiting}"))}</p>
            <Show when=move || open>
                <div class="button-row">
                    {choose(Answer::Going, "Going")}
                    {choose(Answer::Maybe, "Maybe")}
                    {choose(Answer::NotGoing, "Not going")}
                </div>
            </Show>
            <ActionError action=answer />
            <p>
                <a href=format!("/sessions/{id}/calendar.ics") rel="external" download=format!("live-session-{id}.ics")>"Add to calendar (.ics)"</a>
            </p>
        </section>
        <section class="panel" aria-labelledby="stream-title">
            <h2 id="stream-title">"The stream"</h2>
            {if live && is_hls(&session.stream_url) {
                let (url, link) = (session.stream_url.clone(), session.stream_url.clone());
                view! {
                    <video class="stream-player" controls playsinline preload="none" src=url aria-label="The stream"></video>
                    <p><a href=link rel="external noopener" target="_blank">"Open the stream on its own"</a></p>
                }.into_any()
            } else {
                view! {
                    <p>
                        <a class="button button--primary" href=format!("/sessions/{id}/join") rel="external noopener" target="_blank">"Join the stream"</a>
                    </p>
                }.into_any()
            }}
            <p class="muted">
                {if session.attended {
                    "You attended."
                } else {
                    "Being here while it runs counts as attending it, which some learning paths ask for."
                }}
            </p>
            <div class="prose" inner_html=session.description_html.clone()></div>
        </section>
        {(summary.phase != Phase::Cancelled).then(|| view! {
            <Loaded data=room loading="" let:room>
                <RoomView id room live open=asking actions />
            </Loaded>
        })}
        {session.recording.map(|item| view! {
            <section class="panel" aria-labelledby="recording-title">
                <h2 id="recording-title">"Recording"</h2>
                <p><a href=format!("/library/items/{item}")>"Watch the recording in the library"</a></p>
            </section>
        })}
        {session.fields.clone().filter(|_| open).map(|fields| view! {
            <HostTools id audience=audience.clone() fields update cancel options />
        })}
        {(session.recording.is_none() && !session.recording_categories.is_empty()).then(|| view! {
            <RecordingForm id categories=session.recording_categories.clone() />
        })}
    }
}

/// Puts the recording in the library, for hosts once the session is over.
#[component]
fn RecordingForm(id: i64, categories: Vec<(i64, String)>) -> impl IntoView {
    let add = ServerAction::<AddSessionRecording>::new();
    view! {
        <section class="panel" aria-labelledby="add-recording">
            <h2 id="add-recording">"Put the recording in the library"</h2>
            <p class="muted">"It becomes a library item with this session's title and description, and goes to the topic's experts for review like any library item."</p>
            <ActionForm action=add attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <div class="field">
                    <label class="field__label" for="recording-category">"Category"</label>
                    <select id="recording-category" name="recording[category]">
                        {categories.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <fieldset class="field">
                    <legend class="field__label">"The recording"</legend>
                    <label class="check">
                        <input type="radio" name="recording[source]" value="link" checked />
                        " A link to where it is watched"
                    </label>
                    <label class="check">
                        <input type="radio" name="recording[source]" value="video" />
                        " A video file I upload on its library page next"
                    </label>
                </fieldset>
                <label class="field">
                    <span class="field__label">"Recording link (for a link)"</span>
                    <input type="url" name="recording[url]" maxlength="2000" placeholder="https://" />
                </label>
                <label class="field">
                    <span class="field__label">"Topic (its experts review it)"</span>
                    <input type="text" name="recording[topic]" required maxlength="60" />
                </label>
                <ActionError action=add />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Add the recording"</button>
                </div>
            </ActionForm>
            {move || add.value().get().and_then(Result::ok).map(|saved| view! {
                <div class="notice notice--success" role="status">
                    <p>
                        {match saved.not_sent {
                            None => "It is in the library, waiting for an expert's review. ".to_string(),
                            Some(why) => format!("It is in the library as a draft: {why} "),
                        }}
                        <a href=format!("/library/items/{}", saved.item)>"Open it"</a>
                    </p>
                </div>
            })}
        </section>
    }
}

/// Changing or cancelling a session, for its hosts.
#[component]
fn HostTools(
    id: i64,
    /// Whom it is for, in words, so the form keeps it even where the host could not choose it.
    audience: String,
    fields: crate::sessions::types::SessionFields,
    update: ServerAction<UpdateSession>,
    cancel: ServerAction<CancelSession>,
    options: Resource<Result<SessionChoices, AppError>>,
) -> impl IntoView {
    let (fields, audience) = (StoredValue::new(fields), StoredValue::new(audience));
    view! {
        <section class="panel" aria-labelledby="host-title">
            <h2 id="host-title">"For hosts"</h2>
            <details class="disclosure">
                <summary>"Change the session"</summary>
                <Loaded data=options loading="" let:choices>
                    <ActionForm action=update attr:class="form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <SessionFieldset fields=fields.get_value() choices current_label=audience.get_value() />
                        <ActionError action=update />
                        <div class="form__actions">
                            <button type="submit" class="button button--primary">"Save and tell those going"</button>
                        </div>
                    </ActionForm>
                </Loaded>
            </details>
            <ActionError action=cancel />
            <AskWhy action=cancel fields=vec![("id", id.to_string())]
                summary="Cancel the session" question="Why is it cancelled? Everyone who answered is told."
                submit="Cancel it" />
        </section>
    }
}
