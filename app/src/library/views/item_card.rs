use crate::library::types::{ItemCard, ItemStatus};
use leptos::prelude::*;

/// A list of items as cards, or `empty` when there are none.
#[component]
pub fn ItemCards(items: Vec<ItemCard>, empty: &'static str) -> impl IntoView {
    let none = items.is_empty();
    view! {
        <Show when=move || none>
            <p class="muted">{empty}</p>
        </Show>
        <ul class="item-grid">
            {items.into_iter().map(|item| {
                let draft = item.status != ItemStatus::Published;
                view! {
                    <li class="item-card">
                        <p class="item-card__meta">
                            <span class=format!("kind kind--{}", item.kind.as_str())>{item.kind.label()}</span>
                            <Show when=move || draft>
                                <span class="tag tag--status">{item.status.label()}</span>
                            </Show>
                            <Show when=move || item.needs_review>
                                <span class="tag tag--warning">"Due for review"</span>
                            </Show>
                        </p>
                        <a class="item-card__title" href=format!("/library/items/{}", item.id)>{item.title}</a>
                        <p class="item-card__summary">{item.summary}</p>
                        <p class="item-card__foot muted">
                            {item.category.1}
                            {(!item.topic.is_empty()).then(|| format!(" · {}", item.topic))}
                            " · " {item.owner.name}
                            " · " {item.updated_label}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
