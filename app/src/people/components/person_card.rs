use super::Avatar;
use crate::people::types::{AccountStatus, PersonSummary};
use leptos::prelude::*;

/// A person in a list: photo, name, title and where they work.
#[component]
pub fn PersonCard(person: PersonSummary) -> impl IntoView {
    let href = format!("/people/{}", person.id);
    let place = [person.department.as_str(), person.location.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let status = (person.status != AccountStatus::Active).then(|| {
        view! { <span class=format!("badge badge--{}", person.status.label().to_ascii_lowercase())>{person.status.label()}</span> }
    });
    view! {
        <li class="person-card">
            <Avatar name=person.name.clone() url=person.avatar_url.clone() />
            <div class="person-card__text">
                <a class="person-card__name" href=href>
                    {person.name.clone()}
                </a>
                <span class="person-card__title">{person.title.clone()}</span>
                <span class="person-card__place">{place}</span>
            </div>
            {status}
        </li>
    }
}
