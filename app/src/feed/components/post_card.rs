use super::{Comments, ReactionBar, ReasonForm};
use crate::{
    error::AppError,
    feed::{
        delete_post, edit_post, mark_read,
        types::{PostKind, PostStatus, PostView},
    },
    moderation::{lock_comments, moderate_post, pin_post, report_content, types::Decision},
    people::components::Avatar,
    shell::{ErrorNotice, run},
};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq)]
enum Asking {
    Nothing,
    Edit,
    Report,
    Hide,
    Remove,
    Reject,
}

/// One post: who wrote it where, what it says, reactions, comments, and the actions the reader
/// may take. `update` receives the post as it is after a change, or None once it is gone.
#[component]
pub fn PostCard(
    post: PostView,
    update: Callback<(i64, Option<PostView>)>,
    /// Changes when someone else changed this post's comments.
    #[prop(optional)]
    comments_version: Option<RwSignal<u32>>,
    /// Whether the comments are open; kept by the feed, so a redrawn card keeps them open.
    #[prop(optional)]
    comments_open: Option<RwSignal<bool>>,
    /// The comment being written; kept by the feed, so a card redrawn by someone's reaction keeps it.
    #[prop(optional)]
    comment_draft: Option<RwSignal<String>>,
) -> impl IntoView {
    let id = post.id;
    let error = RwSignal::new(None::<AppError>);
    let asking = RwSignal::new(Asking::Nothing);
    let show_comments = comments_open.unwrap_or_else(|| RwSignal::new(false));
    let comment_draft = comment_draft.unwrap_or_else(|| RwSignal::new(String::new()));
    let version = comments_version.unwrap_or_else(|| RwSignal::new(0));
    let draft = RwSignal::new(post.body.clone());
    let replace = Callback::new(move |post: PostView| update.run((post.id, Some(post))));
    let refetch = Callback::new(move |()| {
        run(error, crate::feed::get_post(id), move |post| {
            update.run((post.id, Some(post)))
        });
    });
    let done = move || {
        asking.set(Asking::Nothing);
        refetch.run(());
    };
    let PostView {
        status,
        kind,
        mine,
        can_moderate,
        pinned,
        comments_locked,
        ..
    } = post;
    let announcement = kind == PostKind::Announcement;
    let label = format!("Post by {}", post.author.name);
    view! {
        <article class="post" class:post--pinned=pinned class:post--muted=status != PostStatus::Published aria-label=label data-post=id>
            <header class="post__header">
                <Avatar name=post.author.name.clone() url=post.author.avatar_url.clone() size="md" />
                <div class="post__who">
                    <a class="post__author" href=format!("/people/{}", post.author.id)>{post.author.name.clone()}</a>
                    <p class="post__where">
                        {post.group.clone().map(|group| view! { <a href=format!("/groups/{}", group.id)>{group.name}</a>" · " })}
                        <a href=format!("/posts/{id}") class="muted"><time datetime=post.created_at.clone()>{post.created_label.clone()}</time></a>
                        <Show when=move || post.edited><span class="muted">" · edited"</span></Show>
                    </p>
                </div>
                <div class="post__tags">
                    <Show when=move || kind != PostKind::Post><span class="tag">{kind.label()}</span></Show>
                    <Show when=move || pinned><span class="tag tag--primary">"Pinned"</span></Show>
                    <Show when=move || status != PostStatus::Published><span class="tag tag--warning">{status.label()}</span></Show>
                    <Show when=move || comments_locked><span class="tag">"Comments locked"</span></Show>
                </div>
            </header>
            <Show
                when=move || asking.get() == Asking::Edit
                fallback={
                    let html = post.body_html.clone();
                    move || view! { <div class="prose post__body" inner_html=html.clone()></div> }
                }
            >
                <form class="form" on:submit=move |event| {
                    event.prevent_default();
                    run(error, edit_post(id, draft.get_untracked()), move |post| {
                        asking.set(Asking::Nothing);
                        replace.run(post);
                    });
                }>
                    <label class="field">
                        <span class="visually-hidden">"Edit your post"</span>
                        <textarea rows="4" bind:value=draft></textarea>
                    </label>
                    <div class="form__actions">
                        <button type="submit" class="button button--small button--primary">"Save"</button>
                        <button type="button" class="button button--small button--ghost" on:click=move |_| asking.set(Asking::Nothing)>"Cancel"</button>
                    </div>
                </form>
            </Show>
            <Show when=move || announcement>
                <p class="post__reads">
                    <span>{format!("{} read", post.read_count)}</span>
                    <Show
                        when=move || post.read_by_me
                        fallback=move || view! {
                            <button type="button" class="button button--small button--primary"
                                on:click=move |_| run(error, mark_read(id), move |post| replace.run(post))>"Mark as read"</button>
                        }
                    >
                        <span class="tag tag--success">"You've read this"</span>
                    </Show>
                </p>
            </Show>
            <footer class="post__footer">
                <div class="post__reactions" role="group" aria-label="Reactions">
                    <ReactionBar post=post.clone() update=replace error />
                </div>
                <button type="button" class="link-button" aria-expanded=move || if show_comments.get() { "true" } else { "false" }
                    on:click=move |_| show_comments.update(|open| *open = !*open)>
                    {match post.comment_count { 0 => "Comment".to_string(), 1 => "1 comment".to_string(), n => format!("{n} comments") }}
                </button>
                <div class="post__actions">
                    <Show when=move || mine>
                        <button type="button" class="link-button" on:click=move |_| asking.set(Asking::Edit)>"Edit"</button>
                        <button type="button" class="link-button" on:click=move |_| run(error, delete_post(id), move |()| update.run((id, None)))>"Delete"</button>
                    </Show>
                    <Show when=move || !mine>
                        <button type="button" class="link-button" on:click=move |_| asking.set(Asking::Report)>"Report"</button>
                    </Show>
                </div>
            </footer>
            <Show when=move || can_moderate>
                <div class="post__moderation" role="group" aria-label="Moderation">
                    {match status {
                        PostStatus::Pending => view! {
                            <button type="button" class="button button--small button--primary" on:click=move |_| run(error, moderate_post(id, Decision::Approve, String::new()), move |()| done())>"Approve"</button>
                            <button type="button" class="button button--small" on:click=move |_| asking.set(Asking::Reject)>"Reject"</button>
                        }.into_any(),
                        PostStatus::Hidden => view! {
                            <button type="button" class="button button--small" on:click=move |_| run(error, moderate_post(id, Decision::Restore, String::new()), move |()| done())>"Restore"</button>
                        }.into_any(),
                        _ => view! {
                            <button type="button" class="button button--small" on:click=move |_| asking.set(Asking::Hide)>"Hide"</button>
                            <button type="button" class="button button--small" on:click=move |_| run(error, pin_post(id, if pinned { 0 } else { 7 }), move |()| done())>{if pinned { "Unpin" } else { "Pin for a week" }}</button>
                            <button type="button" class="button button--small" on:click=move |_| run(error, lock_comments(id, !comments_locked), move |()| done())>{if comments_locked { "Unlock comments" } else { "Lock comments" }}</button>
                        }.into_any(),
                    }}
                    <button type="button" class="button button--small button--danger" on:click=move |_| asking.set(Asking::Remove)>"Remove"</button>
                </div>
            </Show>
            {move || {
                let ask = asking.get();
                let cancel = Callback::new(move |()| asking.set(Asking::Nothing));
                match ask {
                    Asking::Report => Some(view! {
                        <ReasonForm label="What's wrong with this post? Facilitators will see it." submit="Report" on_cancel=cancel
                            on_submit=Callback::new(move |reason| run(error, report_content(id, None, reason), move |()| asking.set(Asking::Nothing))) />
                    }.into_any()),
                    Asking::Hide | Asking::Remove | Asking::Reject => {
                        let (decision, words) = match ask {
                            Asking::Hide => (Decision::Hide, "Hide"),
                            Asking::Reject => (Decision::Reject, "Reject"),
                            _ => (Decision::Remove, "Remove"),
                        };
                        Some(view! {
                            <ReasonForm label="Why? The author and the moderation log will show it." submit=words
                                required=decision == Decision::Remove on_cancel=cancel
                                on_submit=Callback::new(move |reason| run(error, moderate_post(id, decision, reason), move |()| {
                                    asking.set(Asking::Nothing);
                                    if decision == Decision::Hide { refetch.run(()) } else { update.run((id, None)) }
                                })) />
                        }.into_any())
                    }
                    _ => None,
                }
            }}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <Show when=move || show_comments.get()>
                <Comments post=post.clone() version changed=refetch draft=comment_draft />
            </Show>
        </article>
    }
}
