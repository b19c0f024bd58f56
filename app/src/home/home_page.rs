use super::profile_checklist::ProfileChecklist;
use crate::{
    people::{components::PersonCard, newest_people, types::Me},
    shell::{ErrorNotice, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

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
    let newest = Resource::new(|| (), |_| newest_people());
    let admin = me.is_admin();
    view! {
        <section class="hero">
            <h1>{format!("Welcome, {first}")}</h1>
            <p>"Wellspring is where your company learns together. Start by making your profile yours, then meet the people around you."</p>
        </section>
        <div class="columns">
            <ProfileChecklist id=me.id />
            <section class="panel" aria-labelledby="next-steps">
                <h2 id="next-steps">"Explore"</h2>
                <ul class="action-list">
                    <li>
                        <a href="/people">"Find people by team, place or skill"</a>
                    </li>
                    <li>
                        <a href=format!("/people/{}", me.id)>"See your profile as others see it"</a>
                    </li>
                    <Show when=move || admin>
                        <li>
                            <a href="/admin/people">"Invite your colleagues"</a>
                        </li>
                    </Show>
                </ul>
            </section>
        </div>
        <section class="panel" aria-labelledby="newest">
            <h2 id="newest">"Newest colleagues"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match newest.await {
                        Ok(people) => Either::Left(view! {
                            <ul class="people-grid" aria-label="Newest colleagues">
                                {people.into_iter().map(|person| view! { <PersonCard person /> }).collect_view()}
                            </ul>
                        }),
                        Err(error) => Either::Right(view! { <ErrorNotice error /> }),
                    }
                })}
            </Suspense>
        </section>
    }
}
