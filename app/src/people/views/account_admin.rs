use crate::{
    people::{
        DeactivatePerson, ReactivatePerson, RenewInvite, SetExpertise, SetRole,
        types::{AccountStatus, Person, Role},
    },
    shell::{ActionError, on_success},
};
use leptos::prelude::*;

/// An admin's controls for someone else's account: role, expertise, access.
#[component]
pub fn AccountAdmin(person: Person, changed: RwSignal<u32>) -> impl IntoView {
    let set_role = ServerAction::<SetRole>::new();
    let set_expertise = ServerAction::<SetExpertise>::new();
    let deactivate = ServerAction::<DeactivatePerson>::new();
    let reactivate = ServerAction::<ReactivatePerson>::new();
    let renew = ServerAction::<RenewInvite>::new();
    let refresh = move || changed.update(|n| *n += 1);
    on_success(set_role, refresh);
    on_success(set_expertise, refresh);
    on_success(deactivate, refresh);
    on_success(reactivate, refresh);
    let id = person.summary.id;
    let role = person.summary.role;
    let status = person.summary.status;
    let topics = person.expertise.join(", ");
    view! {
        <section class="panel" aria-labelledby="account-admin">
            <h2 id="account-admin">"Account"</h2>
            <div class="panel__grid">
                <ActionForm action=set_role attr:class="form form--inline">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label class="field">
                        <span class="field__label">"Role"</span>
                        <select name="role">
                            <option value="Member" selected=role == Role::Member>"Member"</option>
                            <option value="Admin" selected=role == Role::Admin>"Admin"</option>
                        </select>
                    </label>
                    <button type="submit" class="button">"Save role"</button>
                </ActionForm>
                <ActionForm action=set_expertise attr:class="form form--inline">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label class="field field--grow">
                        <span class="field__label">"Expert in (comma-separated topics)"</span>
                        <input type="text" name="topics" value=topics placeholder="security, onboarding" />
                    </label>
                    <button type="submit" class="button">"Save topics"</button>
                </ActionForm>
                {match status {
                    AccountStatus::Deactivated => view! {
                        <ActionForm action=reactivate attr:class="form form--inline">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit" class="button">"Reactivate account"</button>
                        </ActionForm>
                    }.into_any(),
                    _ => view! {
                        <ActionForm action=deactivate attr:class="form form--inline">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit" class="button button--danger">"Deactivate account"</button>
                        </ActionForm>
                    }.into_any(),
                }}
                {(status == AccountStatus::Invited).then(|| view! {
                    <ActionForm action=renew attr:class="form form--inline">
                        <input type="hidden" name="id" value=id.to_string() />
                        <button type="submit" class="button">"New invitation link"</button>
                        <noscript>
                            <p class="notice">"The new link is shown here, which needs JavaScript."</p>
                        </noscript>
                    </ActionForm>
                })}
            </div>
            {move || renew.value().get().and_then(Result::ok).map(|invitation| view! {
                <InviteLink link=invitation.link />
            })}
            <ActionError action=set_role />
            <ActionError action=set_expertise />
            <ActionError action=deactivate />
            <ActionError action=reactivate />
            <ActionError action=renew />
        </section>
    }
}

/// A fresh invitation link, ready to copy.
#[component]
pub fn InviteLink(link: String) -> impl IntoView {
    view! {
        <label class="field invite-link">
            <span class="field__label">"Invitation link (works once, for 14 days)"</span>
            <input type="text" readonly value=link />
        </label>
    }
}
