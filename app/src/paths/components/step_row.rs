use crate::{
    error::AppError,
    paths::{
        mark_step,
        types::{Step, StepKind},
    },
    shell::run,
};
use leptos::{either::Either, prelude::*};

/// What a step says about itself, and the button that marks it done when it is done by hand.
#[component]
pub fn StepRow(
    step: Step,
    assigned: bool,
    error: RwSignal<Option<AppError>>,
    reloads: RwSignal<u32>,
) -> impl IntoView {
    let id = step.id;
    let mark = move |_| run(error, mark_step(id), move |_| reloads.update(|n| *n += 1));
    let external = step.kind == StepKind::Link;
    let title = match (&step.href, step.locked) {
        (Some(href), false) => Either::Left(view! {
            <a href=href.clone() target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")>
                {step.title.clone()}
            </a>
        }),
        _ => Either::Right(view! { <span>{step.title.clone()}</span> }),
    };
    let hint = if step.locked {
        "Opens when the required steps before it are done."
    } else if step.done {
        "Done."
    } else if step.kind.marked_by_hand() {
        ""
    } else {
        "Ticks itself when you have done it."
    };
    let button = (assigned && step.kind.marked_by_hand() && !step.done && !step.locked).then(|| {
        let words = if step.kind == StepKind::Read { "I've read it" } else { "Mark as done" };
        view! { <button type="button" class="button button--small" on:click=mark>{words}</button> }
    });
    view! {
        <li class="steps__step" class:steps__step--done=step.done class:steps__step--locked=step.locked>
            <span class="steps__mark" aria-hidden="true">
                {if step.locked {
                    Either::Left(view! {
                        <svg viewBox="0 0 16 16" width="12" height="12" fill="currentColor">
                            <path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z" />
                        </svg>
                    })
                } else {
                    Either::Right(if step.done { "✓" } else { "○" })
                }}
            </span>
            <div class="steps__body">
                <p class="steps__title">{title}</p>
                <p class="muted small">
                    {step.kind.label()} " · " {if step.required { "Required" } else { "Optional" }}
                    {(!hint.is_empty()).then(|| format!(" · {hint}"))}
                </p>
            </div>
            {button}
        </li>
    }
}
