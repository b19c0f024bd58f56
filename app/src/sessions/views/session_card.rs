use crate::sessions::types::{Answer, Phase, SessionSummary};
use leptos::prelude::*;

/// How many are going, and the places there are when there is a limit.
pub fn places(going: i32, capacity: Option<i32>) -> String {
    let going = match going {
        1 => "1 going".to_string(),
        n => format!("{n} going"),
    };
    match capacity {
        Some(1) => format!("{going} · 1 place"),
        Some(capacity) => format!("{going} · {capacity} places"),
        None => going,
    }
}

/// The tag a session's phase shows, if any.
pub fn phase_tag(phase: Phase) -> Option<AnyView> {
    match phase {
        Phase::Live => Some(view! { <span class="tag tag--live">"Live now"</span> }.into_any()),
        Phase::Cancelled => {
            Some(view! { <span class="tag tag--danger">"Cancelled"</span> }.into_any())
        }
        Phase::Upcoming | Phase::Past => None,
    }
}

/// A session in a list.
#[component]
pub fn SessionCard(session: SessionSummary) -> impl IntoView {
    let hosts = (!session.hosts.is_empty()).then(|| format!("With {}", session.hosts.join(", ")));
    let mine = session
        .mine
        .filter(|answer| *answer != Answer::NotGoing)
        .map(|answer| view! { <span class="tag">{answer.label()}</span> });
    view! {
        <li class="session-card">
            <a class="session-card__title" href=format!("/sessions/{}", session.id)>{session.title.clone()}</a>
            <time datetime=session.stamp.clone()>{session.when.clone()}</time>
            <span class="muted">{session.audience.clone()}</span>
            {hosts.map(|hosts| view! { <span>{hosts}</span> })}
            <span class="session-card__tags">
                {phase_tag(session.phase)}
                {mine}
                {session.tag.clone().map(|tag| view! { <span class="tag">{format!("#{tag}")}</span> })}
                <span class="muted">{places(session.going, session.capacity)}</span>
            </span>
        </li>
    }
}
