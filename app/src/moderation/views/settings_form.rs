use crate::{
    groups::{
        UpdateGroupSettings,
        types::{Approval, Group},
    },
    people::types::ImageProblem,
    shell::{ActionError, on_success},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A group's approval and slow-mode settings.
#[component]
pub fn SettingsForm(group: Group, saved: Callback<()>) -> impl IntoView {
    let action = ServerAction::<UpdateGroupSettings>::new();
    on_success(action, move || saved.run(()));
    let approval = group.approval;
    let cover_problem = use_query_map()
        .read_untracked()
        .get("cover_error")
        .and_then(|code| ImageProblem::from_code(&code));
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title">"Settings"</h2>
            <ActionForm action attr:class="form">
                <input type="hidden" name="id" value=group.summary.id.to_string() />
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Posts that need approval"</span>
                        <select name="settings[approval]">
                            {Approval::ALL.iter().map(|option| view! {
                                <option value=option.as_str() selected=*option == approval>{option.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">"First posts to approve"</span>
                        <input type="number" name="settings[approval_threshold]" min="0" max="100" value=group.approval_threshold.to_string() />
                        <span class="field__hint">"With “New members' first posts”"</span>
                    </label>
                    <label class="field">
                        <span class="field__label">"Slow mode (seconds between posts)"</span>
                        <input type="number" name="settings[slow_mode_seconds]" min="0" max="86400" value=group.slow_mode_seconds.to_string() />
                        <span class="field__hint">"0 turns it off. Facilitators are never slowed."</span>
                    </label>
                </div>
                <ActionError action />
                <Show when=move || matches!(action.value().get(), Some(Ok(())))>
                    <p class="notice notice--success" role="status">"Saved."</p>
                </Show>
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Save settings"</button>
                </div>
            </ActionForm>
            <form class="form form--inline cover-form" method="post" action="/media/cover" enctype="multipart/form-data">
                <input type="hidden" name="group" value=group.summary.id.to_string() />
                <label class="field field--grow">
                    <span class="field__label">"Cover image"</span>
                    <input type="file" name="cover" accept="image/png,image/jpeg,image/gif,image/webp" required />
                    <span class="field__hint">"PNG, JPEG, GIF or WebP, up to 2 MB; wide images look best."</span>
                </label>
                <button type="submit" class="button">"Upload cover"</button>
            </form>
            {cover_problem.map(|problem| view! {
                <div class="notice notice--error" role="alert"><p>{problem.message()}</p></div>
            })}
        </section>
    }
}
