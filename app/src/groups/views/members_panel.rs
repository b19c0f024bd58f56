use crate::{
    error::AppError,
    groups::{
        AddMember, MuteMember, RemoveMember, SetMemberRole, list_members,
        types::{GroupRole, Member, MemberStatus},
    },
    live::{on_live, types::LiveKind},
    shell::{
        ActionError, AskWhy, ErrorNotice, FormButton, Hidden, Loaded, PostedError, on_answer,
        on_success,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// A group's members with their roles; facilitators also add, mute, remove and block people here.
#[component]
pub fn MembersPanel(group: i64, can_moderate: bool) -> impl IntoView {
    let version = RwSignal::new(0u32);
    let members = Resource::new(move || version.get(), move |_| list_members(group));
    on_live(move |event| {
        if event.group == Some(group) && event.kind == LiveKind::MemberChanged {
            version.update(|n| *n += 1);
        }
    });
    let add = ServerAction::<AddMember>::new();
    on_success(add, move || version.update(|n| *n += 1));
    view! {
        <section class="panel" aria-label="Members">
            <Show when=move || can_moderate>
                <ActionForm action=add attr:class="form form--inline">
                    <input type="hidden" name="id" value=group.to_string() />
                    <label class="field field--grow">
                        <span class="field__label">"Invite a colleague by email"</span>
                        <input type="email" name="email" required />
                        <span class="field__hint">"They join when they accept."</span>
                    </label>
                    <button type="submit" class="button">"Invite"</button>
                    <ActionError action=add />
                </ActionForm>
            </Show>
            <PostedError paths=vec![SetMemberRole::PATH, MuteMember::PATH, RemoveMember::PATH] />
            <Loaded data=members let:members>
                <ul class="member-list">
                    {members.into_iter().map(|member| view! {
                        <MemberRow member group can_moderate changed=Callback::new(move |()| version.update(|n| *n += 1)) />
                    }).collect_view()}
                </ul>
            </Loaded>
        </section>
    }
}

/// One member, with a facilitator's forms for their role, a mute, a removal and a block.
#[component]
fn MemberRow(
    member: Member,
    group: i64,
    can_moderate: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let person = member.person.id;
    let error = RwSignal::new(None::<AppError>);
    let set_role = ServerAction::<SetMemberRole>::new();
    let mute = ServerAction::<MuteMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    on_answer(set_role, error, move |()| changed.run(()));
    on_answer(mute, error, move |()| changed.run(()));
    on_answer(remove, error, move |()| changed.run(()));
    let muted = member.muted.clone();
    let active = member.status == MemberStatus::Active;
    let role = member.role;
    let them = move || vec![("id", group.to_string()), ("person", person.to_string())];
    let removal = move |block: bool| {
        let mut fields = them();
        fields.push(("block", block.to_string()));
        fields
    };
    view! {
        <li class="member-row">
            <div class="member-row__who">
                <a href=format!("/people/{person}")>{member.person.name.clone()}</a>
                <span class="tag">{member.role.label()}</span>
                <Show when=move || !active><span class="tag tag--warning">{member.status.label()}</span></Show>
                {muted.clone().map(|mute| view! {
                    <span class="tag tag--warning" title=mute.reason.clone()>{format!("Muted until {}", mute.until_label)}</span>
                })}
            </div>
            {(can_moderate && active).then(|| view! {
                <div class="member-row__actions">
                    <ActionForm action=set_role attr:class="form-button">
                        <Hidden fields=them() />
                        <label class="visually-hidden" for=format!("role-{person}")>"Role"</label>
                        <select id=format!("role-{person}") name="role">
                            {GroupRole::ALL.iter().map(|option| view! {
                                <option value=option.as_str() selected=*option == role>{option.label()}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button button--small">"Set role"</button>
                    </ActionForm>
                    {if muted.is_some() {
                        let mut fields = them();
                        fields.extend([("minutes", "0".to_string()), ("reason", String::new())]);
                        view! { <FormButton action=mute fields label="Unmute" class="button button--small" /> }.into_any()
                    } else {
                        view! {
                            <AskWhy action=mute fields=them() summary="Mute" look="button button--small"
                                question="Why? They will see this." submit="Mute">
                                <label class="field">
                                    <span class="field__label">"Mute for"</span>
                                    <select name="minutes">
                                        <option value="60">"1 hour"</option>
                                        <option value="1440">"1 day"</option>
                                        <option value="10080">"1 week"</option>
                                    </select>
                                </label>
                            </AskWhy>
                        }.into_any()
                    }}
                    <AskWhy action=remove fields=removal(false) summary="Remove" look="button button--small"
                        question="Why? The moderation log keeps it." submit="Remove" required=false />
                    <AskWhy action=remove fields=removal(true) summary="Block" look="button button--small button--danger"
                        question="Why? The moderation log keeps it." submit="Remove and block" required=false />
                </div>
            })}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </li>
    }
}
