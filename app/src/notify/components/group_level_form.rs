use crate::{
    notify::{SetGroupLevel, types::GroupLevel},
    shell::{ActionError, Hidden},
};
use leptos::prelude::*;

/// What of a group reaches me as notifications: all posts, highlights or off.
#[component]
pub fn GroupLevelForm(group: i64, level: GroupLevel) -> impl IntoView {
    let action = ServerAction::<SetGroupLevel>::new();
    view! {
        <ActionForm action attr:class="group-level" attr:aria-label="Your notifications from this group">
            <Hidden fields=vec![("group", group.to_string())] />
            <label class="group-level__label">
                <span>"Notifications"</span>
                <select name="level">
                    {GroupLevel::ALL.iter().map(|choice| view! {
                        <option value=choice.as_str() selected=*choice == level>{choice.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button button--small">"Save"</button>
            <ActionError action />
            {move || action.value().get().and_then(Result::ok).map(|()| view! {
                <span class="muted small" role="status">"Saved"</span>
            })}
        </ActionForm>
    }
}
