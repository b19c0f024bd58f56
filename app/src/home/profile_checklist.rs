use crate::people::{get_person, types::Person};
use leptos::prelude::*;

/// The steps that make a profile useful to colleagues, and how many are done.
#[component]
pub fn ProfileChecklist(id: i64) -> impl IntoView {
    let person = Resource::new(move || id, get_person);
    view! {
        <section class="panel" aria-labelledby="profile-checklist">
            <h2 id="profile-checklist">"Your profile"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    person.await.ok().map(|person| {
                        let steps = steps(&person);
                        let done = steps.iter().filter(|(_, done)| *done).count();
                        let total = steps.len();
                        let percent = done * 100 / total;
                        view! {
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
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

fn steps(person: &Person) -> Vec<(&'static str, bool)> {
    vec![
        ("Add a photo", person.summary.avatar_url.is_some()),
        ("Add your job title", !person.summary.title.is_empty()),
        (
            "Say which team you're in",
            !person.summary.department.is_empty(),
        ),
        ("Write a few words about you", !person.bio.is_empty()),
        ("List your skills", !person.skills.is_empty()),
        ("Say what you'd like to learn", !person.interests.is_empty()),
    ]
}
