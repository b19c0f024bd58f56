use crate::{
    auth::{AcceptInvite, check_invite},
    people::types::InviteState,
    shell::{ActionError, ErrorNotice, use_session},
};
use leptos::{either::EitherOf5, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Where an invitation link lands: set a password and join, or learn why the link no longer works.
#[component]
pub fn InvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let state = Resource::new(token, check_invite);
    view! {
        <Title text="Join Wellspring" />
        <section class="auth-card">
            <Suspense fallback=|| view! { <p class="loading">"Checking your invitation…"</p> }>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(InviteState::Open { name, email }) => EitherOf5::A(view! { <AcceptForm token=token() name email /> }),
                        Ok(InviteState::Expired) => EitherOf5::B(view! {
                            <h1>"This invitation has expired"</h1>
                            <p>"Invitation links work for 14 days. Ask your admin to send you a new one."</p>
                        }),
                        Ok(InviteState::Used) => EitherOf5::C(view! {
                            <h1>"This invitation has been used"</h1>
                            <p>"Your account is ready. Sign in with the password you chose."</p>
                            <a class="button button--primary" href="/sign-in">"Sign in"</a>
                        }),
                        Ok(InviteState::Unknown) => EitherOf5::D(view! {
                            <h1>"This link doesn't work"</h1>
                            <p>"Check that you copied the whole link, or ask your admin for a new one."</p>
                        }),
                        Err(error) => EitherOf5::E(view! { <ErrorNotice error /> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AcceptForm(token: String, name: String, email: String) -> impl IntoView {
    let action = use_session().action::<AcceptInvite>();
    let first = name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    view! {
        <h1>{format!("Welcome to Wellspring, {first}!")}</h1>
        <p class="muted">"Choose a password to finish setting up your account."</p>
        <ActionForm action attr:class="form">
            <input type="hidden" name="token" value=token />
            <label class="field">
                <span class="field__label">"Work email"</span>
                <input type="email" value=email readonly autocomplete="username" />
            </label>
            <label class="field">
                <span class="field__label">"New password"</span>
                <input type="password" name="password" autocomplete="new-password" minlength="10" required aria-describedby="password-hint" />
                <span class="field__hint" id="password-hint">"At least 10 characters. A short sentence works well."</span>
            </label>
            <label class="field">
                <span class="field__label">"Type it again"</span>
                <input type="password" name="confirmation" autocomplete="new-password" minlength="10" required />
            </label>
            <ActionError action />
            <button type="submit" class="button button--primary button--wide" disabled=move || action.pending().get()>
                "Join Wellspring"
            </button>
        </ActionForm>
    }
}
