use crate::{
    error::AppError,
    feed::{
        components::{CARD_FORMS, COMMENT_FORMS, REPORT_THANKS, comments_view},
        feed_cards, get_card,
        types::{Card, CardPage, FeedScope},
    },
    live::{on_live, types::LiveKind},
    moderation::ReportContent,
    shell::{
        ErrorNotice, Loaded, PostedError, button_busy, child, escape_html, notice_html, send_then,
        slot,
    },
};
use leptos::{
    ev::{MouseEvent, SubmitEvent},
    prelude::*,
    reactive::computed::ScopedFuture,
    server_fn::ServerFn,
    tachys::view::{Mountable, Render},
    wasm_bindgen::JsCast,
    web_sys::{Element, HtmlFormElement},
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the feed keeps about a card besides what it shows: the comments it has open. The signals
/// belong to the feed, so the comment being written outlives closing them.
struct CardState {
    /// Counts changes to its comments, so open ones are read again.
    comments: RwSignal<u32>,
    draft: RwSignal<String>,
    /// The owner of its open comments, which keeps what is mounted of them.
    open: Option<Owner>,
}

impl CardState {
    fn close(&mut self) {
        if let Some(owner) = self.open.take() {
            owner.cleanup();
        }
    }
}

/// A feed's first page as the feed's resource holds it. Sent along with a page the server
/// rendered, its cards go without their markup: that is in the page already, and hydrating the
/// list keeps the markup that came.
#[derive(Clone)]
struct FirstPage(CardPage);

impl Serialize for FirstPage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bare = |cards: &[Card]| -> Vec<Card> {
            cards
                .iter()
                .map(|card| Card {
                    html: String::new(),
                    ..card.clone()
                })
                .collect()
        };
        CardPage {
            pinned: bare(&self.0.pinned),
            posts: bare(&self.0.posts),
            ..self.0.clone()
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FirstPage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        CardPage::deserialize(deserializer).map(Self)
    }
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
/// The server draws the cards (see `Card`), and the feed draws the list around them as HTML too
/// (`list_html`), here and on the server alike. So a feed's page carries no view code for its
/// posts: their forms post without it, and with it the feed sends them in the background and draws
/// the card again.
#[component]
pub fn FeedList(scope: FeedScope, me: i64, reloads: RwSignal<u32>) -> impl IntoView {
    let first = Resource::new(
        move || reloads.get(),
        move |_| async move { feed_cards(scope, None).await.map(FirstPage) },
    );
    let list = NodeRef::<leptos::html::Div>::new();
    let cards = StoredValue::new(HashMap::<i64, CardState>::new());
    // The cursor of the page after the older ones fetched so far, once one was.
    let cursor = StoredValue::new(None::<Option<i64>>);
    let loading = StoredValue::new(false);
    let arrivals = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<AppError>);
    let owner = StoredValue::new(Owner::current());

    Effect::new(move |_| {
        reloads.track();
        cursor.set_value(None);
        arrivals.set(Vec::new());
        cards.update_value(|cards| cards.values_mut().for_each(CardState::close));
    });

    let page = move || {
        first
            .get_untracked()
            .and_then(Result::ok)
            .map(|page| page.0)
    };
    let article = move |id: i64| {
        list.get_untracked()?
            .query_selector(&format!("article[data-post=\"{id}\"]"))
            .ok()
            .flatten()
    };
    let shown = move |id: i64| article(id).is_some();
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
    // What a card's last action came to: a refusal in words, or nothing.
    let say = move |id: i64, failure: Option<AppError>| {
        let Some(article) = article(id) else {
            return;
        };
        match failure {
            Some(failure) => {
                if let Some(notice) = slot(&article, "post__error", Some("post__comments")) {
                    notice.set_inner_html(&notice_html(&failure));
                }
            }
            None => {
                if let Some(notice) = child(&article, "post__error") {
                    notice.remove();
                }
            }
        }
    };
    // The card drawn again after a change; one deleted, rejected or removed is gone.
    let redraw = move |id: i64, card: Option<Card>| {
        let Some(article) = article(id) else {
            return;
        };
        let Some(card) = card else {
            cards.update_value(|cards| {
                if let Some(mut state) = cards.remove(&id) {
                    state.close();
                }
            });
            article.remove();
            return;
        };
        _ = article.set_attribute("class", &card_class(&card));
        _ = article.set_attribute("aria-label", &card.label);
        if let Some(parts) = child(&article, "post__parts") {
            parts.set_inner_html(&card.html);
            // The drawn link says whether the comments are open.
            if child(&article, "post__comments").is_some()
                && let Ok(Some(link)) = parts.query_selector("[data-comments]")
            {
                _ = link.set_attribute("aria-expanded", "true");
            }
        }
    };
    let refresh = move |id: i64| {
        leptos::task::spawn_local(async move {
            match get_card(id).await {
                Ok(card) => redraw(id, Some(card)),
                Err(AppError::NotFound) => redraw(id, None),
                Err(failure) => say(id, Some(failure)),
            }
        });
    };
    let state_of = move |id: i64| {
        cards.with_value(|cards| cards.get(&id).map(|state| (state.comments, state.draft)))
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
                    redraw(post, get_card(post).await.ok());
                });
            }
            LiveKind::CommentChanged if shown(post) => {
                if let Some((comments, _)) = state_of(post) {
                    comments.update(|n| *n += 1);
                }
                refresh(post);
            }
            LiveKind::PostGone => arrivals.update(|ids| ids.retain(|id| *id != post)),
            _ => {}
        }
    });

    // Older posts, under the ones shown: the button says it is busy while they come.
    let busy = move |now: bool| {
        let Some(list) = list.get_untracked() else {
            return;
        };
        if let Some(posts) = child(&list, "feed__posts") {
            _ = posts.set_attribute("aria-busy", if now { "true" } else { "false" });
        }
        if let Ok(Some(button)) = list.query_selector("[data-more]") {
            button_busy(&button, now, "Loading…", "Show older posts");
        }
    };
    let load_more = move || {
        if loading.get_value() {
            return;
        }
        let after = cursor
            .get_value()
            .unwrap_or_else(|| page().and_then(|page| page.next));
        let Some(after) = after else {
            return;
        };
        loading.set_value(true);
        busy(true);
        let generation = reloads.get_untracked();
        leptos::task::spawn_local(async move {
            let older = feed_cards(scope, Some(after)).await;
            loading.set_value(false);
            busy(false);
            // A reload while this page was on its way started the feed afresh: this page belongs
            // to the old one and would repeat posts the new first page shows.
            if reloads.get_untracked() != generation {
                return;
            }
            let Some(list) = list.get_untracked() else {
                return;
            };
            match older {
                Ok(older) => {
                    let html: String = older
                        .posts
                        .iter()
                        .filter(|card| !shown(card.id))
                        .map(card_html)
                        .collect();
                    if let Some(posts) = child(&list, "feed__posts") {
                        _ = posts.insert_adjacent_html("beforeend", &html);
                    }
                    cursor.set_value(Some(older.next));
                    if older.next.is_none()
                        && let Ok(Some(button)) = list.query_selector("[data-more]")
                    {
                        button.remove();
                    }
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    #[cfg(target_family = "wasm")]
    super::scroll::when_visible(list, ".feed__more", load_more);

    // A card's comments, opened in place under it, or closed again.
    let toggle_comments = move |id: i64, link: Element| {
        let Some(article) = article(id) else {
            return;
        };
        if let Some(open) = child(&article, "post__comments") {
            cards.update_value(|cards| {
                if let Some(state) = cards.get_mut(&id) {
                    state.close();
                }
            });
            open.remove();
            _ = link.set_attribute("aria-expanded", "false");
            return;
        }
        let Some(place) = slot(&article, "post__comments", None) else {
            return;
        };
        place.set_inner_html(r#"<p class="loading">Loading comments…</p>"#);
        _ = link.set_attribute("aria-expanded", "true");
        let Some(owner) = owner.get_value() else {
            return;
        };
        let (comments, draft) = state_of(id).unwrap_or_else(|| {
            let made = owner.with(|| (RwSignal::new(0), RwSignal::new(String::new())));
            cards.update_value(|cards| {
                cards.insert(
                    id,
                    CardState {
                        comments: made.0,
                        draft: made.1,
                        open: None,
                    },
                );
            });
            made
        });
        let changed = Callback::new(move |()| refresh(id));
        let scope = owner.child();
        let view = scope
            .with(|| ScopedFuture::new(comments_view(id, None, comments, changed, draft, None)));
        leptos::task::spawn_local(async move {
            let view = view.await;
            // Closed again, or the feed reloaded, while the comments' code came.
            if !place.is_connected() {
                scope.cleanup();
                return;
            }
            place.set_inner_html("");
            scope.with(|| {
                let mut mounted = view.build();
                mounted.mount(&place, None);
                // Kept until the comments close: the browser has one thread, so it may stay put.
                StoredValue::new_local(mounted);
            });
            cards.update_value(|cards| match cards.get_mut(&id) {
                Some(state) => state.open = Some(scope),
                None => scope.cleanup(),
            });
        });
    };

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
        let Some(article) = article(id) else {
            return;
        };
        event.prevent_default();
        if article.get_attribute("aria-busy").as_deref() == Some("true") {
            return;
        }
        let reported = path == ReportContent::PATH;
        _ = article.set_attribute("aria-busy", "true");
        say(id, None);
        send_then(form, event.submitter(), path, move |answer| {
            _ = article.set_attribute("aria-busy", "false");
            match answer {
                Ok(()) => {
                    if reported
                        && let Some(thanks) = slot(&article, "post__thanks", Some("post__comments"))
                    {
                        thanks.set_inner_html(REPORT_THANKS);
                    }
                    refresh(id);
                }
                Err(failure) => say(id, Some(failure)),
            }
        });
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
        let Some(target) = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
        else {
            return;
        };
        if let Ok(Some(_)) = target.closest("[data-more]") {
            load_more();
        } else if let Ok(Some(link)) = target.closest("a[data-comments]")
            && let Some(id) = card_of(&link)
        {
            event.prevent_default();
            toggle_comments(id, link);
        }
    };

    view! {
        <div class="feed" on:submit=submitted on:click=clicked>
            <PostedError paths=[CARD_FORMS, COMMENT_FORMS].concat() />
            <button type="button" class="button button--primary feed__arrivals" aria-live="polite"
                hidden=move || arrivals.with(Vec::is_empty) on:click=move |_| reloads.update(|n| *n += 1)>
                {move || match arrivals.with(Vec::len) { 1 => "Show 1 new post".to_string(), n => format!("Show {n} new posts") }}
            </button>
            <Loaded data=first loading="Loading the feed…" let:page>
                <div class="feed__list" node_ref=list inner_html=list_html(&page.0, scope)></div>
            </Loaded>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </div>
    }
}

/// A card's classes: pinned posts stand out, unpublished ones are dimmed.
fn card_class(card: &Card) -> String {
    let mut class = String::from("post");
    if card.pinned {
        class.push_str(" post--pinned");
    }
    if card.muted {
        class.push_str(" post--muted");
    }
    class
}

/// A card as the feed shows it: its frame around the inside the server drew.
fn card_html(card: &Card) -> String {
    format!(
        r#"<article class="{}" aria-label="{}" data-post="{}"><div class="post__parts">{}</div></article>"#,
        card_class(card),
        escape_html(&card.label),
        card.id,
        card.html
    )
}

/// A feed's first page: its pinned posts, the rest (or what to do when there are none), and a
/// button for older ones.
fn list_html(page: &CardPage, scope: FeedScope) -> String {
    let mut html = String::new();
    if !page.pinned.is_empty() {
        html.push_str(r#"<section class="feed__pinned" aria-label="Pinned">"#);
        html.extend(page.pinned.iter().map(card_html));
        html.push_str("</section>");
    }
    if page.posts.is_empty() && page.pinned.is_empty() {
        html.push_str(if scope == FeedScope::Following {
            r#"<p class="feed__empty">No posts from people you follow yet. <a href="/people">Find people to learn from</a>.</p>"#
        } else {
            r#"<p class="feed__empty">Nothing here yet. Start the conversation!</p>"#
        });
        html.push_str(r#"<div class="feed__posts"></div>"#);
    } else {
        html.push_str(r#"<div class="feed__posts" aria-label="Posts" role="feed">"#);
        html.extend(page.posts.iter().map(card_html));
        html.push_str("</div>");
    }
    html.push_str(r#"<div class="feed__more">"#);
    if page.next.is_some() {
        html.push_str(
            r#"<button type="button" class="button" data-more>Show older posts</button>"#,
        );
    }
    html.push_str("</div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, pinned: bool, muted: bool) -> Card {
        Card {
            id,
            label: "Post by Amara \"Ama\" Okafor".into(),
            pinned,
            muted,
            html: "<p>Hello</p>".into(),
        }
    }

    fn page(pinned: Vec<Card>, posts: Vec<Card>, next: Option<i64>) -> CardPage {
        CardPage {
            pinned,
            posts,
            next,
            company: true,
            groups: vec![],
            authors: vec![],
        }
    }

    #[test]
    fn a_card_is_framed_with_its_name_escaped() {
        assert_eq!(
            card_html(&card(7, true, true)),
            r#"<article class="post post--pinned post--muted" aria-label="Post by Amara &quot;Ama&quot; Okafor" data-post="7"><div class="post__parts"><p>Hello</p></div></article>"#
        );
    }

    #[test]
    fn a_first_page_lists_pinned_posts_apart_and_offers_older_ones() {
        let html = list_html(
            &page(
                vec![card(1, true, false)],
                vec![card(2, false, false)],
                Some(2),
            ),
            FeedScope::Home,
        );
        assert!(html.starts_with(r#"<section class="feed__pinned" aria-label="Pinned"><article class="post post--pinned""#));
        assert!(html.contains(
            r#"<div class="feed__posts" aria-label="Posts" role="feed"><article class="post" "#
        ));
        assert!(html.ends_with(r#"<div class="feed__more"><button type="button" class="button" data-more>Show older posts</button></div>"#));
    }

    #[test]
    fn a_first_page_sent_with_its_page_leaves_out_the_cards_markup() {
        let sent = serde_json::to_string(&FirstPage(page(
            vec![card(1, true, false)],
            vec![card(2, false, false)],
            Some(2),
        )))
        .unwrap();
        assert!(!sent.contains("Hello"), "{sent}");
        let read: FirstPage = serde_json::from_str(&sent).unwrap();
        assert_eq!(read.0.pinned[0].id, 1);
        assert_eq!(read.0.posts[0].label, "Post by Amara \"Ama\" Okafor");
        assert_eq!(read.0.next, Some(2));
    }

    #[test]
    fn an_empty_feed_says_what_to_do() {
        let following = list_html(&page(vec![], vec![], None), FeedScope::Following);
        assert!(following.contains(r#"<a href="/people">Find people to learn from</a>"#));
        assert!(
            following.ends_with(r#"<div class="feed__posts"></div><div class="feed__more"></div>"#)
        );
        let home = list_html(&page(vec![], vec![], None), FeedScope::Home);
        assert!(home.contains("Nothing here yet. Start the conversation!"));
        assert!(!home.contains("section"));
    }
}
