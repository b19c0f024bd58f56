use super::ModerationPanel;
use crate::shell::RequireUser;
use leptos::prelude::*;
use leptos_meta::Title;

/// Admins: the company feed's queue and the log of every group.
#[component]
pub fn AdminModerationPage() -> impl IntoView {
    view! {
        <Title text="Moderation" />
        <RequireUser let:_me>
            <h1>"Moderation"</h1>
            <p class="muted">"Reports and posts from the company feed, and every moderation action in every group."</p>
            <ModerationPanel group=None />
        </RequireUser>
    }
}
