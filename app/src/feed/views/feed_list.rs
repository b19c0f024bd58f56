use crate::{
    error::AppError,
    feed::{
        components::{CARD_FORMS, COMMENT_FORMS, PostCard},
        get_post, list_feed,
        types::{FeedPage, FeedScope, PostView},
    },
    live::{on_live, types::LiveKind},
    shell::{ErrorNotice, Loaded, PostedError, run},
};
use leptos::{either::Either, prelude::*};
use std::collections::HashMap;

/// What the feed keeps about one post besides the post itself, so a card redrawn after a change
/// keeps its comments open and the comment being written. The signals belong to the feed, not to the card, which a change redraws.
#[derive(Clone, Copy)]
struct CardState {
    revision: u32,
    comments: RwSignal<u32>,
    comments_open: RwSignal<bool>,
    comment_draft: RwSignal<String>,
}

/// A feed, newest first: pinned posts on top, older pages as the reader scrolls, and posts others
/// write announced as "N new posts" instead of moving the page. `reloads` refetches it from the top.
#[component]
pub fn FeedList(scope: FeedScope, me: i64, reloads: RwSignal<u32>) -> impl IntoView {
    let first = Resource::new(move || reloads.get(), move |_| list_feed(scope, None));
    let older = RwSignal::new(Vec::<PostView>::new());
    let cursor = RwSignal::new(None::<Option<i64>>);
    let changed = RwSignal::new(HashMap::<i64, Option<PostView>>::new());
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
        page().is_some_and(|page: FeedPage| {
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
    let set = Callback::new(move |(id, post): (i64, Option<PostView>)| {
        cards.update_value(|cards| {
            if let Some(card) = cards.get_mut(&id) {
                card.revision += 1;
            }
        });
        changed.update(|changed| {
            changed.insert(id, post);
        });
    });
    let refresh = move |id: i64| {
        run(error, get_post(id), move |post| set.run((id, Some(post))));
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
                    set.run((post, get_post(post).await.ok()));
                });
            }
            LiveKind::CommentChanged if shown(post) => {
                if let Some(card) = cards.with_value(|cards| cards.get(&post).copied()) {
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
            let page = list_feed(scope, Some(after)).await;
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

    let owner = StoredValue::new(Owner::current());
    let card = move |post: PostView| {
        let state = cards.with_value(|cards| cards.get(&post.id).copied());
        let state = state.unwrap_or_else(|| {
            let create = || CardState {
                revision: 0,
                comments: RwSignal::new(0),
                comments_open: RwSignal::new(false),
                comment_draft: RwSignal::new(String::new()),
            };
            let state = owner.with_value(|owner| {
                owner
                    .as_ref()
                    .map_or_else(create, |owner| owner.with(create))
            });
            cards.update_value(|cards| {
                cards.insert(post.id, state);
            });
            state
        });
        view! { <PostCard post update=set comments_version=state.comments comments_open=state.comments_open comment_draft=state.comment_draft /> }
    };
    let current = move |posts: Vec<PostView>| -> Vec<PostView> {
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
    let key = move |post: &PostView| {
        let revision =
            cards.with_value(|cards| cards.get(&post.id).map_or(0, |card| card.revision));
        (post.id, revision)
    };

    view! {
        <div class="feed">
            <PostedError paths=[CARD_FORMS, COMMENT_FORMS].concat() />
            <Show when=move || !arrivals.with(Vec::is_empty)>
                <button type="button" class="button button--primary feed__arrivals" aria-live="polite"
                    on:click=move |_| reloads.update(|n| *n += 1)>
                    {move || match arrivals.with(Vec::len) { 1 => "Show 1 new post".to_string(), n => format!("Show {n} new posts") }}
                </button>
            </Show>
            <Loaded data=first loading="Loading the feed…" let:page>
                {
                    let FeedPage { pinned, posts, .. } = page;
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
