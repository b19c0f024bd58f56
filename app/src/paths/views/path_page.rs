use super::{ProgressMeter, StandingTag};
use crate::{
    error::AppError,
    paths::{
        AddStep, AssignPath, get_path, mark_step, remove_step,
        types::{Audience, PathPage as Page, Standing, Step, StepKind},
        unassign_path,
    },
    shell::{ActionError, ErrorNotice, RequireUser, id_param, on_success, run},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// A path: its steps and where the person stands on each; for admins, its steps and assignments to
/// change.
#[component]
pub fn PathPage() -> impl IntoView {
    let id = id_param();
    let reloads = RwSignal::new(0u32);
    let page = Resource::new(move || (id(), reloads.get()), |(id, _)| get_path(id));
    view! {
        <RequireUser let:_me>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => Either::Left(view! { <PathView page reloads /> }),
                        Err(error) => Either::Right(view! { <Title text="Learning path" /><ErrorNotice error /> }),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

#[component]
fn PathView(page: Page, reloads: RwSignal<u32>) -> impl IntoView {
    let id = page.card.id;
    let error = RwSignal::new(None::<AppError>);
    let assigned = page.mine.is_some();
    let can_manage = page.can_manage;
    let steps = StoredValue::new(page.steps.clone());
    let assignments = StoredValue::new(page.assignments.clone());
    view! {
        <Title text=page.card.title.clone() />
        <article class="item">
            <header class="item__head">
                <p class="item-card__meta">
                    <span class="kind">"Path"</span>
                    <span class="tag">{if page.card.linear { "Step by step" } else { "Any order" }}</span>
                    {page.mine.as_ref().map(|mine| view! { <StandingTag standing=mine.standing /> })}
                </p>
                <h1>{page.card.title.clone()}</h1>
                <p class="lead">{page.card.summary.clone()}</p>
            </header>
            {page.mine.clone().map(|mine| {
                let finished = mine.standing == Standing::Completed;
                view! {
                    <section class="panel" aria-label="Your progress">
                        <ProgressMeter progress=mine label="Your progress on this path" />
                        {finished.then(|| view! {
                            <p class="notice notice--success" role="status">"You've completed this path. Well done!"</p>
                        })}
                    </section>
                }
            })}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <section class="panel" aria-labelledby="steps-title">
                <h2 id="steps-title">"Steps"</h2>
                <ol class="steps">
                    {page.steps.into_iter().map(|step| view! { <StepRow step assigned error reloads /> }).collect_view()}
                </ol>
                {page.can_see_progress.then(|| view! {
                    <a class="button" href=format!("/paths/{id}/progress")>"See everyone's progress"</a>
                })}
            </section>
            <Show when=move || can_manage>
                <Manage id steps assignments reloads error />
            </Show>
        </article>
    }
}

/// What a step says about itself, and the button that marks it done when it is done by hand.
#[component]
fn StepRow(
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

/// Admins change the steps and who the path is assigned to.
#[component]
fn Manage(
    id: i64,
    steps: StoredValue<Vec<Step>>,
    assignments: StoredValue<Vec<crate::paths::types::AssignmentView>>,
    reloads: RwSignal<u32>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let add = ServerAction::<AddStep>::new();
    let assign = ServerAction::<AssignPath>::new();
    on_success(add, move || reloads.update(|n| *n += 1));
    on_success(assign, move || reloads.update(|n| *n += 1));
    let reload = move |_| reloads.update(|n| *n += 1);
    view! {
        <section class="panel" aria-labelledby="manage-steps">
            <h2 id="manage-steps">"Change the steps"</h2>
            <ul class="plain-list">
                {steps.get_value().into_iter().map(|step| view! {
                    <li>
                        {format!("{}. {}", step.position, step.title)}
                        <button type="button" class="button button--ghost button--small"
                            on:click=move |_| run(error, remove_step(step.id), reload)>
                            {format!("Remove step {}", step.position)}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=add attr:class="form">
                <h3>"Add a step"</h3>
                <input type="hidden" name="path" value=id.to_string() />
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Step kind"</span>
                        <select name="step[kind]">
                            {StepKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">"Required or optional"</span>
                        <select name="step[need]">
                            <option value="required">"Required"</option>
                            <option value="optional">"Optional"</option>
                        </select>
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">"Step title"</span>
                        <input type="text" name="step[title]" maxlength="160" placeholder="Made from what it points to, if left empty" />
                    </label>
                </div>
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Course number"</span>
                        <input type="number" name="step[course]" min="1" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Library item number"</span>
                        <input type="number" name="step[item]" min="1" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Group number"</span>
                        <input type="number" name="step[group]" min="1" />
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">"Web address"</span>
                        <input type="text" inputmode="url" name="step[url]" maxlength="2000" placeholder="https://" />
                    </label>
                </div>
                <p class="field__hint">"Fill in what the kind needs: a course, an item or a group (their number is in their address), or a web address. Asking a question and commenting on an expert's post need nothing more."</p>
                <ActionError action=add />
                <div class="form__actions">
                    <button type="submit" class="button">"Add step"</button>
                </div>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="manage-assignments">
            <h2 id="manage-assignments">"Assigned to"</h2>
            <ul class="plain-list" aria-label="Assignments">
                {assignments.get_value().into_iter().map(|assignment| view! {
                    <li>
                        <strong>{assignment.reaches.clone()}</strong>
                        {format!(" · {}", if assignment.required { "Required" } else { "Recommended" })}
                        {(!assignment.due.is_empty()).then(|| format!(" · {}", assignment.due))}
                        <button type="button" class="button button--ghost button--small"
                            on:click=move |_| run(error, unassign_path(assignment.id), reload)>
                            "Withdraw"
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=assign attr:class="form">
                <h3>"Assign"</h3>
                <input type="hidden" name="path" value=id.to_string() />
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Assign to"</span>
                        <select name="assignment[audience]">
                            {Audience::ALL.iter().map(|audience| view! { <option value=audience.as_str()>{audience.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">"Person's email"</span>
                        <input type="email" name="assignment[email]" maxlength="254" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Group number"</span>
                        <input type="number" name="assignment[group]" min="1" />
                    </label>
                </div>
                <fieldset class="form__row">
                    <legend class="field__label">"Rule: everyone who matches all that is filled in"</legend>
                    <label class="field">
                        <span class="field__label">"Department"</span>
                        <input type="text" name="assignment[department]" maxlength="120" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Location"</span>
                        <input type="text" name="assignment[location]" maxlength="120" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Starting after"</span>
                        <input type="date" name="assignment[started_after]" />
                    </label>
                </fieldset>
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Required or recommended"</span>
                        <select name="assignment[need]">
                            <option value="required">"Required"</option>
                            <option value="recommended">"Recommended"</option>
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">"Due date"</span>
                        <input type="date" name="assignment[due_on]" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Or due within (days of starting)"</span>
                        <input type="number" name="assignment[due_days]" min="1" max="365" />
                    </label>
                </div>
                <ActionError action=assign />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Assign path"</button>
                </div>
            </ActionForm>
        </section>
    }
}
