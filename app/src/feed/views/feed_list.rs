use crate::{
    error::AppError,
    feed::{
        components::{CARD_FORMS, COMMENT_FORMS, ReportThanks, comments_view},
        feed_cards, get_card,
        types::{Card, CardPage, FeedScope},
    },
    live::{on_live, types::LiveKind},
    moderation::ReportContent,
    shell::{ErrorNotice, Loaded, PostedError, send_in_background},
};
use leptos::{
    either::Either,
    ev::{MouseEvent, SubmitEvent},
    prelude::*,
    server_fn::ServerFn,
    wasm_bindgen::JsCast,
    web_sys::{Element, HtmlFormElement},
};
use std::collections::HashMap;

/// What the feed keeps about one post besides its card, so a card redrawn after a change keeps its
/// comments open, the comment being written and what its last action came to. The signals belong
/// to the feed, not to the card, which a change redraws.
#[derive(Clone, Copy)]
struct CardState {
    revision: u32,
    comments: RwSignal<u32>,
    comments_open: RwSignal<bool>,
    comment_draft: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
    reported: RwSignal<bool>,
    /// One of its forms is on its way.
    sending: RwSignal<bool>,
}

/// The post a card's element belongs to, for an event inside a card's server-drawn part.
fn card_of(element: &Element) -> Option<i64> {
    element.closest(".post__parts").ok().flatten()?;
    element
        .closest("[data-post]")
        .ok()
        .flatten()?
        .get_attribute("data-post")?
        .parse()
        .ok()
}

/// A feed, newest first: pinned posts on top, older pages as the reader scrolls, and posts others
/// write announced as "N new posts" instead of moving the page. `reloads` refetches it from the top.
///
/// The server draws the cards (see `Card`), so the feed's page does without the card's code: their
/// forms post without it, and with it the feed sends them in the background and redraws the card.
#[component]
pub fn FeedList(scope: FeedScope, me: i64, reloads: RwSignal<u32>) -> impl IntoView {
    let first = Resource::new(move || reloads.get(), move |_| feed_cards(scope, None));
    let older = RwSignal::new(Vec::<Card>::new());
    let cursor = RwSignal::new(None::<Option<i64>>);
    let changed = RwSignal::new(HashMap::<i64, Option<Card>>::new());
    let cards = StoredValue::new(HashMap::<i64, CardState>::new());
    let arrivals = RwSignal::new(Vec::<i64>::new());
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);

    Effect::new(move |_| {
        reloads.track();
        older.set(Vec::new());
        cursor.set(None);
        changed.set(HashMap::new());
        arrivals.set(Vec::new());
    });

    let page = move || first.get_untracked().and_then(Result::ok);
    let shown = move |id: i64| {
        page().is_some_and(|page: CardPage| {
            page.posts
                .iter()
                .chain(&page.pinned)
                .any(|post| post.id == id)
        }) || older.with_untracked(|posts| posts.iter().any(|post| post.id == id))
    };
    // A followed person's post arrives only where the reader may read it: the socket sees to that.
    let belongs = move |group: Option<i64>, author: Option<i64>| {
        page().is_some_and(|page| {
            let place = match group {
                None => page.company,
                Some(group) => page.groups.contains(&group),
            };
            place || author.is_some_and(|author| page.authors.contains(&author))
        })
    };
    let set = Callback::new(move |(id, post): (i64, Option<Card>)| {
        cards.update_value(|cards| {
            if let Some(card) = cards.get_mut(&id) {
                card.revision += 1;
            }
        });
        changed.update(|changed| {
            changed.insert(id, post);
        });
    });
    let state_of = move |id: i64| cards.with_value(|cards| cards.get(&id).copied());
    // The card drawn again after a change; one deleted, rejected or removed is gone.
    let refresh = move |id: i64| {
        leptos::task::spawn_local(async move {
            match get_card(id).await {
                Ok(card) => set.run((id, Some(card))),
                Err(AppError::NotFound) => set.run((id, None)),
                Err(failure) => {
                    if let Some(state) = state_of(id) {
                        state.error.set(Some(failure));
                    }
                }
            }
        });
    };

    on_live(move |event| {
        let Some(post) = event.post else {
            // Joining or leaving a group, and following or unfollowing someone, change what a
            // home feed holds; settings do not.
            let mine = event.person == Some(me);
            let follows = matches!(scope, FeedScope::Home | FeedScope::Following);
            if event.kind == LiveKind::Resync
                || (event.kind == LiveKind::MemberChanged && mine)
                || (event.kind == LiveKind::FollowsChanged && mine && follows)
            {
                reloads.update(|n| *n += 1);
            }
            return;
        };
        match event.kind {
            LiveKind::PostCreated if !shown(post) && belongs(event.group, event.person) => {
                if event.person == Some(me) {
                    reloads.update(|n| *n += 1);
                } else {
                    arrivals.update(|ids| {
                        if !ids.contains(&post) {
                            ids.push(post);
                        }
                    });
                }
            }
            // Whether the reader still sees it (authors and facilitators see hidden posts) is the
            // server's to say: the post is fetched again, and dropped when it is not found.
            LiveKind::PostChanged | LiveKind::PostCreated | LiveKind::PostGone if shown(post) => {
                arrivals.update(|ids| ids.retain(|id| *id != post));
                leptos::task::spawn_local(async move {
                    set.run((post, get_card(post).await.ok()));
                });
            }
            LiveKind::CommentChanged if shown(post) => {
                if let Some(card) = state_of(post) {
                    card.comments.update(|n| *n += 1);
                }
                refresh(post);
            }
            LiveKind::PostGone => arrivals.update(|ids| ids.retain(|id| *id != post)),
            _ => {}
        }
    });

    let load_more = move || {
        if loading.get_untracked() {
            return;
        }
        let after = cursor
            .get_untracked()
            .unwrap_or_else(|| page().and_then(|page| page.next));
        let Some(after) = after else {
            return;
        };
        loading.set(true);
        let generation = reloads.get_untracked();
        leptos::task::spawn_local(async move {
            let page = feed_cards(scope, Some(after)).await;
            loading.set(false);
            // A reload while this page was on its way started the feed afresh: this page belongs
            // to the old one and would repeat posts the new first page shows.
            if reloads.get_untracked() != generation {
                return;
            }
            match page {
                Ok(page) => {
                    older.update(|posts| posts.extend(page.posts));
                    cursor.set(Some(page.next));
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let has_more = move || match cursor.get() {
        Some(next) => next.is_some(),
        None => page().is_some_and(|page| page.next.is_some()),
    };
    let sentinel = NodeRef::<leptos::html::Div>::new();
    #[cfg(target_family = "wasm")]
    super::scroll::when_visible(sentinel, load_more);

    // A card's forms, sent in the background; its comments link, opening them in place.
    let submitted = move |event: SubmitEvent| {
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let (Some(id), Some(path)) = (card_of(&form), form.get_attribute("action")) else {
            return;
        };
        let Some(state) = state_of(id) else {
            return;
        };
        event.prevent_default();
        if state.sending.get_untracked() {
            return;
        }
        let reported = path == ReportContent::PATH;
        send_in_background(
            form,
            event.submitter(),
            path,
            state.sending,
            state.error,
            move || {
                if reported {
                    state.reported.set(true);
                }
                refresh(id);
            },
        );
    };
    let clicked = move |event: MouseEvent| {
        if event.button() != 0
            || event.ctrl_key()
            || event.meta_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let link = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|target| target.closest("a[data-comments]").ok().flatten());
        if let Some(state) = link.as_ref().and_then(card_of).and_then(state_of) {
            event.prevent_default();
            state.comments_open.update(|open| *open = !*open);
        }
    };

    let owner = StoredValue::new(Owner::current());
    let card = move |card: Card| {
        let state = state_of(card.id).unwrap_or_else(|| {
            let create = || CardState {
                revision: 0,
                comments: RwSignal::new(0),
                comments_open: RwSignal::new(false),
                comment_draft: RwSignal::new(String::new()),
                error: RwSignal::new(None),
                reported: RwSignal::new(false),
                sending: RwSignal::new(false),
            };
            let state = owner.with_value(|owner| {
                owner
                    .as_ref()
                    .map_or_else(create, |owner| owner.with(create))
            });
            cards.update_value(|cards| {
                cards.insert(card.id, state);
            });
            state
        });
        let Card {
            id,
            label,
            pinned,
            muted,
            html,
        } = card;
        // The drawn link says whether the comments are open.
        let parts = NodeRef::<leptos::html::Div>::new();
        Effect::new(move || {
            let open = if state.comments_open.get() {
                "true"
            } else {
                "false"
            };
            if let Some(link) = parts
                .get()
                .and_then(|parts| parts.query_selector("[data-comments]").ok().flatten())
            {
                _ = link.set_attribute("aria-expanded", open);
            }
        });
        let changed = Callback::new(move |()| refresh(id));
        view! {
            <article class="post" class:post--pinned=pinned class:post--muted=muted aria-label=label data-post=id
                aria-busy=move || if state.sending.get() { "true" } else { "false" }>
                <div class="post__parts" node_ref=parts inner_html=html></div>
                <Show when=move || state.reported.get()>
                    <ReportThanks />
                </Show>
                {move || state.error.get().map(|error| view! { <ErrorNotice error /> })}
                <Show when=move || state.comments_open.get()>
                    <Suspense fallback=|| view! { <p class="loading">"Loading comments…"</p> }>
                        {move || Suspend::new(comments_view(id, None, state.comments, changed, state.comment_draft, None))}
                    </Suspense>
                </Show>
            </article>
        }
    };
    let current = move |posts: Vec<Card>| -> Vec<Card> {
        changed.with(|changed| {
            posts
                .into_iter()
                .filter_map(|post| match changed.get(&post.id) {
                    Some(replacement) => replacement.clone(),
                    None => Some(post),
                })
                .collect()
        })
    };
    let key = move |post: &Card| {
        let revision =
            cards.with_value(|cards| cards.get(&post.id).map_or(0, |card| card.revision));
        (post.id, revision)
    };

    view! {
        <div class="feed" on:submit=submitted on:click=clicked>
            <PostedError paths=[CARD_FORMS, COMMENT_FORMS].concat() />
            <Show when=move || !arrivals.with(Vec::is_empty)>
                <button type="button" class="button button--primary feed__arrivals" aria-live="polite"
                    on:click=move |_| reloads.update(|n| *n += 1)>
                    {move || match arrivals.with(Vec::len) { 1 => "Show 1 new post".to_string(), n => format!("Show {n} new posts") }}
                </button>
            </Show>
            <Loaded data=first loading="Loading the feed…" let:page>
                {
                    let CardPage { pinned, posts, .. } = page;
                    let empty = posts.is_empty() && pinned.is_empty();
                    let any_pinned = !pinned.is_empty();
                    view! {
                        <Show when=move || any_pinned>
                            <section class="feed__pinned" aria-label="Pinned">
                                <For each={let pinned = pinned.clone(); move || current(pinned.clone())} key=key children=card />
                            </section>
                        </Show>
                        <Show when=move || empty>
                            {if scope == FeedScope::Following {
                                Either::Left(view! {
                                    <p class="feed__empty">"No posts from people you follow yet. "
                                        <a href="/people">"Find people to learn from"</a>"."</p>
                                })
                            } else {
                                Either::Right(view! { <p class="feed__empty">"Nothing here yet. Start the conversation!"</p> })
                            }}
                        </Show>
                        <div class="feed__posts" aria-label=(!empty).then_some("Posts") role=(!empty).then_some("feed") aria-busy=move || if loading.get() { "true" } else { "false" }>
                            <For each=move || { let mut all = posts.clone(); all.extend(older.get().into_iter().filter(|post| !posts.iter().any(|first| first.id == post.id))); current(all) } key=key children=card />
                        </div>
                        <div node_ref=sentinel class="feed__more">
                            <Show when=has_more>
                                <button type="button" class="button" disabled=move || loading.get() on:click=move |_| load_more()>
                                    {move || if loading.get() { "Loading…" } else { "Show older posts" }}
                                </button>
                            </Show>
                        </div>
                    }
                }
            </Loaded>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </div>
    }
}
