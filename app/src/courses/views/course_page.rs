use super::{percent, progress_words};
use crate::{
    courses::{
        AddLesson, AddQuestion, get_course, review_course, submit_course,
        types::{Course, LessonKind, QuestionKind},
    },
    error::AppError,
    shell::{ActionError, ErrorNotice, Loaded, RequireUser, id_param, on_success, run},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// A course: its lessons with the person's progress, and for its author and experts the work of
/// writing and reviewing it.
#[component]
pub fn CoursePage() -> impl IntoView {
    let id = id_param();
    let reloads = RwSignal::new(0u32);
    let course = Resource::new(move || (id(), reloads.get()), |(id, _)| get_course(id));
    view! {
        <RequireUser let:_me>
            <Loaded data=course title="Course" let:course>
                <CourseView course reloads />
            </Loaded>
        </RequireUser>
    }
}

#[component]
fn CourseView(course: Course, reloads: RwSignal<u32>) -> impl IntoView {
    let id = course.card.id;
    let error = RwSignal::new(None::<AppError>);
    let reload = move || reloads.update(|n| *n += 1);
    let share = percent(course.card.done, course.card.lessons);
    let words = progress_words(course.card.done, course.card.lessons);
    let can_edit = course.can_edit;
    let can_review = course.can_review;
    let comment = RwSignal::new(String::new());
    let decide = move |approve: bool| {
        run(
            error,
            review_course(id, approve, comment.get_untracked()),
            move |_| reload(),
        );
    };
    let quizzes: Vec<(i64, String)> = course
        .lessons
        .iter()
        .filter(|lesson| lesson.kind == LessonKind::Quiz)
        .map(|lesson| (lesson.id, lesson.title.clone()))
        .collect();
    view! {
        <Title text=course.card.title.clone() />
        <article class="item">
            <header class="item__head">
                <p class="item-card__meta">
                    <span class="kind">"Course"</span>
                    <span class="tag tag--status">{course.card.status.label()}</span>
                    {(!course.card.topic.is_empty()).then(|| view! { <span class="tag">{course.card.topic.clone()}</span> })}
                </p>
                <h1>{course.card.title.clone()}</h1>
                <p class="lead">{course.card.summary.clone()}</p>
                <p class="muted small">"By " {course.card.owner.name.clone()}
                    {course.reviewer.clone().map(|p| format!(" · Reviewed by {}", p.name))}</p>
            </header>
            {(!course.review_note.is_empty()).then(|| view! {
                <div class="notice"><p><strong>"Reviewer's note: "</strong>{course.review_note.clone()}</p></div>
            })}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <section class="panel" aria-labelledby="lessons-title">
                <h2 id="lessons-title">"Lessons"</h2>
                <div class="meter" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=share.to_string() aria-label=words.clone()>
                    <div class="meter__fill" style=format!("width: {share}%")></div>
                </div>
                <p class="muted small">{words}</p>
                <ol class="lessons">
                    {course.lessons.iter().map(|lesson| view! {
                        <li class:lessons__done=lesson.done>
                            <span class="lessons__mark" aria-hidden="true">{if lesson.done { "✓" } else { "○" }}</span>
                            <a href=format!("/courses/{id}/lessons/{}", lesson.id)>{lesson.title.clone()}</a>
                            <span class="muted small">" · " {lesson.kind.label()}
                                {(lesson.kind == LessonKind::Quiz).then(|| format!(" · {} questions · pass at {}%", lesson.questions.len(), lesson.pass_mark))}
                                {lesson.best_score.map(|score| format!(" · best {score}%"))}
                                {if lesson.done { " · done" } else { "" }}
                            </span>
                        </li>
                    }).collect_view()}
                </ol>
                {course.next.map(|next| view! {
                    <a class="button button--primary" href=format!("/courses/{id}/lessons/{next}")>
                        {if course.card.done == 0 { "Start the course" } else { "Resume the course" }}
                    </a>
                })}
            </section>
            <Show when=move || can_review>
                <section class="panel review" aria-labelledby="review-title">
                    <h2 id="review-title">"Review"</h2>
                    <p class="muted">"You're an expert in this topic. Publish it, or send it back with what to change."</p>
                    <label class="field">
                        <span class="field__label">"Comment"</span>
                        <textarea rows="3" maxlength="2000" prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="form__actions">
                        <button type="button" class="button" on:click=move |_| decide(false)>"Send back"</button>
                        <button type="button" class="button button--primary" on:click=move |_| decide(true)>"Approve and publish"</button>
                    </div>
                </section>
            </Show>
            <Show when=move || can_edit>
                <Authoring id quizzes=quizzes.clone() reloads error />
            </Show>
        </article>
    }
}

/// Adding lessons and questions to a draft, and sending it for review.
#[component]
fn Authoring(
    id: i64,
    quizzes: Vec<(i64, String)>,
    reloads: RwSignal<u32>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let lesson = ServerAction::<AddLesson>::new();
    let question = ServerAction::<AddQuestion>::new();
    on_success(lesson, move || reloads.update(|n| *n += 1));
    on_success(question, move || reloads.update(|n| *n += 1));
    let has_quiz = !quizzes.is_empty();
    let quizzes = StoredValue::new(quizzes);
    view! {
        <section class="panel" aria-labelledby="write-title">
            <h2 id="write-title">"Write"</h2>
            <ActionForm action=lesson attr:class="form">
                <h3>"Add a lesson"</h3>
                <input type="hidden" name="course" value=id.to_string() />
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Lesson kind"</span>
                        <select name="lesson[kind]">
                            {LessonKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">"Lesson title"</span>
                        <input type="text" name="lesson[title]" required maxlength="160" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Pass mark (%)"</span>
                        <input type="number" name="lesson[pass_mark]" min="1" max="100" placeholder="80" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Library video number"</span>
                        <input type="number" name="lesson[video]" min="1" />
                    </label>
                </div>
                <label class="field">
                    <span class="field__label">"Lesson text (Markdown)"</span>
                    <textarea name="lesson[body]" rows="5"></textarea>
                    <span class="field__hint">"A reading's text, or notes beside a video or before a quiz. A video lesson plays a published library video: its number is in its address."</span>
                </label>
                <ActionError action=lesson />
                <div class="form__actions">
                    <button type="submit" class="button">"Add lesson"</button>
                </div>
            </ActionForm>
            <Show when=move || has_quiz>
                <ActionForm action=question attr:class="form">
                    <h3>"Add a quiz question"</h3>
                    <div class="form__row">
                        <label class="field">
                            <span class="field__label">"Quiz"</span>
                            <select name="lesson">
                                {quizzes.get_value().into_iter().map(|(lesson, title)| view! { <option value=lesson.to_string()>{title}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field">
                            <span class="field__label">"Answered by"</span>
                            <select name="question[kind]">
                                {QuestionKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> }).collect_view()}
                            </select>
                        </label>
                    </div>
                    <label class="field">
                        <span class="field__label">"Question"</span>
                        <textarea name="question[prompt]" rows="2" required maxlength="1000"></textarea>
                    </label>
                    <div class="form__row">
                        <label class="field field--grow">
                            <span class="field__label">"Options, one per line"</span>
                            <textarea name="question[options]" rows="4"></textarea>
                            <span class="field__hint">"True-or-false questions need none."</span>
                        </label>
                        <label class="field">
                            <span class="field__label">"Right options"</span>
                            <input type="text" name="question[correct]" placeholder="1, 3" />
                            <span class="field__hint">"Their numbers, counting from 1 (True is 1, False is 2)."</span>
                        </label>
                    </div>
                    <ActionError action=question />
                    <div class="form__actions">
                        <button type="submit" class="button">"Add question"</button>
                    </div>
                </ActionForm>
            </Show>
            <div class="form__actions form__actions--start">
                <button type="button" class="button button--primary"
                    on:click=move |_| run(error, submit_course(id), move |_| reloads.update(|n| *n += 1))>
                    "Send for review"
                </button>
            </div>
        </section>
    }
}
