use crate::{
    people::{
        components::PersonCard,
        list_follows,
        types::{FollowPage, FollowSide},
    },
    shell::{Loaded, RequireUser, id_param},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The people who follow someone.
#[component]
pub fn FollowersPage() -> impl IntoView {
    view! { <RequireUser let:_me><Follows side=FollowSide::Followers /></RequireUser> }
}

/// The people someone follows.
#[component]
pub fn FollowingPage() -> impl IntoView {
    view! { <RequireUser let:_me><Follows side=FollowSide::Following /></RequireUser> }
}

/// One of someone's follow lists, the most recent first, a page at a time; "More" is a link, so
/// it works before the page's code arrives.
#[component]
fn Follows(side: FollowSide) -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let after = move || {
        query
            .read()
            .get("after")
            .and_then(|after| after.parse().ok())
    };
    let page = Resource::new(
        move || (id(), after()),
        move |(id, after)| list_follows(id, side, after),
    );
    view! {
        <p><a href=move || format!("/people/{}", id())>"← Back to the profile"</a></p>
        <Loaded data=page title=side.label() let:page>
            {
                let FollowPage { name, people, next } = page;
                let heading = match side {
                    FollowSide::Followers => format!("{name}'s followers"),
                    FollowSide::Following => format!("Whom {name} follows"),
                };
                let empty = people.is_empty();
                view! {
                    <Title text=heading.clone() />
                    <h1>{heading}</h1>
                    <Show when=move || empty>
                        <p class="muted">{match side {
                            FollowSide::Followers => "Nobody follows them yet.",
                            FollowSide::Following => "They don't follow anyone yet.",
                        }}</p>
                    </Show>
                    <ul class="people-grid" aria-label=side.label()>
                        {people.into_iter().map(|person| view! { <PersonCard person /> }).collect_view()}
                    </ul>
                    {next.map(|after| view! {
                        <a class="button" href=format!("/people/{}/{}?after={after}", id(), side.slug())>"More"</a>
                    })}
                }
            }
        </Loaded>
    }
}
