use super::ReasonForm;
use crate::{
    error::AppError,
    feed::{
        accept_answer, add_comment, delete_comment, edit_comment, list_comments,
        types::{CommentView, PostKind, PostStatus, PostView},
    },
    moderation::{moderate_comment, report_content, types::Decision},
    people::components::Avatar,
    shell::{ErrorNotice, Loaded, run},
};
use leptos::{either::Either, prelude::*};

/// A post's comments with their replies, and the box to add one. `version` changes when someone
/// else's page changed them.
#[component]
pub fn Comments(
    post: PostView,
    version: RwSignal<u32>,
    changed: Callback<()>,
    /// The new comment being written, kept by whoever outlives this list.
    draft: RwSignal<String>,
) -> impl IntoView {
    let id = post.id;
    let comments = Resource::new(move || version.get(), move |_| list_comments(id));
    let error = RwSignal::new(None::<AppError>);
    let reload = Callback::new(move |()| {
        version.update(|n| *n += 1);
        changed.run(());
    });
    let context = StoredValue::new(post.clone());
    let can_comment = post.can_comment;
    view! {
        <div class="comments">
            <Loaded data=comments loading="Loading comments…" let:list>
                <ul class="comments__list" aria-label="Comments">
                    {list.iter().filter(|comment| comment.parent_id.is_none_or(|parent| !list.iter().any(|other| other.id == parent))).map(|comment| {
                        let replies: Vec<CommentView> = list.iter()
                            .filter(|reply| reply.parent_id == Some(comment.id))
                            .cloned()
                            .collect();
                        view! {
                            <CommentItem comment=comment.clone() post=context.get_value() reload error />
                            {(!replies.is_empty()).then(|| view! {
                                <li class="comments__replies">
                                    <ul aria-label="Replies">
                                        {replies.into_iter().map(|reply| view! {
                                            <CommentItem comment=reply post=context.get_value() reload error />
                                        }).collect_view()}
                                    </ul>
                                </li>
                            })}
                        }
                    }).collect_view()}
                </ul>
            </Loaded>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <Show when=move || can_comment>
                <CommentBox post=id parent=None reload label="Write a comment" body=draft />
            </Show>
        </div>
    }
}

/// The box that adds a comment or a reply; the words stay when the server refuses them.
#[component]
fn CommentBox(
    post: i64,
    parent: Option<i64>,
    reload: Callback<()>,
    label: &'static str,
    /// The words being written; a reply box keeps its own.
    #[prop(optional)]
    body: Option<RwSignal<String>>,
) -> impl IntoView {
    let body = body.unwrap_or_else(|| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<AppError>);
    view! {
        <form
            class="comment-box"
            on:submit=move |event| {
                event.prevent_default();
                run(error, add_comment(post, parent, body.get_untracked()), move |()| {
                    body.set(String::new());
                    reload.run(());
                });
            }
        >
            <label class="field field--grow">
                <span class="visually-hidden">{label}</span>
                <textarea rows="1" placeholder=label maxlength="10000" bind:value=body></textarea>
            </label>
            <button type="submit" class="button button--small button--primary">
                {if parent.is_some() { "Reply" } else { "Comment" }}
            </button>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </form>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Asking {
    Nothing,
    Reply,
    Edit,
    Report,
    Hide,
    Remove,
}

#[component]
fn CommentItem(
    comment: CommentView,
    post: PostView,
    reload: Callback<()>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let asking = RwSignal::new(Asking::Nothing);
    let id = comment.id;
    let post_id = post.id;
    let draft = RwSignal::new(comment.body.clone());
    let may_accept = post.kind == PostKind::Question
        && comment.parent_id.is_none()
        && comment.status == PostStatus::Published
        && (post.mine || post.can_moderate);
    let accepted = comment.accepted;
    let top_level = comment.parent_id.is_none() && post.can_comment;
    let mine = comment.mine;
    let moderate = comment.can_moderate;
    let status = comment.status;
    let done = move || {
        asking.set(Asking::Nothing);
        reload.run(());
    };
    view! {
        <li class="comment" class:comment--accepted=accepted class:comment--hidden=status == PostStatus::Hidden>
            <Avatar name=comment.author.name.clone() url=comment.author.avatar_url.clone() size="sm" />
            <div class="comment__main">
                <p class="comment__meta">
                    <a href=format!("/people/{}", comment.author.id) class="comment__author">{comment.author.name.clone()}</a>
                    <span class="muted">{comment.created_label.clone()}</span>
                    <Show when=move || comment.edited><span class="muted">"(edited)"</span></Show>
                    <Show when=move || accepted><span class="tag tag--success">"Accepted answer"</span></Show>
                    <Show when=move || status == PostStatus::Hidden><span class="tag tag--warning">"Hidden"</span></Show>
                </p>
                <Show
                    when=move || asking.get() == Asking::Edit
                    fallback=move || view! { <div class="prose" inner_html=comment.body_html.clone()></div> }
                >
                    <form class="comment-box" on:submit=move |event| {
                        event.prevent_default();
                        run(error, edit_comment(id, draft.get_untracked()), move |()| done());
                    }>
                        <label class="field field--grow">
                            <span class="visually-hidden">"Edit your comment"</span>
                            <textarea rows="2" bind:value=draft></textarea>
                        </label>
                        <button type="submit" class="button button--small button--primary">"Save"</button>
                        <button type="button" class="button button--small button--ghost" on:click=move |_| asking.set(Asking::Nothing)>"Cancel"</button>
                    </form>
                </Show>
                <div class="comment__actions">
                    <Show when=move || top_level>
                        <button type="button" class="link-button" on:click=move |_| asking.set(Asking::Reply)>"Reply"</button>
                    </Show>
                    <Show when=move || may_accept>
                        <button type="button" class="link-button" on:click=move |_| {
                            let choice = if accepted { None } else { Some(id) };
                            run(error, accept_answer(post_id, choice), move |()| done());
                        }>{if accepted { "Unmark answer" } else { "Accept answer" }}</button>
                    </Show>
                    <Show when=move || mine>
                        <button type="button" class="link-button" on:click=move |_| asking.set(Asking::Edit)>"Edit"</button>
                        <button type="button" class="link-button" on:click=move |_| run(error, delete_comment(id), move |()| done())>"Delete"</button>
                    </Show>
                    <Show when=move || !mine>
                        <button type="button" class="link-button" on:click=move |_| asking.set(Asking::Report)>"Report"</button>
                    </Show>
                    <Show when=move || moderate>
                        {if status == PostStatus::Hidden {
                            Either::Left(view! {
                                <button type="button" class="link-button" on:click=move |_| run(error, moderate_comment(id, Decision::Restore, String::new()), move |()| done())>"Restore"</button>
                            })
                        } else {
                            Either::Right(view! {
                                <button type="button" class="link-button" on:click=move |_| asking.set(Asking::Hide)>"Hide"</button>
                            })
                        }}
                        <button type="button" class="link-button" on:click=move |_| asking.set(Asking::Remove)>"Remove"</button>
                    </Show>
                </div>
                {move || match asking.get() {
                    Asking::Reply => Some(view! { <CommentBox post=post_id parent=Some(id) reload=Callback::new(move |()| done()) label="Write a reply" /> }.into_any()),
                    Asking::Report => Some(view! {
                        <ReasonForm label="What's wrong with this comment?" submit="Report" on_cancel=Callback::new(move |()| asking.set(Asking::Nothing))
                            on_submit=Callback::new(move |reason| run(error, report_content(post_id, Some(id), reason), move |()| asking.set(Asking::Nothing))) />
                    }.into_any()),
                    Asking::Hide | Asking::Remove => {
                        let decision = if asking.get() == Asking::Hide { Decision::Hide } else { Decision::Remove };
                        Some(view! {
                            <ReasonForm label="Why? The log keeps it." submit=if decision == Decision::Hide { "Hide" } else { "Remove" }
                                required=decision == Decision::Remove on_cancel=Callback::new(move |()| asking.set(Asking::Nothing))
                                on_submit=Callback::new(move |reason| run(error, moderate_comment(id, decision, reason), move |()| done())) />
                        }.into_any())
                    }
                    _ => None,
                }}
            </div>
        </li>
    }
}
