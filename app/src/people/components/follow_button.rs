use crate::{
    people::{FollowPerson, types::Follows},
    shell::{ActionError, ErrorNotice},
};
use leptos::prelude::*;

/// Follow or stop following someone; a form, so it works before the page's code arrives. In a
/// list of people (`in_list`), a refusal of the form posted without JavaScript is left to the
/// list to say once.
#[component]
pub fn FollowButton(
    person: i64,
    name: String,
    follows: RwSignal<Follows>,
    #[prop(optional)] in_list: bool,
) -> impl IntoView {
    let action = ServerAction::<FollowPerson>::new();
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            follows.set(now);
        }
    });
    let mine = move || follows.get().mine;
    let error = move || {
        in_list.then(|| {
            action
                .value()
                .get()
                .and_then(Result::err)
                .map(|error| view! { <ErrorNotice error /> })
        })
    };
    view! {
        <ActionForm action attr:class="follow-form">
            <input type="hidden" name="id" value=person.to_string() />
            <input type="hidden" name="follow" value=move || (!mine()).to_string() />
            <button type="submit" class="button" class:button--primary=move || !mine()
                disabled=move || action.pending().get()
                aria-label=move || if mine() { format!("Unfollow {name}") } else { format!("Follow {name}") }>
                {move || if mine() { "Unfollow" } else { "Follow" }}
            </button>
        </ActionForm>
        {move || (!in_list).then(|| view! { <ActionError action /> })}
        {error}
    }
}
