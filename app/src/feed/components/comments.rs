use crate::{
    error::AppError,
    feed::{
        AcceptAnswer, AddComment, DeleteComment, EditComment, get_post, list_comments,
        types::{CommentView, PostKind, PostStatus, PostView},
    },
    moderation::{ModerateComment, ReportContent, types::Decision},
    people::components::Avatar,
    shell::{Ask, AskWhy, EditWords, ErrorNotice, FormButton, Hidden, Loaded, on_answer},
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The addresses the comments' forms post to (reports go with the post card's), for the page
/// that says the error of one posted without JavaScript.
pub const COMMENT_FORMS: &[&str] = &[
    AddComment::PATH,
    EditComment::PATH,
    DeleteComment::PATH,
    AcceptAnswer::PATH,
    ModerateComment::PATH,
];

/// The comments of a post, as its card opens them: with the post when the page has it, or else
/// the post (`id`) is read first, as for a feed's cards, which the server drew. Their code is
/// fetched the first time a reader opens a post's comments, so a first visit to Home does without
/// it; a post's page, which opens them at once, fetches it with its own (see `routes`).
#[lazy]
pub fn comments_view(
    id: i64,
    post: Option<PostView>,
    version: RwSignal<u32>,
    changed: Callback<()>,
    draft: RwSignal<String>,
    initial: Option<Vec<CommentView>>,
) -> AnyView {
    match post {
        Some(post) => view! { <Comments post version changed draft initial /> }.into_any(),
        None => {
            let post = Resource::new(move || (), move |()| get_post(id));
            view! {
                <Loaded data=post loading="Loading comments…" let:post>
                    <Comments post version changed draft initial=None />
                </Loaded>
            }
            .into_any()
        }
    }
}

/// A post's comments with their replies, and the box to add one. `version` changes when someone
/// else's page changed them.
#[component]
fn Comments(
    post: PostView,
    version: RwSignal<u32>,
    changed: Callback<()>,
    /// The new comment being written, kept by whoever outlives this list.
    draft: RwSignal<String>,
    /// The comments, when the page loaded them with the post.
    initial: Option<Vec<CommentView>>,
) -> impl IntoView {
    let id = post.id;
    let comments = RwSignal::new(initial.map(Ok::<_, AppError>));
    // Read when first shown (unless the page brought them) and again whenever they change; the
    // list shown stays until the new one comes.
    Effect::new(move |seen: Option<()>| {
        version.track();
        if seen.is_some() || comments.with_untracked(Option::is_none) {
            leptos::task::spawn_local(async move {
                let list = list_comments(id).await;
                _ = comments.try_set(Some(list));
            });
        }
    });
    let reload = Callback::new(move |()| {
        version.update(|n| *n += 1);
        changed.run(());
    });
    let context = StoredValue::new(post.clone());
    let can_comment = post.can_comment;
    view! {
        <div class="comments">
            {move || match comments.get() {
                None => view! { <p class="loading">"Loading comments…"</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="comments__list" aria-label="Comments">
                        {list.iter().filter(|comment| comment.parent_id.is_none_or(|parent| !list.iter().any(|other| other.id == parent))).map(|comment| {
                            let replies: Vec<CommentView> = list.iter()
                                .filter(|reply| reply.parent_id == Some(comment.id))
                                .cloned()
                                .collect();
                            view! {
                                <CommentItem comment=comment.clone() post=context.get_value() reload />
                                {(!replies.is_empty()).then(|| view! {
                                    <li class="comments__replies">
                                        <ul aria-label="Replies">
                                            {replies.into_iter().map(|reply| view! {
                                                <CommentItem comment=reply post=context.get_value() reload />
                                            }).collect_view()}
                                        </ul>
                                    </li>
                                })}
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
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
    let add = ServerAction::<AddComment>::new();
    on_answer(add, error, move |()| {
        body.set(String::new());
        reload.run(());
    });
    let mut fields = vec![("post", post.to_string())];
    fields.extend(parent.map(|parent| ("parent", parent.to_string())));
    view! {
        <ActionForm action=add attr:class="comment-box">
            <Hidden fields />
            <label class="field field--grow">
                <span class="visually-hidden">{label}</span>
                <textarea name="body" rows="1" placeholder=label maxlength="10000" required bind:value=body></textarea>
            </label>
            <button type="submit" class="button button--small button--primary">
                {if parent.is_some() { "Reply" } else { "Comment" }}
            </button>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </ActionForm>
    }
}

#[component]
fn CommentItem(comment: CommentView, post: PostView, reload: Callback<()>) -> impl IntoView {
    let id = comment.id;
    let post_id = post.id;
    let error = RwSignal::new(None::<AppError>);
    let reporting = RwSignal::new(false);
    let reported = RwSignal::new(false);
    let accept = ServerAction::<AcceptAnswer>::new();
    let edit = ServerAction::<EditComment>::new();
    let delete = ServerAction::<DeleteComment>::new();
    let moderate = ServerAction::<ModerateComment>::new();
    let report = ServerAction::<ReportContent>::new();
    on_answer(accept, error, move |()| reload.run(()));
    on_answer(edit, error, move |()| reload.run(()));
    on_answer(delete, error, move |()| reload.run(()));
    on_answer(moderate, error, move |()| reload.run(()));
    on_answer(report, error, move |()| {
        reporting.set(false);
        reported.set(true);
    });
    let may_accept = post.kind == PostKind::Question
        && comment.parent_id.is_none()
        && comment.status == PostStatus::Published
        && (post.mine || post.can_moderate);
    let accepted = comment.accepted;
    let top_level = comment.parent_id.is_none() && post.can_comment;
    let mine = comment.mine;
    let status = comment.status;
    let mut accept_fields = vec![("post", post_id.to_string())];
    if !accepted {
        accept_fields.push(("comment", id.to_string()));
    }
    let decide = move |decision: Decision| {
        vec![
            ("id", id.to_string()),
            ("decision", decision.as_str().to_string()),
        ]
    };
    view! {
        <li id=format!("comment-{id}") class="comment" class:comment--accepted=accepted class:comment--hidden=status == PostStatus::Hidden>
            <Avatar name=comment.author.name.clone() url=comment.author.avatar_url.clone() size="sm" />
            <div class="comment__main">
                <p class="comment__meta">
                    <a href=format!("/people/{}", comment.author.id) class="comment__author">{comment.author.name.clone()}</a>
                    <span class="muted">{comment.created_label.clone()}</span>
                    <Show when=move || comment.edited><span class="muted">"(edited)"</span></Show>
                    <Show when=move || accepted><span class="tag tag--success">"Accepted answer"</span></Show>
                    <Show when=move || status == PostStatus::Hidden><span class="tag tag--warning">"Hidden"</span></Show>
                </p>
                <div class="prose" inner_html=comment.body_html.clone()></div>
                <div class="comment__actions">
                    {top_level.then(|| view! {
                        <Ask summary="Reply">
                            <CommentBox post=post_id parent=Some(id) reload label="Write a reply" />
                        </Ask>
                    })}
                    {may_accept.then(|| view! {
                        <FormButton action=accept fields=accept_fields label=if accepted { "Unmark answer" } else { "Accept answer" } />
                    })}
                    {if mine {
                        view! {
                            <EditWords action=edit id text=comment.body.clone() label="Edit your comment" rows=2 />
                            <FormButton action=delete fields=vec![("id", id.to_string())] label="Delete" />
                        }.into_any()
                    } else {
                        view! {
                            <AskWhy action=report fields=vec![("post", post_id.to_string()), ("comment", id.to_string())] open=reporting
                                summary="Report" question="What's wrong with this comment?" submit="Report" />
                        }.into_any()
                    }}
                    {comment.can_moderate.then(|| view! {
                        {if status == PostStatus::Hidden {
                            let mut fields = decide(Decision::Restore);
                            fields.push(("reason", String::new()));
                            view! { <FormButton action=moderate fields label="Restore" /> }.into_any()
                        } else {
                            view! {
                                <AskWhy action=moderate fields=decide(Decision::Hide) summary="Hide" question="Why? The log keeps it."
                                    submit="Hide" required=false />
                            }.into_any()
                        }}
                        <AskWhy action=moderate fields=decide(Decision::Remove) summary="Remove" question="Why? The log keeps it." submit="Remove" />
                    })}
                </div>
                <Show when=move || reported.get()>
                    <p class="notice" role="status">"Thanks. The facilitators will look at your report."</p>
                </Show>
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            </div>
        </li>
    }
}
