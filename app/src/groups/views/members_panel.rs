use crate::{
    error::AppError,
    feed::components::ReasonForm,
    groups::{
        AddMember, list_members, mute_member, remove_member, set_member_role,
        types::{GroupRole, Member, MemberStatus},
    },
    live::{on_live, types::LiveKind},
    shell::{ActionError, ErrorNotice, Loaded, on_success, run},
};
use leptos::{either::Either, prelude::*};

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

#[derive(Clone, Copy, PartialEq)]
enum Asking {
    Nothing,
    Mute,
    Remove,
    Block,
}

#[component]
fn MemberRow(
    member: Member,
    group: i64,
    can_moderate: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let person = member.person.id;
    let error = RwSignal::new(None::<AppError>);
    let asking = RwSignal::new(Asking::Nothing);
    let minutes = RwSignal::new("60".to_string());
    let done = move || {
        asking.set(Asking::Nothing);
        changed.run(());
    };
    let muted = member.muted.clone();
    let active = member.status == MemberStatus::Active;
    let role = member.role;
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
            <Show when=move || can_moderate && active>
                <div class="member-row__actions">
                    <label class="visually-hidden" for=format!("role-{person}")>"Role"</label>
                    <select id=format!("role-{person}") on:change=move |event| {
                        let Some(role) = GroupRole::parse(&event_target_value(&event)) else { return };
                        run(error, set_member_role(group, person, role), move |()| done());
                    }>
                        {GroupRole::ALL.iter().map(|option| view! {
                            <option value=option.as_str() selected=*option == role>{option.label()}</option>
                        }).collect_view()}
                    </select>
                    {if muted.is_some() {
                        Either::Left(view! { <button type="button" class="button button--small" on:click=move |_| run(error, mute_member(group, person, 0, String::new()), move |()| done())>"Unmute"</button> })
                    } else {
                        Either::Right(view! { <button type="button" class="button button--small" on:click=move |_| asking.set(Asking::Mute)>"Mute"</button> })
                    }}
                    <button type="button" class="button button--small" on:click=move |_| asking.set(Asking::Remove)>"Remove"</button>
                    <button type="button" class="button button--small button--danger" on:click=move |_| asking.set(Asking::Block)>"Block"</button>
                </div>
            </Show>
            {move || {
                let cancel = Callback::new(move |()| asking.set(Asking::Nothing));
                match asking.get() {
                    Asking::Mute => Some(view! {
                        <div class="member-row__form">
                            <label class="field">
                                <span class="field__label">"Mute for"</span>
                                <select on:change=move |event| minutes.set(event_target_value(&event))>
                                    <option value="60">"1 hour"</option>
                                    <option value="1440">"1 day"</option>
                                    <option value="10080">"1 week"</option>
                                </select>
                            </label>
                            <ReasonForm label="Why? They will see this." submit="Mute" on_cancel=cancel
                                on_submit=Callback::new(move |reason| {
                                    let minutes = minutes.get_untracked().parse().unwrap_or(60);
                                    run(error, mute_member(group, person, minutes, reason), move |()| done());
                                }) />
                        </div>
                    }.into_any()),
                    Asking::Remove | Asking::Block => {
                        let block = asking.get() == Asking::Block;
                        Some(view! {
                            <ReasonForm label="Why? The moderation log keeps it." submit=if block { "Remove and block" } else { "Remove" }
                                required=false on_cancel=cancel
                                on_submit=Callback::new(move |reason| run(error, remove_member(group, person, block, reason), move |()| done())) />
                        }.into_any())
                    }
                    Asking::Nothing => None,
                }
            }}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </li>
    }
}
