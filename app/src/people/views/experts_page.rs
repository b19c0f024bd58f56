use crate::{
    people::{components::Avatar, find_experts, types::Expert},
    shell::{Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

/// "Who can help me with…": people ranked by what they did about a topic, each with the reasons.
/// A plain form and links, so it needs no JavaScript.
#[component]
pub fn ExpertsPage() -> impl IntoView {
    view! {
        <Title text="Who can help me" />
        <RequireUser let:_me>
            <Experts />
        </RequireUser>
    }
}

#[component]
fn Experts() -> impl IntoView {
    let query = use_query_map();
    let topic = move || query.read().get("topic").unwrap_or_default();
    let experts = Resource::new(topic, find_experts);
    view! {
        <header class="page-header">
            <h1>"Who can help me with…"</h1>
            <p class="muted">"People who answered questions, wrote or reviewed library items and courses about it, or were named experts in it."</p>
        </header>
        <ExpertSearch topic=topic() />
        <Show when=move || !topic().trim().is_empty()>
            <Loaded data=experts loading="Finding people who know…" let:experts>
                {if experts.is_empty() {
                    Either::Left(view! {
                        <div class="empty-state">
                            <p>"Nobody has shown they know about that yet. Try another word, or ask in a group."</p>
                        </div>
                    })
                } else {
                    Either::Right(view! {
                        <ol class="experts" aria-label="People who can help">
                            {experts.into_iter().map(|expert| view! { <ExpertCard expert /> }).collect_view()}
                        </ol>
                    })
                }}
            </Loaded>
        </Show>
    }
}

/// The question itself: a topic, asked by a plain GET form.
#[component]
pub fn ExpertSearch(topic: String) -> impl IntoView {
    view! {
        <Form method="GET" action="/people/experts" attr:class="filters" attr:role="search" attr:aria-label="Who can help me">
            <label class="field field--grow">
                <span class="field__label">"Who can help me with"</span>
                <input type="search" name="topic" value=topic maxlength="100" placeholder="PostgreSQL, onboarding, negotiation…" />
            </label>
            <button type="submit" class="button button--primary">"Find people"</button>
        </Form>
    }
}

#[component]
fn ExpertCard(expert: Expert) -> impl IntoView {
    let person = expert.person;
    view! {
        <li class="expert">
            <Avatar name=person.name.clone() url=person.avatar_url.clone() />
            <div class="expert__text">
                <a class="expert__name" href=format!("/people/{}", person.id)>{person.name.clone()}</a>
                <span class="muted">{person.title.clone()}</span>
                <ul class="expert__reasons">
                    {expert.reasons.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
                </ul>
            </div>
        </li>
    }
}
