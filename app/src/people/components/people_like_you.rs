use super::{Avatar, FollowButton};
use crate::{
    people::{DismissSuggestion, FollowPerson, suggest_people, types::Follows},
    shell::{ActionError, PostedError},
};
use leptos::{prelude::*, server_fn::ServerFn};

/// Colleagues like the reader, each with the reason, to follow or dismiss; nothing when there is
/// nobody to suggest.
#[component]
pub fn PeopleLikeYou() -> impl IntoView {
    let dismiss = ServerAction::<DismissSuggestion>::new();
    let suggestions = Resource::new(move || dismiss.version().get(), |_| suggest_people());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let people = suggestions.await.unwrap_or_default();
                (!people.is_empty()).then(|| view! {
                    <section class="panel" aria-labelledby="like-you">
                        <h2 id="like-you">"People like you"</h2>
                        <PostedError paths=vec![FollowPerson::PATH] />
                        <ul class="suggestions" aria-label="People like you">
                            {people.into_iter().map(|suggestion| {
                                let person = suggestion.person;
                                let follows = RwSignal::new(Follows::default());
                                view! {
                                    <li class="suggestion">
                                        <Avatar name=person.name.clone() url=person.avatar_url.clone() />
                                        <div class="suggestion__text">
                                            <a class="suggestion__name" href=format!("/people/{}", person.id)>{person.name.clone()}</a>
                                            <span class="muted">{suggestion.reason}</span>
                                        </div>
                                        <div class="suggestion__actions">
                                            <FollowButton person=person.id name=person.name.clone() follows in_list=true />
                                            <ActionForm action=dismiss attr:class="form-button">
                                                <input type="hidden" name="id" value=person.id.to_string() />
                                                <button type="submit" class="link-button" aria-label=format!("Not now, {}", person.name)>"Not now"</button>
                                            </ActionForm>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <ActionError action=dismiss />
                    </section>
                })
            })}
        </Transition>
    }
}
