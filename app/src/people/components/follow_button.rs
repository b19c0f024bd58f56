use crate::{
    people::{FollowPerson, types::Follows},
    shell::ActionError,
};
use leptos::prelude::*;

/// Follow or stop following someone, with their follower counts; a form, so it works before the
/// page's code arrives.
#[component]
pub fn FollowButton(person: i64, name: String, follows: RwSignal<Follows>) -> impl IntoView {
    let action = ServerAction::<FollowPerson>::new();
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            follows.set(now);
        }
    });
    let mine = move || follows.get().mine;
    view! {
        <ActionForm action attr:class="follow-form">
            <input type="hidden" name="id" value=person.to_string() />
            <input type="hidden" name="follow" value=move || (!mine()).to_string() />
            <button type="submit" class="button" class:button--primary=move || !mine()
                aria-pressed=move || mine().to_string() disabled=move || action.pending().get()
                title=move || if mine() { format!("Stop following {name}") } else { format!("See {name}'s posts on your Home") }>
                {move || if mine() { "Following" } else { "Follow" }}
            </button>
        </ActionForm>
        <ActionError action />
    }
}
