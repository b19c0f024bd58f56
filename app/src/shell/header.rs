use super::{ErrorNotice, send_in_background, use_session};
use crate::{auth::SignOut, error::AppError, notify::components::Bell, people::components::Avatar};
use leptos::{
    either::Either, ev::SubmitEvent, prelude::*, server_fn::ServerFn, wasm_bindgen::JsCast,
    web_sys::HtmlFormElement,
};
use leptos_router::components::A;

/// The bar at the top of every page: where you can go, and who you are.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
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
                        Ok(Some(me)) => {
                            let admin = me.is_admin();
                            let profile = format!("/people/{}", me.id);
                            let first = me.name.split_whitespace().next().unwrap_or(&me.name).to_string();
                            Either::Left(
                                view! {
                                    <nav class="topbar__nav" aria-label="Main">
                                        <A href="/" exact=true>
                                            "Home"
                                        </A>
                                        <A href="/learning">"Learning"</A>
                                        <A href="/groups">"Groups"</A>
                                        <A href="/library">"Library"</A>
                                        <A href="/courses">"Courses"</A>
                                        <A href="/people">"People"</A>
                                        <A href="/badges">"Badges"</A>
                                        <A href="/sessions">"Live"</A>
                                        <Show when=move || admin>
                                            <A href="/admin/people">"Admin"</A>
                                            <A href="/admin/moderation">"Moderation"</A>
                                        </Show>
                                    </nav>
                                    <form class="topbar__search" role="search" action="/search" method="get">
                                        <label class="visually-hidden" for="site-search">"Search Wellspring"</label>
                                        <input id="site-search" type="search" name="q" placeholder="Search posts, library, people" maxlength="200" />
                                    </form>
                                    <div class="topbar__me">
                                        <LiveDot />
                                        <Bell unread=me.unread_notifications />
                                        // One control for me: it keeps the bar short enough for the
                                        // areas to come, and opens without JavaScript.
                                        <details class="me-menu">
                                            <summary class="me-menu__toggle">
                                                <Avatar name=me.name.clone() url=me.avatar_url.clone() size="sm" />
                                                <span class="me-menu__name">{first}</span>
                                                <span class="visually-hidden">": your menu"</span>
                                            </summary>
                                            <div class="me-menu__panel">
                                                <a href=profile>"Your profile"</a>
                                                <a href="/settings/notifications">"Email settings"</a>
                                                <SignOutForm />
                                            </div>
                                        </details>
                                    </div>
                                },
                            )
                        }
                        _ => {
                            Either::Right(
                                view! {
                                    <div class="topbar__me">
                                        <a class="button button--small" href="/sign-in">
                                            "Sign in"
                                        </a>
                                    </div>
                                },
                            )
                        }
                    }
                })}
            </Transition>
        </header>
    }
}

/// Signing out: a plain form, which the page's code sends in the background before it opens the
/// sign-in page (a page without the app's code) afresh.
#[component]
fn SignOutForm() -> impl IntoView {
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        {
            send_in_background(form, None, SignOut::PATH.into(), pending, error, || {
                _ = window().location().set_href("/sign-in");
            });
        }
    };
    view! {
        <form action=SignOut::PATH method="post" on:submit=submit>
            <button type="submit" class="me-menu__item" disabled=move || pending.get()>"Sign out"</button>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </form>
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
