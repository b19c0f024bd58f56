use super::ItemCards;
use crate::{
    library::{
        library_desk,
        types::{DeskCursors, DeskPart},
    },
    shell::{Loaded, RequireUser, query_string},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What waits for the person in the library: reviews, items due for review, drafts and flags,
/// oldest first, each part a page at a time.
#[component]
pub fn DeskPage() -> impl IntoView {
    let query = use_query_map();
    let cursors = Memo::new(move |_| {
        let read = query.read();
        let at = |name: &str| read.get(name).and_then(|id| id.parse::<i64>().ok());
        DeskCursors {
            to_review: at("to_review"),
            needs_review: at("needs_review"),
            mine: at("mine"),
            flagged: at("flagged"),
        }
    });
    let desk = Resource::new(
        move || cursors.get(),
        |after| {
            library_desk(
                after.to_review,
                after.needs_review,
                after.mine,
                after.flagged,
            )
        },
    );
    view! {
        <Title text="Review desk" />
        <RequireUser let:_me>
            <div class="page-head">
                <h1>"Review desk"</h1>
                <div class="page-head__actions">
                    <a class="button" href="/library">"Library"</a>
                </div>
            </div>
            <Loaded data=desk let:desk>
                {
                    let at = cursors.get_untracked();
                    view! {
                        <DeskSection id="to-review" title="Waiting for your review"
                            empty="Nothing waits for you. Items on topics you're an expert in appear here."
                            older=desk.to_review.next.map(|next| desk_href(DeskCursors { to_review: Some(next), ..at }))
                            oldest=at.to_review.map(|_| desk_href(DeskCursors { to_review: None, ..at }))
                            part=desk.to_review />
                        <DeskSection id="due" title="Due for review"
                            empty="Everything is within its review date."
                            older=desk.needs_review.next.map(|next| desk_href(DeskCursors { needs_review: Some(next), ..at }))
                            oldest=at.needs_review.map(|_| desk_href(DeskCursors { needs_review: None, ..at }))
                            part=desk.needs_review />
                        <DeskSection id="flagged" title="Flagged outdated"
                            empty="No open flags on your items."
                            older=desk.flagged.next.map(|next| desk_href(DeskCursors { flagged: Some(next), ..at }))
                            oldest=at.flagged.map(|_| desk_href(DeskCursors { flagged: None, ..at }))
                            part=desk.flagged />
                        <DeskSection id="mine" title="Your drafts and items in review"
                            empty="You have no drafts."
                            older=desk.mine.next.map(|next| desk_href(DeskCursors { mine: Some(next), ..at }))
                            oldest=at.mine.map(|_| desk_href(DeskCursors { mine: None, ..at }))
                            part=desk.mine />
                    }
                }
            </Loaded>
        </RequireUser>
    }
}

/// The desk with each part starting where `at` says.
fn desk_href(at: DeskCursors) -> String {
    let parts = [
        ("to_review", at.to_review),
        ("needs_review", at.needs_review),
        ("mine", at.mine),
        ("flagged", at.flagged),
    ]
    .map(|(name, after)| (name, after.map(|id| id.to_string()).unwrap_or_default()));
    let given: Vec<(&str, &str)> = parts
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    format!("/library/desk{}", query_string(&given))
}

/// One part of the desk, with links to its next page and back to its first.
#[component]
fn DeskSection(
    id: &'static str,
    title: &'static str,
    empty: &'static str,
    part: DeskPart,
    /// Where the next page of this part is, when there is one.
    older: Option<String>,
    /// Where this part's first page is, when this is a later one.
    oldest: Option<String>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <ItemCards items=part.items empty />
            <Show when={let any = older.is_some() || oldest.is_some(); move || any}>
                <nav class="pager" aria-label=format!("More: {title}")>
                    {oldest.clone().map(|href| view! { <a class="button" href=href>"Back to the first"</a> })}
                    {older.clone().map(|href| view! { <a class="button" href=href>"Next"</a> })}
                </nav>
            </Show>
        </section>
    }
}
