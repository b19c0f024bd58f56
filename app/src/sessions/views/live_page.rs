use super::{session_card::SessionCard, session_fields::SessionFieldset};
use crate::{
    sessions::{
        CreateSession, NewCalendarLink, list_sessions, session_options,
        types::{SessionChoices, SessionFields, SessionSummary},
    },
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Live sessions with leaders: running now, to come and past; a private calendar address; and,
/// for those who may, a form to schedule one.
#[component]
pub fn LivePage() -> impl IntoView {
    view! {
        <Title text="Live sessions" />
        <RequireUser let:_me>
            <Live />
        </RequireUser>
    }
}

#[component]
fn Live() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| list_sessions());
    let choices = Resource::new(|| (), |_| session_options());
    view! {
        <header class="page-header">
            <h1>"Live sessions"</h1>
            <p class="muted">"Town halls, talks and Q&As with leaders and experts. Say you're going, and they join your calendar."</p>
        </header>
        <Loaded data=sessions loading="Loading sessions…" let:page>
            <SessionList heading="Live now" id="live-now" sessions=page.live empty="" />
            <SessionList heading="Coming up" id="coming-up" sessions=page.upcoming empty="Nothing scheduled yet." />
            <CalendarPanel has_calendar=page.has_calendar />
            <SessionList heading="Past sessions" id="past" sessions=page.past empty="" />
        </Loaded>
        <Loaded data=choices loading="" let:choices>
            {choices.any().then(|| view! { <NewSession choices /> })}
        </Loaded>
    }
}

/// One list of sessions; an empty one shows `empty`, or nothing at all when that is empty too.
#[component]
fn SessionList(
    heading: &'static str,
    id: &'static str,
    sessions: Vec<SessionSummary>,
    empty: &'static str,
) -> impl IntoView {
    if sessions.is_empty() && empty.is_empty() {
        return None;
    }
    Some(view! {
        <section class="panel" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {if sessions.is_empty() {
                view! { <p class="empty-state">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="session-list" aria-label=heading>
                        {sessions.into_iter().map(|session| view! { <SessionCard session /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    })
}

/// The reader's private calendar address: made on request and shown once.
#[component]
fn CalendarPanel(has_calendar: bool) -> impl IntoView {
    let make = ServerAction::<NewCalendarLink>::new();
    view! {
        <section class="panel" aria-labelledby="calendar-title">
            <h2 id="calendar-title">"In your calendar"</h2>
            <p>"Subscribe to your private calendar address in Outlook, Google Calendar or Apple Calendar: every session you're going to appears there, and moves or disappears when it changes or is cancelled."</p>
            {has_calendar.then(|| view! {
                <p class="muted">"You have an address already. A new one stops the old one from working."</p>
            })}
            <ActionForm action=make attr:class="form form--inline">
                <button type="submit" class="button">
                    {if has_calendar { "Make a new calendar address" } else { "Make my calendar address" }}
                </button>
            </ActionForm>
            <ActionError action=make />
            {move || make.value().get().and_then(Result::ok).map(|address| view! {
                <label class="field">
                    <span class="field__label">"Your private calendar address (shown only now: copy it)"</span>
                    <input type="text" readonly value=address />
                </label>
            })}
        </section>
    }
}

/// The form that schedules a session.
#[component]
fn NewSession(choices: SessionChoices) -> impl IntoView {
    let create = ServerAction::<CreateSession>::new();
    let fields = SessionFields {
        time_zone: choices.time_zone.clone(),
        ..Default::default()
    };
    view! {
        <section class="panel" aria-labelledby="new-session">
            <h2 id="new-session">"Schedule a session"</h2>
            <ActionForm action=create attr:class="form">
                <SessionFieldset fields choices />
                <ActionError action=create />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Schedule it"</button>
                </div>
            </ActionForm>
        </section>
    }
}
