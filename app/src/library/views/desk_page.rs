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
                    [
                        (Part::ToReview, "to-review", "Waiting for your review",
                            "Nothing waits for you. Items on topics you're an expert in appear here.", desk.to_review),
                        (Part::Due, "due", "Due for review", "Everything is within its review date.", desk.needs_review),
                        (Part::Flagged, "flagged", "Flagged outdated", "No open flags on your items.", desk.flagged),
                        (Part::Mine, "mine", "Your drafts and items in review", "You have no drafts.", desk.mine),
                    ]
                    .into_iter()
                    .map(|(part, id, title, empty, items)| {
                        let older = items.next.map(|next| desk_href(part.moved(at, Some(next))));
                        let oldest = part.cursor(at).map(|_| desk_href(part.moved(at, None)));
                        view! { <DeskSection id title empty older oldest part=items /> }
                    })
                    .collect_view()
                }
            </Loaded>
        </RequireUser>
    }
}

/// The parts of the desk, each with its own cursor.
#[derive(Clone, Copy)]
enum Part {
    ToReview,
    Due,
    Flagged,
    Mine,
}

impl Part {
    /// Where this part starts in `at`.
    fn cursor(self, at: DeskCursors) -> Option<i64> {
        match self {
            Part::ToReview => at.to_review,
            Part::Due => at.needs_review,
            Part::Flagged => at.flagged,
            Part::Mine => at.mine,
        }
    }

    /// `at` with this part starting after `after` instead.
    fn moved(self, mut at: DeskCursors, after: Option<i64>) -> DeskCursors {
        let cursor = match self {
            Part::ToReview => &mut at.to_review,
            Part::Due => &mut at.needs_review,
            Part::Flagged => &mut at.flagged,
            Part::Mine => &mut at.mine,
        };
        *cursor = after;
        at
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
