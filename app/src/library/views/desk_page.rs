use super::ItemCards;
use crate::{
    library::library_desk,
    shell::{ErrorNotice, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// What waits for the person in the library: reviews, items due for review, drafts and flags.
#[component]
pub fn DeskPage() -> impl IntoView {
    let desk = Resource::new(|| (), |_| library_desk());
    view! {
        <Title text="Review desk" />
        <RequireUser let:_me>
            <div class="page-head">
                <h1>"Review desk"</h1>
                <div class="page-head__actions">
                    <a class="button" href="/library">"Library"</a>
                </div>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(desk) => Either::Left(view! {
                            <section class="panel" aria-labelledby="to-review">
                                <h2 id="to-review">"Waiting for your review"</h2>
                                <ItemCards items=desk.to_review empty="Nothing waits for you. Items on topics you're an expert in appear here." />
                            </section>
                            <section class="panel" aria-labelledby="due">
                                <h2 id="due">"Due for review"</h2>
                                <ItemCards items=desk.needs_review empty="Everything is within its review date." />
                            </section>
                            <section class="panel" aria-labelledby="flagged">
                                <h2 id="flagged">"Flagged outdated"</h2>
                                <ItemCards items=desk.flagged empty="No open flags on your items." />
                            </section>
                            <section class="panel" aria-labelledby="mine">
                                <h2 id="mine">"Your drafts and items in review"</h2>
                                <ItemCards items=desk.mine empty="You have no drafts." />
                            </section>
                        }),
                        Err(error) => Either::Right(view! { <ErrorNotice error /> }),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}
