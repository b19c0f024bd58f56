use super::account_admin::InviteLink;
use crate::{
    people::InvitePerson,
    shell::{ActionError, on_success},
};
use leptos::prelude::*;

/// Invites one person and shows the link to send them.
#[component]
pub fn InviteForm(refresh: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<InvitePerson>::new();
    on_success(action, move || refresh.update(|n| *n += 1));
    view! {
        <section class="panel" aria-labelledby="invite-one">
            <h2 id="invite-one">"Invite a person"</h2>
            <ActionForm action attr:class="form">
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Work email"</span>
                        <input type="email" name="person[email]" required />
                    </label>
                    <label class="field">
                        <span class="field__label">"Name"</span>
                        <input type="text" name="person[name]" required maxlength="120" />
                    </label>
                </div>
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Job title"</span>
                        <input type="text" name="person[title]" maxlength="120" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Department"</span>
                        <input type="text" name="person[department]" maxlength="120" />
                    </label>
                </div>
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Location"</span>
                        <input type="text" name="person[location]" maxlength="120" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Start date"</span>
                        <input type="date" name="person[start_date]" />
                    </label>
                </div>
                <label class="field">
                    <span class="field__label">"Manager's email"</span>
                    <input type="email" name="person[manager_email]" />
                </label>
                <noscript>
                    <p class="notice">"Creating an invitation shows its link here, which needs JavaScript."</p>
                </noscript>
                <ActionError action />
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Inviting…" } else { "Create invitation" }}
                </button>
            </ActionForm>
            {move || action.value().get().and_then(Result::ok).map(|invitation| view! {
                <div class="notice notice--success" role="status">
                    <p>{format!("{} is invited. Send them this link:", invitation.name)}</p>
                    <InviteLink link=invitation.link />
                </div>
            })}
        </section>
    }
}
