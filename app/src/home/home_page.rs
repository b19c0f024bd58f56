use crate::{
    feed::{
        components::{Audience, Composer},
        types::FeedScope,
        views::FeedList,
    },
    groups::my_groups,
    people::types::Me,
    shell::{Drawn, Part, RequireUser, draw_part},
};
use leptos::prelude::*;
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
    let admin = me.is_admin();
    let groups = Resource::new(|| (), |_| my_groups());
    let side = Resource::new(|| (), |()| draw_part(Part::HomeSide));
    let reloads = RwSignal::new(0u32);
    let draft = RwSignal::new(String::new());
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
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let mine = groups.await.unwrap_or_default();
                        let choices = mine.into_iter().map(|group| (group.id, group.name)).collect();
                        view! {
                            <Composer audience=Audience::Choice(choices) announce=admin draft
                                posted=Callback::new(move |_| reloads.update(|n| *n += 1)) />
                        }
                    })}
                </Suspense>
                <nav class="tabs" aria-label="Feed">
                    {tab(FeedScope::Home, "/", "Everything")}
                    {tab(FeedScope::Following, "/?feed=following", "Following")}
                </nav>
                {move || view! { <FeedList scope=scope.get() me=me_id reloads /> }}
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { view! { <Drawn html=side.await /> } })}
            </Suspense>
        </div>
    }
}
