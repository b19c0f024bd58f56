use crate::{
    paths::{CreatePath, list_paths},
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// The paths a person looks after (all of them for admins), and for admins a form to start one.
#[component]
pub fn PathsPage() -> impl IntoView {
    let paths = Resource::new(|| (), |_| list_paths());
    let action = ServerAction::<CreatePath>::new();
    view! {
        <Title text="Learning paths" />
        <RequireUser let:me>
            <header class="page-header">
                <h1>"Learning paths"</h1>
                <p class="muted">"Onboarding and other journeys: steps, who takes them, and how far they are."</p>
            </header>
            <Loaded data=paths let:list>
                {if list.is_empty() {
                    Either::Left(view! {
                        <p class="empty-state">"No paths to look after yet."</p>
                    })
                } else {
                    Either::Right(view! {
                        <ul class="item-grid" aria-label="Paths">
                            {list.into_iter().map(|card| view! {
                                <li class="item-card">
                                    <p class="item-card__meta">
                                        <span class="kind">"Path"</span>
                                        <span class="tag">{if card.linear { "Step by step" } else { "Any order" }}</span>
                                    </p>
                                    <a class="item-card__title" href=format!("/paths/{}", card.id)>{card.title.clone()}</a>
                                    <p class="item-card__summary">{card.summary.clone()}</p>
                                    <p class="item-card__foot">
                                        {format!("{} steps · ", card.steps)}
                                        <a href=format!("/paths/{}/progress", card.id)>"Progress"</a>
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                }}
            </Loaded>
            {me.is_admin().then(|| view! {
                <section class="panel" aria-labelledby="new-path">
                    <h2 id="new-path">"Start a path"</h2>
                    <ActionForm action attr:class="form">
                        <label class="field">
                            <span class="field__label">"Title"</span>
                            <input type="text" name="path[title]" required maxlength="160" />
                        </label>
                        <label class="field">
                            <span class="field__label">"Summary"</span>
                            <textarea name="path[summary]" rows="2" maxlength="1000"></textarea>
                        </label>
                        <label class="field">
                            <span class="field__label">"Order"</span>
                            <select name="path[linear]">
                                <option value="">"Any order"</option>
                                <option value="on">"Step by step: each step opens when the required ones before it are done"</option>
                            </select>
                        </label>
                        <ActionError action />
                        <div class="form__actions">
                            <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Create path"</button>
                        </div>
                    </ActionForm>
                </section>
            })}
        </RequireUser>
    }
}
