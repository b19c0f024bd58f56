use super::account_admin::AccountAdmin;
use crate::{
    badges::{components::EarnedBadges, person_badges, types::Award},
    error::AppError,
    people::{
        components::{Avatar, FollowButton, TagList},
        get_person,
        types::{Me, Person},
    },
    shell::{Loaded, RequireUser, id_param},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// A person's profile.
#[component]
pub fn PersonPage() -> impl IntoView {
    view! {
        <RequireUser let:me>
            <PersonProfile me />
        </RequireUser>
    }
}

#[component]
fn PersonProfile(me: Me) -> impl IntoView {
    let id = id_param();
    let changed = RwSignal::new(0u32);
    let person = Resource::new(move || (id(), changed.get()), |(id, _)| get_person(id));
    let badges = Resource::new(id, person_badges);
    view! {
        <Loaded data=person loading="Loading profile…" let:person>
            <Profile me=me.clone() person changed badges />
        </Loaded>
    }
}

#[component]
fn Profile(
    me: Me,
    person: Person,
    changed: RwSignal<u32>,
    badges: Resource<Result<Vec<Award>, AppError>>,
) -> impl IntoView {
    let summary = person.summary.clone();
    let edit = format!("/people/{}/edit", summary.id);
    let administer = me.is_admin() && me.id != summary.id;
    let own = me.id == summary.id;
    let follows = RwSignal::new(person.follows);
    let id = summary.id;
    let facts = [
        ("Department", summary.department.clone()),
        ("Location", summary.location.clone()),
        ("Started", person.start_date.clone().unwrap_or_default()),
        ("Email", person.email.clone()),
    ];
    view! {
        <Title text=summary.name.clone() />
        <article class="profile">
            <header class="profile__header">
                <Avatar name=summary.name.clone() url=summary.avatar_url.clone() size="lg" />
                <div class="profile__headline">
                    <h1>{summary.name.clone()}</h1>
                    <p class="profile__title">{summary.title.clone()}</p>
                    <p class="muted">{summary.role.label()} " · " {summary.status.label()}</p>
                    <p class="profile__follows">
                        <a href=format!("/people/{id}/followers")>
                            <strong>{move || follows.get().followers}</strong>
                            {move || if follows.get().followers == 1 { " follower" } else { " followers" }}
                        </a>
                        " · "
                        <a href=format!("/people/{id}/following")>
                            <strong>{move || follows.get().following}</strong>" following"
                        </a>
                    </p>
                </div>
                <Show when=move || !own>
                    <FollowButton person=id name=summary.name.clone() follows />
                </Show>
                <Show when=move || person.editable>
                    <a class="button" href=edit.clone()>
                        "Edit profile"
                    </a>
                </Show>
            </header>
            <dl class="facts">
                {facts
                    .into_iter()
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(label, value)| view! {
                        <div class="facts__item">
                            <dt>{label}</dt>
                            <dd>{value}</dd>
                        </div>
                    })
                    .collect_view()}
                {person.manager.clone().map(|manager| view! {
                    <div class="facts__item">
                        <dt>"Manager"</dt>
                        <dd><a href=format!("/people/{}", manager.id)>{manager.name}</a></dd>
                    </div>
                })}
            </dl>
            {(!person.bio.is_empty()).then(|| view! {
                <section class="profile__section">
                    <h2>"About"</h2>
                    <p class="profile__bio">{person.bio.clone()}</p>
                </section>
            })}
            <EarnedBadges awards=badges own />
            <TagList label="Expert in" tags=person.expertise.clone() />
            <TagList label="Skills" tags=person.skills.clone() link_skill=true />
            <TagList label="Learning about" tags=person.interests.clone() />
            {(!person.reports.is_empty()).then(|| view! {
                <section class="profile__section">
                    <h2>"Team"</h2>
                    <ul class="link-list">
                        {person.reports.iter().map(|report| view! {
                            <li><a href=format!("/people/{}", report.id)>{report.name.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <Show when=move || administer>
                <AccountAdmin person=person.clone() changed />
            </Show>
        </article>
    }
}
