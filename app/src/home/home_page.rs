use crate::{
    feed::{CreatePost, types::FeedScope, views::FeedList},
    people::types::Me,
    shell::{DrawnPart, Part, RequireUser, button_busy, notice_html, send_then, slot},
};
use leptos::{
    ev::SubmitEvent, prelude::*, server_fn::ServerFn, wasm_bindgen::JsCast,
    web_sys::HtmlFormElement,
};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Welcome, what to do next, and who else is new.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Home" />
        <RequireUser let:me>
            <Home me />
        </RequireUser>
    }
}

#[component]
fn Home(me: Me) -> impl IntoView {
    let first = me
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let reloads = RwSignal::new(0u32);
    let me_id = me.id;
    // Everything, or only the people I follow: a link each, so it works before the page's code.
    let query = use_query_map();
    let scope = Memo::new(move |_| match query.read().get("feed").as_deref() {
        Some("following") => FeedScope::Following,
        _ => FeedScope::Home,
    });
    let tab = move |target: FeedScope, href: &'static str, label: &'static str| {
        let current = move || scope.get() == target;
        view! {
            <a href=href class="tabs__tab" class:tabs__tab--current=current
                aria-current=move || if current() { "page" } else { "false" }>{label}</a>
        }
    };
    view! {
        <section class="hero">
            <h1>{format!("Welcome, {first}")}</h1>
            <p>"Wellspring is where your company learns together. Share what you know, ask what you don't, and meet the people around you."</p>
        </section>
        <div class="home">
            <div class="home__feed">
                <div class="drawn" on:submit=move |event| compose(event, reloads)>
                    <DrawnPart part=Part::Composer />
                </div>
                <nav class="tabs" aria-label="Feed">
                    {tab(FeedScope::Home, "/", "Everything")}
                    {tab(FeedScope::Following, "/?feed=following", "Following")}
                </nav>
                {move || view! { <FeedList scope=scope.get() me=me_id reloads /> }}
            </div>
            <DrawnPart part=Part::HomeSide />
        </div>
    }
}

/// Sends Home's composer, which the server drew, in the background: its button is busy while the
/// post goes, a refusal is said under the words (which stay), and a post that is in empties the
/// form and shows the feed again from the top.
fn compose(event: SubmitEvent, reloads: RwSignal<u32>) {
    let Some(form) = event
        .target()
        .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    if form.get_attribute("action").as_deref() != Some(CreatePost::PATH) {
        return;
    }
    event.prevent_default();
    let Ok(Some(button)) = form.query_selector("button[type=submit]") else {
        return;
    };
    if button.has_attribute("disabled") {
        return;
    }
    button_busy(&button, true, "Posting…", "Post");
    let notice = slot(&form, "drawn", None);
    if let Some(notice) = &notice {
        notice.set_inner_html("");
    }
    send_then(form.clone(), None, CreatePost::PATH.into(), move |answer| {
        button_busy(&button, false, "Posting…", "Post");
        match answer {
            Ok(()) => {
                form.reset();
                reloads.update(|n| *n += 1);
            }
            Err(failure) => {
                if let Some(notice) = notice {
                    notice.set_inner_html(&notice_html(&failure));
                }
            }
        }
    });
}
