use crate::people::{my_profile_steps, types::ProfileSteps};
use leptos::prelude::*;

/// The steps that make a profile useful to colleagues, and how many are done.
#[component]
pub fn ProfileChecklist(id: i64) -> impl IntoView {
    let steps = Resource::new(|| (), |()| my_profile_steps());
    view! {
        <section class="panel" aria-labelledby="profile-checklist">
            <h2 id="profile-checklist">"Your profile"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    steps.await.ok().map(|steps| {
                        let steps = labelled(steps);
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

fn labelled(steps: ProfileSteps) -> Vec<(&'static str, bool)> {
    vec![
        ("Add a photo", steps.photo),
        ("Add your job title", steps.title),
        ("Say which team you're in", steps.team),
        ("Write a few words about you", steps.bio),
        ("List your skills", steps.skills),
        ("Say what you'd like to learn", steps.interests),
    ]
}
