use super::{Drawn, Part, drawing, use_session};
use crate::notify::components::Bell;
#[cfg(feature = "ssr")]
use crate::{
    auth::SignOut,
    people::{
        components::Avatar,
        types::{PersonSummary, Role},
    },
};
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use leptos::{either::Either, prelude::*};

/// The bar at the top of every page: where you can go, and who you are. Its links and menu are
/// drawn by the server (see `Part`); the live dot and the bell keep themselves up to date.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let drawn = Resource::new(move || session.version(), |_| drawing(Part::Header));
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand__mark" aria-hidden="true">
                    "◆"
                </span>
                <span class="brand__name">"Wellspring"</span>
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.me.await {
                        Ok(Some(me)) => Either::Left(view! {
                            <Drawn html=drawn.await />
                            <div class="topbar__me">
                                <LiveDot />
                                <Bell unread=me.unread_notifications />
                            </div>
                        }),
                        _ => Either::Right(view! {
                            <div class="topbar__me">
                                <a class="button button--small" href="/sign-in">
                                    "Sign in"
                                </a>
                            </div>
                        }),
                    }
                })}
            </Transition>
        </header>
    }
}

/// What the server draws of the header (see `Part::Header`): the links to the areas (the one to
/// `here`, the page's path, marked as current), the search box, and my menu. The menu is one
/// control for me: it keeps the bar short enough for the areas to come, and opens without
/// JavaScript. Signing out is a plain form, answered with the sign-in page. (The style sheet
/// places the menu after the live dot and the bell.)
#[cfg(feature = "ssr")]
pub fn drawn(me: &PersonSummary, here: &str) -> impl IntoView + use<> {
    let link = |href: &'static str, label: &'static str| {
        let current = super::leads_to(href, here).then_some("page");
        view! { <a href=href aria-current=current>{label}</a> }
    };
    let admin = (me.role == Role::Admin).then(|| {
        view! {
            {link("/admin/people", "Admin")}
            {link("/admin/moderation", "Moderation")}
        }
    });
    let first = me
        .name
        .split_whitespace()
        .next()
        .unwrap_or(&me.name)
        .to_string();
    view! {
        <nav class="topbar__nav" aria-label="Main">
            {link("/", "Home")}
            {link("/learning", "Learning")}
            {link("/groups", "Groups")}
            {link("/library", "Library")}
            {link("/courses", "Courses")}
            {link("/people", "People")}
            {link("/badges", "Badges")}
            {link("/sessions", "Live")}
            {admin}
        </nav>
        <form class="topbar__search" role="search" action="/search" method="get">
            <label class="visually-hidden" for="site-search">"Search Wellspring"</label>
            <input id="site-search" type="search" name="q" placeholder="Search posts, library, people" maxlength="200" />
        </form>
        <details class="me-menu">
            <summary class="me-menu__toggle">
                <Avatar name=me.name.clone() url=me.avatar_url.clone() size="sm" />
                <span class="me-menu__name">{first}</span>
                <span class="visually-hidden">": your menu"</span>
            </summary>
            <div class="me-menu__panel">
                <a href=format!("/people/{}", me.id)>"Your profile"</a>
                <a href="/settings/notifications">"Email settings"</a>
                <form action=SignOut::PATH method="post">
                    <button type="submit" class="me-menu__item">"Sign out"</button>
                </form>
            </div>
        </details>
    }
}

/// Whether live updates are flowing: a small dot, with words for screen readers.
#[component]
fn LiveDot() -> impl IntoView {
    let live = expect_context::<crate::live::Live>();
    let words = move || {
        if live.connected.get() {
            "Live updates on"
        } else {
            "Connecting for live updates…"
        }
    };
    view! {
        <span class="live-dot" class:live-dot--on=move || live.connected.get() title=words role="status">
            <span class="visually-hidden">{words}</span>
        </span>
    }
}
