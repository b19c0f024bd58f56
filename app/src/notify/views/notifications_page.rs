use crate::{
    live::{on_live, types::LiveKind},
    notify::{
        MarkAllNotificationsRead, MarkNotificationRead, list_notifications,
        types::{Notice, NoticeCursor},
    },
    shell::{FormButton, Loaded, PostedError, RequireUser, query_string},
};
use leptos::{either::Either, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Everything that concerns me, newest first, a page at a time; live while it is open.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <Title text="Notifications" />
        <RequireUser let:_me>
            <Notifications />
        </RequireUser>
    }
}

#[component]
fn Notifications() -> impl IntoView {
    let query = use_query_map();
    // An older page is named in the address, so it works as a plain link without the page's code.
    let after = move || {
        query.with(|query| {
            Some(NoticeCursor {
                at: query.get("at")?.parse().ok()?,
                id: query.get("id")?.parse().ok()?,
            })
        })
    };
    let version = RwSignal::new(0u32);
    let page = Resource::new(
        move || (after(), version.get()),
        |(after, _)| list_notifications(after),
    );
    on_live(move |event| {
        if event.kind == LiveKind::NotificationsChanged {
            version.update(|n| *n += 1);
        }
    });
    let mark_all = ServerAction::<MarkAllNotificationsRead>::new();
    let mark_one = ServerAction::<MarkNotificationRead>::new();
    view! {
        <header class="page-head">
            <h1>"Notifications"</h1>
            <div class="page-head__actions">
                <a href="/settings/notifications">"Email settings"</a>
                <FormButton action=mark_all fields=Vec::new() label="Mark all as read" class="button button--small" />
            </div>
        </header>
        <PostedError paths=vec![MarkNotificationRead::PATH, MarkAllNotificationsRead::PATH] />
        <Loaded data=page let:page>
            {if page.notices.is_empty() && after().is_none() {
                Either::Left(view! {
                    <p class="panel">"Nothing yet. When someone mentions you, answers you or decides on your posts, you'll see it here."</p>
                })
            } else {
                Either::Right(view! {
                    <ul class="notices" aria-label="Notifications">
                        {page.notices.into_iter().map(|notice| view! { <NoticeItem notice mark_one /> }).collect_view()}
                    </ul>
                })
            }}
            <nav class="pager" aria-label="More notifications">
                {after().is_some().then(|| view! { <a href="/notifications">"Newest"</a> })}
                {page.next.map(|next| {
                    let href = format!(
                        "/notifications{}",
                        query_string(&[("at", &next.at.to_string()), ("id", &next.id.to_string())]),
                    );
                    view! { <a href=href>"Older notifications"</a> }
                })}
            </nav>
        </Loaded>
    }
}

/// One notification: what happened, when, and a way to it; unread ones stand out.
#[component]
fn NoticeItem(notice: Notice, mark_one: ServerAction<MarkNotificationRead>) -> impl IntoView {
    let id = notice.id;
    let words = match notice.link {
        Some(href) => Either::Left(view! {
            <a class="notice__words" href=href on:click=move |_| {
                mark_one.dispatch(MarkNotificationRead { id });
            }>{notice.words}</a>
        }),
        None => Either::Right(view! { <span class="notice__words">{notice.words}</span> }),
    };
    view! {
        <li class="notice" class:notice--unread=!notice.read>
            {(!notice.read).then(|| view! { <span class="visually-hidden">"Unread: "</span> })}
            {words}
            {notice.detail.map(|detail| view! { <p class="notice__detail">{detail}</p> })}
            <div class="notice__meta">
                <time datetime=notice.stamp>{notice.when}</time>
                {(!notice.read).then(|| view! {
                    <FormButton action=mark_one fields=vec![("id", id.to_string())] label="Mark as read" />
                })}
            </div>
        </li>
    }
}
