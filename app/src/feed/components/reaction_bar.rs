use crate::{
    error::AppError,
    feed::{
        toggle_reaction,
        types::{PostView, Reaction},
    },
    shell::run,
};
use leptos::prelude::*;

/// The fixed set of reactions with their counts; pressing one gives or takes back the reader's.
#[component]
pub fn ReactionBar(
    post: PostView,
    update: Callback<PostView>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let id = post.id;
    let enabled = post.can_comment;
    Reaction::ALL
        .iter()
        .map(|&reaction| {
            let count = post.reactions.iter().find(|count| count.reaction == reaction);
            let number = count.map_or(0, |count| count.count);
            let mine = count.is_some_and(|count| count.mine);
            let who = count
                .map(|count| count.names.join(", "))
                .unwrap_or_default();
            let label = if number > 0 {
                format!("{} ({number}): {who}", reaction.label())
            } else {
                reaction.label().to_string()
            };
            view! {
                <button
                    type="button"
                    class="reaction"
                    class:reaction--mine=mine
                    aria-pressed=if mine { "true" } else { "false" }
                    aria-label=label.clone()
                    title=label
                    disabled=!enabled
                    on:click=move |_| run(error, toggle_reaction(id, reaction), move |post| update.run(post))
                >
                    <span aria-hidden="true">{reaction.symbol()}</span>
                    <span class="reaction__label" aria-hidden="true">{reaction.label()}</span>
                    <Show when=move || { number > 0 }>
                        <span class="reaction__count" aria-hidden="true">{number}</span>
                    </Show>
                </button>
            }
        })
        .collect_view()
}
