use super::{ReactionBar, comments_view};
#[cfg(feature = "ssr")]
use crate::feed::types::Card;
use crate::{
    error::AppError,
    feed::{
        DeletePost, EditPost, MarkRead, ToggleReaction, get_post,
        types::{CommentView, PostKind, PostStatus, PostView},
    },
    moderation::{LockComments, ModeratePost, PinPost, ReportContent, types::Decision},
    people::components::Avatar,
    shell::{AskWhy, EditWords, ErrorNotice, Fields, FormButton, on_answer, run},
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The addresses a post card's forms post to, for the page that says the error of one posted
/// without JavaScript.
pub const CARD_FORMS: &[&str] = &[
    EditPost::PATH,
    DeletePost::PATH,
    MarkRead::PATH,
    ToggleReaction::PATH,
    ModeratePost::PATH,
    PinPost::PATH,
    LockComments::PATH,
    ReportContent::PATH,
];

/// The server actions behind a card's forms.
#[derive(Clone, Copy)]
struct CardActions {
    edit: ServerAction<EditPost>,
    delete: ServerAction<DeletePost>,
    read: ServerAction<MarkRead>,
    moderate: ServerAction<ModeratePost>,
    pin: ServerAction<PinPost>,
    lock: ServerAction<LockComments>,
    report: ServerAction<ReportContent>,
}

impl CardActions {
    fn new() -> Self {
        Self {
            edit: ServerAction::new(),
            delete: ServerAction::new(),
            read: ServerAction::new(),
            moderate: ServerAction::new(),
            pin: ServerAction::new(),
            lock: ServerAction::new(),
            report: ServerAction::new(),
        }
    }
}

/// One post: who wrote it where, what it says, reactions, comments, and the actions the reader
/// may take, each a form that also works without JavaScript. `update` receives the post as it is
/// after a change, or None once it is gone.
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
    /// The comments, when the page loaded them with the post.
    #[prop(optional)]
    comments: Option<Vec<CommentView>>,
) -> impl IntoView {
    let id = post.id;
    let error = RwSignal::new(None::<AppError>);
    let show_comments = comments_open.unwrap_or_else(|| RwSignal::new(false));
    let comment_draft = comment_draft.unwrap_or_else(|| RwSignal::new(String::new()));
    let version = comments_version.unwrap_or_else(|| RwSignal::new(0));
    let reporting = RwSignal::new(false);
    let reported = RwSignal::new(false);
    let replace = Callback::new(move |post: PostView| update.run((post.id, Some(post))));
    // After a moderator's change the post is read again; one rejected or removed is gone.
    let refetch = Callback::new(move |()| {
        let post = async move {
            match get_post(id).await {
                Ok(post) => Ok(Some(post)),
                Err(AppError::NotFound) => Ok(None),
                Err(failure) => Err(failure),
            }
        };
        run(error, post, move |post| update.run((id, post)));
    });

    let actions = CardActions::new();
    on_answer(actions.edit, error, move |post| replace.run(post));
    on_answer(actions.read, error, move |post| replace.run(post));
    on_answer(actions.delete, error, move |()| update.run((id, None)));
    on_answer(actions.moderate, error, move |()| refetch.run(()));
    on_answer(actions.pin, error, move |()| refetch.run(()));
    on_answer(actions.lock, error, move |()| refetch.run(()));
    on_answer(actions.report, error, move |()| {
        reporting.set(false);
        reported.set(true);
    });

    // What the comments open with: the post, and its comments when the page brought them.
    let opened = StoredValue::new((post.clone(), comments));
    let (label, muted) = frame(&post);
    let pinned = post.pinned;
    view! {
        <article class="post" class:post--pinned=pinned class:post--muted=muted aria-label=label data-post=id>
            <PostParts post actions replace error reporting show_comments />
            <Show when=move || reported.get()>
                <ReportThanks />
            </Show>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <Show when=move || show_comments.get()>
                <Suspense fallback=|| view! { <p class="loading">"Loading comments…"</p> }>
                    {move || {
                        let (post, initial) = opened.get_value();
                        Suspend::new(comments_view(id, Some(post), version, refetch, comment_draft, initial))
                    }}
                </Suspense>
            </Show>
        </article>
    }
}

/// What a card's frame says of its post, wherever the card is drawn: its name for screen readers,
/// and whether it is dimmed (not published: waiting for approval, or hidden).
fn frame(post: &PostView) -> (String, bool) {
    (
        format!("Post by {}", post.author.name),
        post.status != PostStatus::Published,
    )
}

/// What a report's author sees once the report is in, under the post.
pub const REPORT_THANKS: &str =
    r#"<p class="notice" role="status">Thanks. The facilitators will look at your report.</p>"#;

/// `REPORT_THANKS`, where a card is a component.
#[component]
pub fn ReportThanks() -> impl IntoView {
    view! { <div class="post__thanks" inner_html=REPORT_THANKS></div> }
}

/// A post as a feed's card (see `Card`): its inside drawn here, on the server, with the parts
/// `PostCard` shows, so its forms post without the card's code.
#[cfg(feature = "ssr")]
pub fn card(post: PostView) -> Card {
    let (label, muted) = frame(&post);
    let (id, pinned) = (post.id, post.pinned);
    let html = Owner::new().with(|| {
        let error = RwSignal::new(None);
        view! {
            <PostParts post actions=CardActions::new() replace=Callback::new(|_| ()) error
                reporting=RwSignal::new(false) show_comments=RwSignal::new(false) />
        }
        .to_html()
    });
    Card {
        id,
        label,
        pinned,
        muted,
        html,
    }
}

/// Everything of a card but what only the page knows: who wrote the post where, its words, its
/// reactions, the link that opens its comments (marked `data-comments`) and the reader's actions.
#[component]
fn PostParts(
    post: PostView,
    actions: CardActions,
    replace: Callback<PostView>,
    error: RwSignal<Option<AppError>>,
    reporting: RwSignal<bool>,
    show_comments: RwSignal<bool>,
) -> impl IntoView {
    let CardActions {
        edit,
        delete,
        read,
        moderate,
        pin,
        lock,
        report,
    } = actions;
    let PostView {
        id,
        status,
        kind,
        mine,
        can_moderate,
        pinned,
        comments_locked,
        ..
    } = post;
    let at = move |decision: Decision| -> Fields {
        vec![
            ("id", id.to_string()),
            ("decision", decision.as_str().to_string()),
        ]
    };
    // Approving and restoring need no reason.
    let without_reason = move |decision: Decision| -> Fields {
        let mut fields = at(decision);
        fields.push(("reason", String::new()));
        fields
    };
    let body = post.body.clone();
    let announcement = kind == PostKind::Announcement;
    let comment_words = match post.comment_count {
        0 => "Comment".to_string(),
        1 => "1 comment".to_string(),
        n => format!("{n} comments"),
    };
    view! {
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
            <div class="prose post__body" inner_html=post.body_html.clone()></div>
            {announcement.then(|| view! {
                <div class="post__reads">
                    <span>{format!("{} read", post.read_count)}</span>
                    {if post.read_by_me {
                        view! { <span class="tag tag--success">"You've read this"</span> }.into_any()
                    } else {
                        view! {
                            <FormButton action=read fields=vec![("post", id.to_string())] label="Mark as read"
                                class="button button--small button--primary" />
                        }.into_any()
                    }}
                </div>
            })}
            <footer class="post__footer">
                <ReactionBar post=post.clone() update=replace error />
                // A link to the post's own page, where the comments are open; once the page's code
                // has arrived, a plain click opens them here instead.
                <a href=format!("/posts/{id}") class="link-button" data-comments=""
                    aria-expanded=move || if show_comments.get() { "true" } else { "false" }
                    on:click=move |event| {
                        if event.button() == 0 && !(event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key()) {
                            event.prevent_default();
                            show_comments.update(|open| *open = !*open);
                        }
                    }>
                    {comment_words}
                </a>
                <div class="post__actions">
                    {if mine {
                        view! {
                            <EditWords action=edit id text=body label="Edit your post" />
                            <FormButton action=delete fields=vec![("id", id.to_string())] label="Delete" />
                        }.into_any()
                    } else {
                        view! {
                            <AskWhy action=report fields=vec![("post", id.to_string())] open=reporting summary="Report"
                                question="What's wrong with this post? Facilitators will see it." submit="Report" />
                        }.into_any()
                    }}
                </div>
            </footer>
            {can_moderate.then(|| view! {
                <div class="post__moderation" role="group" aria-label="Moderation">
                    {match status {
                        PostStatus::Pending => view! {
                            <FormButton action=moderate fields=without_reason(Decision::Approve)
                                label="Approve" class="button button--small button--primary" />
                            <AskWhy action=moderate fields=at(Decision::Reject) summary="Reject" look="button button--small"
                                question="Why? The author and the moderation log will show it." submit="Reject" required=false />
                        }.into_any(),
                        PostStatus::Hidden => view! {
                            <FormButton action=moderate fields=without_reason(Decision::Restore)
                                label="Restore" class="button button--small" />
                        }.into_any(),
                        _ => view! {
                            <AskWhy action=moderate fields=at(Decision::Hide) summary="Hide" look="button button--small"
                                question="Why? The author and the moderation log will show it." submit="Hide" required=false />
                            <FormButton action=pin fields=vec![("id", id.to_string()), ("days", if pinned { "0" } else { "7" }.to_string())]
                                label=if pinned { "Unpin" } else { "Pin for a week" } class="button button--small" />
                            <FormButton action=lock fields=vec![("id", id.to_string()), ("locked", (!comments_locked).to_string())]
                                label=if comments_locked { "Unlock comments" } else { "Lock comments" } class="button button--small" />
                        }.into_any(),
                    }}
                    <AskWhy action=moderate fields=at(Decision::Remove) summary="Remove" look="button button--small button--danger"
                        question="Why? The author and the moderation log will show it." submit="Remove" />
                </div>
            })}
    }
}
