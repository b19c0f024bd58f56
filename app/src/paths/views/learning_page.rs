use crate::{
    paths::{
        components::{ProgressMeter, StandingTag},
        list_paths, my_learning,
        types::Assigned,
    },
    shell::{Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// "My learning": the paths assigned to the person, with progress, the next step and due dates.
#[component]
pub fn LearningPage() -> impl IntoView {
    let paths = Resource::new(|| (), |_| my_learning());
    let looked_after = Resource::new(|| (), |_| list_paths());
    view! {
        <Title text="My learning" />
        <RequireUser let:me>
            <header class="page-header">
                <h1>"My learning"</h1>
                <p class="muted">"The paths chosen for you, with what to do next."</p>
                {me.is_admin().then(|| view! { <a class="button" href="/paths">"Manage paths"</a> })}
            </header>
            <Loaded data=paths let:list>
                {if list.is_empty() {
                    Either::Left(view! {
                        <p class="empty-state">"Nothing is assigned to you yet. Browse the "
                            <a href="/courses">"courses"</a> " and the " <a href="/library">"library"</a> " meanwhile."</p>
                    })
                } else {
                    Either::Right(view! {
                        <ul class="item-grid">
                            {list.into_iter().map(|assigned| view! { <AssignedTile assigned /> }).collect_view()}
                        </ul>
                    })
                }}
            </Loaded>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = looked_after.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <section class="panel" aria-labelledby="looked-after">
                            <h2 id="looked-after">"Paths you look after"</h2>
                            <ul class="plain-list">
                                {list.into_iter().map(|card| view! {
                                    <li>
                                        <a href=format!("/paths/{}", card.id)>{card.title.clone()}</a>
                                        " · "
                                        <a href=format!("/paths/{}/progress", card.id)>{format!("Progress on {}", card.title)}</a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })
                })}
            </Transition>
        </RequireUser>
    }
}

#[component]
fn AssignedTile(assigned: Assigned) -> impl IntoView {
    let id = assigned.card.id;
    let title = assigned.card.title.clone();
    view! {
        <li class="item-card">
            <p class="item-card__meta">
                <span class="kind">"Path"</span>
                <StandingTag standing=assigned.progress.standing />
                <span class="tag">{if assigned.progress.required { "Required" } else { "Recommended" }}</span>
            </p>
            <a class="item-card__title" href=format!("/paths/{id}")>{title.clone()}</a>
            <p class="item-card__summary">{assigned.card.summary.clone()}</p>
            <ProgressMeter progress=assigned.progress.clone() label=format!("{title}: progress") />
            {assigned.next.map(|next| view! {
                <p class="item-card__foot">"Next: "
                    <a href=format!("/paths/{id}")>{next.title}</a>
                </p>
            })}
        </li>
    }
}
