use crate::{
    courses::{
        complete_lesson, get_course, submit_quiz,
        types::{Course, Lesson, LessonKind, QuestionKind, QuizResult},
    },
    error::AppError,
    shell::{ErrorNotice, Loaded, RequireUser, run},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// One lesson of a course: read or watch it and mark it done, or take its quiz.
#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let number = move |name: &str| {
        params
            .read()
            .get(name)
            .and_then(|value| value.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let reloads = RwSignal::new(0u32);
    let course = Resource::new(
        move || (number("id"), reloads.get()),
        |(id, _)| get_course(id),
    );
    view! {
        <RequireUser let:_me>
            <Loaded data=course let:course>
                {
                    let lesson_id = number("lesson");
                    match course.lessons.iter().position(|lesson| lesson.id == lesson_id) {
                        Some(index) => Either::Left(view! { <LessonView course index reloads /> }),
                        None => Either::Right(view! { <ErrorNotice error=AppError::NotFound /> }),
                    }
                }
            </Loaded>
        </RequireUser>
    }
}

#[component]
fn LessonView(course: Course, index: usize, reloads: RwSignal<u32>) -> impl IntoView {
    let lesson = course.lessons[index].clone();
    let next = course.lessons.get(index + 1).map(|next| next.id);
    let course_id = course.card.id;
    let error = RwSignal::new(None::<AppError>);
    let after = match next {
        Some(next) => format!("/courses/{course_id}/lessons/{next}"),
        None => format!("/courses/{course_id}"),
    };
    let done = lesson.done;
    let lesson_id = lesson.id;
    let content = match lesson.kind {
        LessonKind::Quiz => Either::Left(view! { <Quiz lesson=lesson.clone() /> }),
        kind => Either::Right(view! {
            {(kind == LessonKind::Video).then(|| match lesson.video_url.clone() {
                Some(url) => Either::Left(view! { <video class="player" controls preload="metadata" src=url aria-label=format!("Video: {}", lesson.title)></video> }),
                None => Either::Right(view! { <p class="muted">"This video is no longer in the library."</p> }),
            })}
            <div class="prose" inner_html=lesson.body_html.clone() />
            <div class="form__actions form__actions--start">
                <Show when=move || !done fallback=|| view! { <p class="tag tag--success">"Done"</p> }>
                    <button type="button" class="button button--primary"
                        on:click=move |_| run(error, complete_lesson(lesson_id), move |_| reloads.update(|n| *n += 1))>
                        "Mark as done"
                    </button>
                </Show>
            </div>
        }),
    };
    view! {
        <Title text=lesson.title.clone() />
        <nav class="muted small" aria-label="Course">
            <a href=format!("/courses/{course_id}")>{course.card.title.clone()}</a>
            {format!(" · lesson {} of {}", index + 1, course.lessons.len())}
        </nav>
        <article class="item">
            <h1>{lesson.title.clone()}</h1>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <div class="item__content">{content}</div>
            <a class="button" href=after>{if next.is_some() { "Next lesson →" } else { "Back to the course" }}</a>
        </article>
    }
}

/// A quiz: answers are chosen here and graded on the server.
#[component]
fn Quiz(lesson: Lesson) -> impl IntoView {
    let count = lesson.questions.len();
    let answers = RwSignal::new(vec![Vec::<usize>::new(); count]);
    let result = RwSignal::new(None::<QuizResult>);
    let error = RwSignal::new(None::<AppError>);
    // One token per attempt, so a double click sends one attempt.
    let token = StoredValue::new(None::<String>);
    let id = lesson.id;
    let sending = RwSignal::new(false);
    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let attempt = token.get_value().unwrap_or_else(|| {
            let fresh = fresh_token(id);
            token.set_value(Some(fresh.clone()));
            fresh
        });
        let chosen = serde_json::to_string(&answers.get_untracked()).unwrap_or_default();
        leptos::task::spawn_local(async move {
            error.set(None);
            match submit_quiz(id, chosen, attempt).await {
                Ok(graded) => result.set(Some(graded)),
                Err(failure) => error.set(Some(failure)),
            }
            sending.set(false);
        });
    };
    let again = move |_| {
        token.set_value(None);
        result.set(None);
        answers.set(vec![Vec::new(); count]);
    };
    view! {
        <div class="prose" inner_html=lesson.body_html.clone() />
        <p class="muted">{format!("{count} questions · pass at {}%", lesson.pass_mark)}
            {lesson.best_score.map(|score| format!(" · passed with {score}%"))}</p>
        <ol class="quiz">
            {lesson.questions.iter().enumerate().map(|(index, question)| {
                let many = question.kind == QuestionKind::Multiple;
                let name = format!("q{}", question.id);
                view! {
                    <li>
                        <fieldset class="quiz__question">
                            <legend>{question.prompt.clone()}
                                {many.then_some(" (choose every right answer)")}
                            </legend>
                            {question.options.iter().enumerate().map(|(option, text)| {
                                let checked = move || answers.read().get(index).is_some_and(|chosen| chosen.contains(&option));
                                view! {
                                    <label class="quiz__option">
                                        <input type=if many { "checkbox" } else { "radio" } name=name.clone()
                                            prop:checked=checked
                                            disabled=move || result.read().is_some()
                                            on:change=move |_| answers.update(|all| {
                                                let chosen = &mut all[index];
                                                if many {
                                                    if let Some(at) = chosen.iter().position(|c| *c == option) {
                                                        chosen.remove(at);
                                                    } else {
                                                        chosen.push(option);
                                                    }
                                                } else {
                                                    *chosen = vec![option];
                                                }
                                            }) />
                                        {text.clone()}
                                    </label>
                                }
                            }).collect_view()}
                            {move || result.get().and_then(|graded| graded.right.get(index).copied()).map(|right| {
                                view! {
                                    <p class=if right { "quiz__verdict quiz__verdict--right" } else { "quiz__verdict quiz__verdict--wrong" }>
                                        {if right { "Right" } else { "Not right" }}
                                    </p>
                                }
                            })}
                        </fieldset>
                    </li>
                }
            }).collect_view()}
        </ol>
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        {move || match result.get() {
            None => Either::Left(view! {
                <button type="button" class="button button--primary" disabled=move || sending.get() on:click=send>"Send answers"</button>
            }),
            Some(graded) => Either::Right(view! {
                <div class=if graded.passed { "notice notice--success" } else { "notice notice--error" } role="status">
                    <p>{match graded.score {
                        Some(score) => format!("Passed with {score}%. Well done!"),
                        None => format!("Not yet. You need {}% to pass. Look again at the lessons, then try again.", graded.pass_mark),
                    }}</p>
                </div>
                <Show when=move || !graded.passed>
                    <button type="button" class="button" on:click=again>"Try again"</button>
                </Show>
            }),
        }}
    }
}

/// A token for one attempt at a quiz: the lesson, the moment and a random number.
#[cfg(target_family = "wasm")]
fn fresh_token(lesson: i64) -> String {
    format!(
        "{lesson}-{}-{}",
        js_sys::Date::now(),
        js_sys::Math::random()
    )
}

/// Quizzes are sent from the browser; the server never makes a token of its own.
#[cfg(not(target_family = "wasm"))]
fn fresh_token(lesson: i64) -> String {
    lesson.to_string()
}
