use crate::{
    live::{on_live, types::LiveKind},
    moderation::{moderation_log, types::LogEntry},
    shell::Loaded,
};
use leptos::{either::Either, prelude::*};

/// The moderation log, newest first: who did what to whom, and why. One group's, or everything.
#[component]
pub fn LogList(group: Option<i64>, version: RwSignal<u32>) -> impl IntoView {
    let log = Resource::new(move || version.get(), move |_| moderation_log(group, None));
    on_live(move |event| {
        let here = group.is_none() || event.group == group;
        if here
            && matches!(
                event.kind,
                LiveKind::QueueChanged
                    | LiveKind::PostGone
                    | LiveKind::MemberChanged
                    | LiveKind::GroupChanged
                    | LiveKind::PostChanged
            )
        {
            version.update(|n| *n += 1);
        }
    });
    view! {
        <section class="panel" aria-labelledby="log-title">
            <h2 id="log-title">"Moderation log"</h2>
            <Loaded data=log let:page>
                {if page.entries.is_empty() {
                    Either::Left(view! { <p class="muted">"No moderation yet."</p> })
                } else {
                    Either::Right(view! {
                        <table class="log">
                            <thead>
                                <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Whom"</th><th scope="col">"Why"</th></tr>
                            </thead>
                            <tbody>
                                {page.entries.into_iter().map(|entry| view! { <LogRow entry /> }).collect_view()}
                            </tbody>
                        </table>
                    })
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn LogRow(entry: LogEntry) -> impl IntoView {
    let what = match (&entry.group, entry.post_id) {
        (Some(group), _) => format!("{} in {}", entry.kind.label(), group.name),
        (None, Some(_)) => format!("{} in the company feed", entry.kind.label()),
        (None, None) => entry.kind.label().to_string(),
    };
    let why = match &entry.expires_label {
        Some(until) => format!("{} (until {until})", entry.reason),
        None => entry.reason.clone(),
    };
    view! {
        <tr>
            <td>{entry.created_label}</td>
            <td>{entry.actor.name}</td>
            <td>
                {what}
                {entry.post_id.map(|post| view! { " · " <a href=format!("/posts/{post}")>"post"</a> })}
            </td>
            <td>{entry.target.map(|target| target.name).unwrap_or_default()}</td>
            <td>{why}</td>
        </tr>
    }
}
