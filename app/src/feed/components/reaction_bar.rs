use crate::{
    error::AppError,
    feed::{
        ToggleReaction,
        types::{PostView, Reaction},
    },
    shell::{Hidden, on_answer},
};
use leptos::prelude::*;

/// The fixed set of reactions with their counts; pressing one gives or takes back the reader's.
/// One form whose buttons each post their reaction, so it works without JavaScript too.
#[component]
pub fn ReactionBar(
    post: PostView,
    update: Callback<PostView>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let react = ServerAction::<ToggleReaction>::new();
    on_answer(react, error, move |post| update.run(post));
    let enabled = post.can_comment;
    let buttons = Reaction::ALL
        .iter()
        .map(|&reaction| {
            let count = post
                .reactions
                .iter()
                .find(|count| count.reaction == reaction);
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
                    type="submit"
                    name="reaction"
                    value=reaction.as_str()
                    class="reaction"
                    class:reaction--mine=mine
                    aria-pressed=if mine { "true" } else { "false" }
                    aria-label=label.clone()
                    title=label
                    disabled=!enabled
                >
                    <span aria-hidden="true">{reaction.symbol()}</span>
                    <span class="reaction__label" aria-hidden="true">{reaction.label()}</span>
                    <Show when=move || { number > 0 }>
                        <span class="reaction__count" aria-hidden="true">{number}</span>
                    </Show>
                </button>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=react attr:class="post__reactions" attr:role="group" attr:aria-label="Reactions">
            <Hidden fields=vec![("post", post.id.to_string())] />
            {buttons}
        </ActionForm>
    }
}
