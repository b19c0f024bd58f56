use crate::{
    auth::SignIn,
    shell::{ActionError, use_session},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Email and password, and where to go afterwards.
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = use_session().action::<SignIn>();
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default();
    view! {
        <Title text="Sign in" />
        <section class="auth-card">
            <h1>"Welcome back"</h1>
            <p class="muted">"Sign in to keep learning with your colleagues."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="next" value=next />
                <label class="field">
                    <span class="field__label">"Work email"</span>
                    <input type="email" name="email" autocomplete="username" required />
                </label>
                <label class="field">
                    <span class="field__label">"Password"</span>
                    <input type="password" name="password" autocomplete="current-password" required />
                </label>
                <ActionError action />
                <button type="submit" class="button button--primary button--wide" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="muted small">"New here? Your admin sends you a link to join."</p>
        </section>
    }
}
