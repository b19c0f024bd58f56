//! The parts of Home the server draws: its side (see `Part::HomeSide`) and its composer
//! (`Part::Composer`).

use crate::{
    auth::ssr::Caller,
    error::AppError,
    feed::components::{Audience, Composer},
    people::{
        components::PersonCard,
        types::{Person, Role},
    },
};
use leptos::prelude::*;

/// The profile checklist, where to go next and the newest colleagues.
pub async fn side(caller: &Caller) -> Result<impl IntoView + use<>, AppError> {
    let me = caller.actor();
    let profile = crate::people::ssr::profile(caller.db(), me, me.id).await?;
    let newest = crate::people::ssr::newest(caller.db(), 6).await?;
    let invite = (me.role == Role::Admin).then(|| {
        view! {
            <li>
                <a href="/admin/people">"Invite your colleagues"</a>
            </li>
        }
    });
    Ok(view! {
        <aside class="home__side">
            {checklist(&profile)}
            <section class="panel" aria-labelledby="next-steps">
                <h2 id="next-steps">"Explore"</h2>
                <ul class="action-list">
                    <li>
                        <a href="/groups">"Join groups about what you do and love"</a>
                    </li>
                    <li>
                        <a href="/people">"Find people by team, place or skill"</a>
                    </li>
                    <li>
                        <a href="/people/experts">"Find who can help you with something"</a>
                    </li>
                    <li>
                        <a href=format!("/people/{}", me.id)>"See your profile as others see it"</a>
                    </li>
                    <li>
                        <a href="/reports">"What came of your reports"</a>
                    </li>
                    {invite}
                </ul>
            </section>
            <section class="panel" aria-labelledby="newest">
                <h2 id="newest">"Newest colleagues"</h2>
                <ul class="people-list" aria-label="Newest colleagues">
                    {newest.into_iter().map(|person| view! { <PersonCard person /> }).collect_view()}
                </ul>
            </section>
        </aside>
    })
}

/// The composer, offering the company feed and the groups the caller is an active member of;
/// announcements for admins.
pub async fn composer(caller: &Caller) -> Result<impl IntoView + use<>, AppError> {
    let me = caller.actor();
    let groups = crate::groups::ssr::joined(caller.db(), me.id).await?;
    let choices = groups
        .into_iter()
        .map(|group| (group.id, group.name))
        .collect();
    Ok(view! {
        <Composer audience=Audience::Choice(choices) announce=me.role == Role::Admin
            draft=RwSignal::new(String::new()) posted=Callback::new(|()| ()) />
    })
}

/// The steps that make a profile useful to colleagues, and how many are done.
fn checklist(person: &Person) -> impl IntoView + use<> {
    let id = person.summary.id;
    let steps = [
        ("Add a photo", person.summary.avatar_url.is_some()),
        ("Add your job title", !person.summary.title.is_empty()),
        (
            "Say which team you're in",
            !person.summary.department.is_empty(),
        ),
        ("Write a few words about you", !person.bio.is_empty()),
        ("List your skills", !person.skills.is_empty()),
        ("Say what you'd like to learn", !person.interests.is_empty()),
    ];
    let done = steps.iter().filter(|(_, done)| *done).count();
    let total = steps.len();
    let percent = done * 100 / total;
    view! {
        <section class="panel" aria-labelledby="profile-checklist">
            <h2 id="profile-checklist">"Your profile"</h2>
            <div class="meter" role="progressbar" aria-label="Profile complete" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent>
                <div class=format!("meter__fill meter__fill--{}", percent / 10 * 10)></div>
            </div>
            <p class="small muted">{format!("{done} of {total} done")}</p>
            <ul class="checklist">
                {steps.into_iter().map(|(label, done)| view! {
                    <li class:checklist__done=done>
                        <span class="checklist__mark" aria-hidden="true">{if done { "✓" } else { "○" }}</span>
                        {label}
                        <span class="visually-hidden">{if done { " (done)" } else { " (to do)" }}</span>
                    </li>
                }).collect_view()}
            </ul>
            <a class="button button--primary" href=format!("/people/{id}/edit")>"Complete your profile"</a>
        </section>
    }
}
