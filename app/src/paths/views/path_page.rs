use crate::{
    error::AppError,
    paths::{
        components::{PathManager, ProgressMeter, StandingTag, StepRow},
        get_path,
        types::{PathPage as Page, Standing},
    },
    shell::{ErrorNotice, Loaded, RequireUser, id_param},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// A path: its steps and where the person stands on each; for admins, its steps and assignments to
/// change.
#[component]
pub fn PathPage() -> impl IntoView {
    let id = id_param();
    let reloads = RwSignal::new(0u32);
    let moved = RwSignal::new(None::<i64>);
    let page = Resource::new(move || (id(), reloads.get()), |(id, _)| get_path(id));
    view! {
        <RequireUser let:_me>
            <Loaded data=page title="Learning path" let:page>
                <PathView page reloads moved />
            </Loaded>
        </RequireUser>
    }
}

#[component]
fn PathView(page: Page, reloads: RwSignal<u32>, moved: RwSignal<Option<i64>>) -> impl IntoView {
    let id = page.card.id;
    let error = RwSignal::new(None::<AppError>);
    let assigned = page.mine.is_some();
    let can_manage = page.can_manage;
    let steps = StoredValue::new(page.steps.clone());
    let assignments = StoredValue::new(page.assignments.clone());
    let choices = StoredValue::new(page.choices.clone());
    view! {
        <Title text=page.card.title.clone() />
        <article class="item">
            <header class="item__head">
                <p class="item-card__meta">
                    <span class="kind">"Path"</span>
                    <span class="tag">{if page.card.linear { "Step by step" } else { "Any order" }}</span>
                    {page.mine.as_ref().map(|mine| view! { <StandingTag standing=mine.standing /> })}
                </p>
                <h1>{page.card.title.clone()}</h1>
                <p class="lead">{page.card.summary.clone()}</p>
                {page.badge.clone().map(|badge| view! {
                    <p>"Completing it earns the badge "<a href=format!("/badges/{}", badge.id)>{badge.label}</a>"."</p>
                })}
            </header>
            {page.mine.clone().map(|mine| {
                let finished = mine.standing == Standing::Completed;
                view! {
                    <section class="panel" aria-label="Your progress">
                        <ProgressMeter progress=mine label="Your progress on this path" />
                        {finished.then(|| view! {
                            <p class="notice notice--success" role="status">"You've completed this path. Well done!"</p>
                        })}
                    </section>
                }
            })}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <section class="panel" aria-labelledby="steps-title">
                <h2 id="steps-title">"Steps"</h2>
                <ol class="steps">
                    {page.steps.into_iter().map(|step| view! { <StepRow step assigned error reloads /> }).collect_view()}
                </ol>
                {page.can_see_progress.then(|| view! {
                    <a class="button" href=format!("/paths/{id}/progress")>"See everyone's progress"</a>
                })}
            </section>
            <Show when=move || can_manage>
                <PathManager id steps assignments choices badge=page.badge.as_ref().map(|badge| badge.id) moved reloads error />
            </Show>
        </article>
    }
}
