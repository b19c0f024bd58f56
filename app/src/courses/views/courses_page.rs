use super::{percent, progress_words};
use crate::{
    courses::{CreateCourse, list_courses, types::CourseCard},
    library::types::ItemStatus,
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// Published courses with the person's progress, their own drafts, and a form to start one.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let courses = Resource::new(|| (), |_| list_courses());
    let action = ServerAction::<CreateCourse>::new();
    view! {
        <Title text="Courses" />
        <RequireUser let:_me>
            <h1>"Courses"</h1>
            <Loaded data=courses let:list>
                {if list.is_empty() {
                    Either::Left(view! {
                        <p class="empty-state">"No courses yet. Start the first one below."</p>
                    })
                } else {
                    Either::Right(view! {
                        <ul class="item-grid">
                            {list.into_iter().map(|card| view! { <CourseTile card /> }).collect_view()}
                        </ul>
                    })
                }}
            </Loaded>
            <section class="panel" aria-labelledby="new-course">
                <h2 id="new-course">"Start a course"</h2>
                <p class="muted">"A few short lessons and a quiz. An expert in its topic reviews it before colleagues see it."</p>
                <ActionForm action attr:class="form">
                    <div class="form__row">
                        <label class="field field--grow">
                            <span class="field__label">"Title"</span>
                            <input type="text" name="course[title]" required maxlength="160" />
                        </label>
                        <label class="field">
                            <span class="field__label">"Topic"</span>
                            <input type="text" name="course[topic]" maxlength="40" placeholder="security" />
                        </label>
                    </div>
                    <label class="field">
                        <span class="field__label">"Summary"</span>
                        <textarea name="course[summary]" rows="2" maxlength="500"></textarea>
                    </label>
                    <ActionError action />
                    <div class="form__actions">
                        <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Create course"</button>
                    </div>
                </ActionForm>
            </section>
        </RequireUser>
    }
}

#[component]
fn CourseTile(card: CourseCard) -> impl IntoView {
    let share = percent(card.done, card.lessons);
    let draft = card.status != ItemStatus::Published;
    view! {
        <li class="item-card">
            <p class="item-card__meta">
                <span class="kind">"Course"</span>
                <Show when=move || draft>
                    <span class="tag tag--status">{card.status.label()}</span>
                </Show>
                {(!card.topic.is_empty()).then(|| view! { <span class="tag">{card.topic.clone()}</span> })}
            </p>
            <a class="item-card__title" href=format!("/courses/{}", card.id)>{card.title.clone()}</a>
            <p class="item-card__summary">{card.summary.clone()}</p>
            <div class="meter" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=share.to_string()
                aria-label=format!("{}: {}", card.title, progress_words(card.done, card.lessons))>
                <div class="meter__fill" style=format!("width: {share}%")></div>
            </div>
            <p class="item-card__foot muted">{progress_words(card.done, card.lessons)} " · by " {card.owner.name.clone()}</p>
        </li>
    }
}
