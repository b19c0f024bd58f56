use super::MembersPanel;
use crate::{
    error::AppError,
    feed::{
        components::{Audience, Composer},
        types::FeedScope,
        views::FeedList,
    },
    groups::{
        get_group, join_group, leave_group,
        types::{Group, MemberStatus, Privacy},
    },
    live::{on_live, types::LiveKind},
    moderation::views::{ModerationPanel, SettingsForm},
    notify::components::GroupLevelForm,
    people::types::Me,
    shell::{ErrorNotice, Loaded, RequireUser, id_param, run},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A group: its feed, its members and, for facilitators, moderation.
#[component]
pub fn GroupPage() -> impl IntoView {
    view! {
        <RequireUser let:me>
            <GroupView me />
        </RequireUser>
    }
}

#[component]
fn GroupView(me: Me) -> impl IntoView {
    let id = id_param();
    let reloads = RwSignal::new(0u32);
    let group = Resource::new(move || (id(), reloads.get()), |(id, _)| get_group(id));
    on_live(move |event| {
        let here = event.group == Some(id());
        let about_me = event.person == Some(me.id);
        if here
            && (event.kind == LiveKind::GroupChanged
                || (event.kind == LiveKind::MemberChanged && about_me))
        {
            reloads.update(|n| *n += 1);
        }
    });
    let query = use_query_map();
    // A memo, so the page below is rebuilt only when the tab really changes.
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_else(|| "feed".into()));
    let draft = RwSignal::new(String::new());
    view! {
        <Loaded data=group title="Group" let:group>
            <GroupBody group me=me.clone() tab reloads draft />
        </Loaded>
    }
}

#[component]
fn GroupBody(
    group: Group,
    me: Me,
    tab: Memo<String>,
    reloads: RwSignal<u32>,
    draft: RwSignal<String>,
) -> impl IntoView {
    let id = group.summary.id;
    let status = group
        .summary
        .membership
        .as_ref()
        .map(|member| member.status);
    let reads = group.can_moderate
        || group.summary.privacy == Privacy::Open
        || status == Some(MemberStatus::Active);
    let can_moderate = group.can_moderate;
    let error = RwSignal::new(None::<AppError>);
    let feed_reloads = RwSignal::new(0u32);
    let link = move |name: &'static str| {
        let current = move || tab.get() == name;
        view! {
            <a href=format!("/groups/{id}?tab={name}") class="tabs__tab" class:tabs__tab--current=current
                aria-current=move || if current() { "page" } else { "false" }>
                {match name { "members" => "Members", "moderation" => "Moderation", _ => "Feed" }}
            </a>
        }
    };
    let joined = move || reloads.update(|n| *n += 1);
    let can_post = group.can_post.clone();
    let notifications = group.notifications;
    let settings = group.clone();
    view! {
        <Title text=group.summary.name.clone() />
        {group.summary.cover_url.clone().map(|url| view! { <img class="group-cover" src=url alt="" /> })}
        <section class="group-hero">
            <div>
                <h1>{group.summary.name.clone()}</h1>
                <p class="group-card__meta">
                    <span class="tag">{group.summary.privacy.label()}</span>
                    <span class="tag">{group.summary.kind.label()}</span>
                    <span class="muted">{match group.summary.member_count { 1 => "1 member".to_string(), n => format!("{n} members") }}</span>
                </p>
                <p class="group-hero__about">{group.description.clone()}</p>
            </div>
            <div class="group-hero__actions">
                {match status {
                    None => Either::Left(view! {
                        <button type="button" class="button button--primary" on:click=move |_| run(error, join_group(id), move |_| joined())>
                            {if group.summary.privacy == Privacy::Open { "Join group" } else { "Ask to join" }}
                        </button>
                    }),
                    Some(MemberStatus::Blocked) => Either::Right(view! { <span class="tag tag--warning">"You can't join this group"</span> }.into_any()),
                    Some(MemberStatus::Invited) => Either::Right(view! {
                        <p class="muted">"You're invited to this group."</p>
                        <button type="button" class="button button--primary" on:click=move |_| run(error, join_group(id), move |_| joined())>
                            "Accept invitation"
                        </button>
                        <button type="button" class="button" on:click=move |_| run(error, leave_group(id), move |()| joined())>
                            "Decline"
                        </button>
                    }.into_any()),
                    Some(status) => Either::Right(view! {
                        <button type="button" class="button" on:click=move |_| run(error, leave_group(id), move |()| joined())>
                            {if status == MemberStatus::Requested { "Withdraw request" } else { "Leave group" }}
                        </button>
                    }.into_any()),
                }}
                {notifications.map(|level| view! { <GroupLevelForm group=id level /> })}
            </div>
        </section>
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        <nav class="tabs" aria-label="Group">
            {link("feed")}
            {link("members")}
            <Show when=move || can_moderate>{link("moderation")}</Show>
        </nav>
        {move || match tab.get().as_str() {
            "members" => view! { <MembersPanel group=id can_moderate /> }.into_any(),
            "moderation" if can_moderate => view! {
                <SettingsForm group=settings.clone() saved=Callback::new(move |()| reloads.update(|n| *n += 1)) />
                <ModerationPanel group=Some(id) />
            }.into_any(),
            _ if !reads => view! {
                <p class="notice">{if status == Some(MemberStatus::Invited) {
                    "Only members see this group's posts. Accept the invitation to read them."
                } else {
                    "Only members see this group's posts. Ask to join, and a facilitator will let you in."
                }}</p>
            }.into_any(),
            _ => {
                let composer = match can_post.clone() {
                    Ok(()) => Either::Left(view! {
                        <Composer audience=Audience::Group(id) announce=can_moderate draft
                            posted=Callback::new(move |_| feed_reloads.update(|n| *n += 1)) />
                    }),
                    Err(reason) => Either::Right(view! { <p class="notice composer__blocked" role="status">{reason}</p> }),
                };
                view! {
                    {composer}
                    <FeedList scope=FeedScope::Group(id) me=me.id reloads=feed_reloads />
                }.into_any()
            }
        }}
    }
}
