use crate::{
    error::AppError,
    paths::{
        AddStep, AssignPath, AwardPathBadge, SetPathBadge, move_step, remove_step,
        types::{AssignmentView, Audience, Choice, Choices, Step, StepKind},
        unassign_path,
    },
    shell::{ActionError, on_success, run},
};
use leptos::{html, prelude::*};

/// Admins change the steps and who the path is assigned to.
#[component]
pub fn PathManager(
    id: i64,
    steps: StoredValue<Vec<Step>>,
    assignments: StoredValue<Vec<AssignmentView>>,
    choices: StoredValue<Choices>,
    /// The badge completing the path earns.
    badge: Option<i64>,
    /// The step just moved, to keep the keyboard on it.
    moved: RwSignal<Option<i64>>,
    reloads: RwSignal<u32>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let add = ServerAction::<AddStep>::new();
    let set_badge = ServerAction::<SetPathBadge>::new();
    let award = ServerAction::<AwardPathBadge>::new();
    on_success(set_badge, move || reloads.update(|n| *n += 1));
    let assign = ServerAction::<AssignPath>::new();
    on_success(add, move || reloads.update(|n| *n += 1));
    on_success(assign, move || reloads.update(|n| *n += 1));
    let reload = move |_| reloads.update(|n| *n += 1);
    let count = steps.with_value(Vec::len) as i32;
    // What the library item field holds, named, since the list fills it with the item's number.
    let item = RwSignal::new(String::new());
    let chosen_item = move || {
        let typed = item.get();
        choices.with_value(|choices| {
            choices
                .items
                .iter()
                .find(|choice| choice.id.to_string() == typed.trim())
                .map(|choice| format!("Chosen: {}", choice.label))
        })
    };
    let awarded = move |count: i64| match count {
        0 => "Nobody else has completed it yet.".to_string(),
        1 => "Awarded to 1 person who had completed it.".to_string(),
        n => format!("Awarded to {n} people who had completed it."),
    };
    view! {
        <section class="panel" aria-labelledby="path-badge">
            <h2 id="path-badge">"Badge for completing it"</h2>
            <ActionForm action=set_badge attr:class="form form--inline">
                <input type="hidden" name="id" value=id.to_string() />
                <label class="field">
                    <span class="field__label">"Badge"</span>
                    <select name="badge">
                        <option value="" selected=badge.is_none()>"No badge"</option>
                        {choices.get_value().badges.into_iter().map(|choice| view! {
                            <option value=choice.id.to_string() selected=badge == Some(choice.id)>{choice.label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button">"Save badge"</button>
            </ActionForm>
            <ActionError action=set_badge />
            <Show when=move || badge.is_some()>
                <ActionForm action=award attr:class="form form--inline">
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="button">"Award it to everyone who has completed the path"</button>
                </ActionForm>
            </Show>
            <ActionError action=award />
            {move || award.value().get().and_then(Result::ok).map(|count| view! {
                <p class="notice notice--success" role="status">{awarded(count)}</p>
            })}
        </section>
        <section class="panel" aria-labelledby="manage-steps">
            <h2 id="manage-steps">"Change the steps"</h2>
            <ul class="plain-list">
                {steps.get_value().into_iter().map(|step| {
                    let (up, down) = (NodeRef::<html::Button>::new(), NodeRef::<html::Button>::new());
                    if moved.get_untracked() == Some(step.id) {
                        // The list is drawn afresh after a move: the keyboard stays on the step.
                        let target = if step.position == 1 { down } else { up };
                        Effect::new(move || {
                            if let Some(button) = target.get() {
                                let _ = button.focus();
                                moved.set(None);
                            }
                        });
                    }
                    let shift = move |earlier: bool| {
                        run(error, move_step(step.id, earlier), move |_| {
                            moved.set(Some(step.id));
                            reload(());
                        });
                    };
                    view! {
                        <li>
                            {format!("{}. {}", step.position, step.title)}
                            <span class="row-actions">
                                <button type="button" class="button button--ghost button--small" node_ref=up
                                    aria-label=format!("Move step {} up", step.position) disabled=step.position == 1
                                    on:click=move |_| shift(true)>
                                    "↑ Up"
                                </button>
                                <button type="button" class="button button--ghost button--small" node_ref=down
                                    aria-label=format!("Move step {} down", step.position) disabled=step.position == count
                                    on:click=move |_| shift(false)>
                                    "↓ Down"
                                </button>
                                <button type="button" class="button button--ghost button--small"
                                    on:click=move |_| run(error, remove_step(step.id), reload)>
                                    {format!("Remove step {}", step.position)}
                                </button>
                            </span>
                        </li>
                    }
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
                    <Picker label="Course" name="step[course]" choices=choices.with_value(|c| c.courses.clone()) />
                    <div class="field">
                        <label class="field__label" for="step-item">"Library item"</label>
                        <input type="text" id="step-item" name="step[item]" list="published-items"
                            placeholder="Type to find it" aria-describedby="item-hint item-chosen"
                            on:input=move |event| item.set(event_target_value(&event)) />
                        <datalist id="published-items">
                            {choices.with_value(|c| c.items.clone()).into_iter().map(|item| view! {
                                <option value=item.id.to_string() label=item.label></option>
                            }).collect_view()}
                        </datalist>
                        <span class="field__hint" id="item-chosen" role="status">{chosen_item}</span>
                    </div>
                    <Picker label="Group to introduce yourself in" name="step[group]" choices=choices.with_value(|c| c.findable_groups.clone()) />
                    <Picker label="Live session to attend" name="step[session]" choices=choices.with_value(|c| c.sessions.clone()) />
                    <label class="field">
                        <span class="field__label">"…or any live session tagged"</span>
                        <input type="text" name="step[session_tag]" maxlength="40" placeholder="onboarding" />
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">"Web address"</span>
                        <input type="text" inputmode="url" name="step[url]" maxlength="2000" placeholder="https://" />
                    </label>
                </div>
                <p class="field__hint" id="item-hint">"Fill in what the kind needs: a course, a library item (find it by title, or type the number in its address), a group, a web address, or a live session (one, or any with a tag). Asking a question and commenting on an expert's post need nothing more."</p>
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
                    <Picker label="Group" name="assignment[group]" choices=choices.with_value(|c| c.groups.clone()) />
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

/// One of `choices` to pick by name, or none.
#[component]
fn Picker(label: &'static str, name: &'static str, choices: Vec<Choice>) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <select name=name>
                <option value="">"None"</option>
                {choices.into_iter().map(|choice| view! {
                    <option value=choice.id.to_string()>{choice.label}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
