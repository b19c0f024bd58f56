use crate::{
    notify::{
        SetEmailChoice, email_settings,
        types::{Cadence, EmailChoice},
    },
    shell::{ActionError, Hidden, Loaded, RequireUser, on_success},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Which notifications reach me by email.
#[component]
pub fn EmailSettingsPage() -> impl IntoView {
    view! {
        <Title text="Email settings" />
        <RequireUser let:_me>
            <EmailSettings />
        </RequireUser>
    }
}

#[component]
fn EmailSettings() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let choices = Resource::new(move || version.get(), |_| email_settings());
    let action = ServerAction::<SetEmailChoice>::new();
    on_success(action, move || version.update(|n| *n += 1));
    view! {
        <header class="page-head">
            <h1>"Email settings"</h1>
            <a href="/notifications">"Back to notifications"</a>
        </header>
        <p class="muted">"Everything shows in Wellspring. Choose what also reaches you by email. Invitations and sign-in emails always come."</p>
        <ActionError action />
        <Loaded data=choices let:choices>
            <ul class="choices" aria-label="Emails">
                {choices.into_iter().map(|choice| view! { <ChoiceRow choice action /> }).collect_view()}
            </ul>
        </Loaded>
    }
}

/// One kind of notification and how it reaches me, saved on its own.
#[component]
fn ChoiceRow(choice: EmailChoice, action: ServerAction<SetEmailChoice>) -> impl IntoView {
    let label = choice.kind.label();
    view! {
        <li class="choice">
            <ActionForm action attr:class="choice__form">
                <Hidden fields=vec![("kind", choice.kind.as_str().to_string())] />
                <label class="choice__label">
                    <span>{label}</span>
                    <select name="cadence">
                        {Cadence::offered(choice.kind).iter().map(|cadence| view! {
                            <option value=cadence.as_str() selected=*cadence == choice.cadence>{cadence.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button button--small" aria-label=format!("Save: {label}")>"Save"</button>
            </ActionForm>
        </li>
    }
}
