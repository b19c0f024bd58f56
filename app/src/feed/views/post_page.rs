use crate::{
    error::AppError,
    feed::{
        components::{CARD_FORMS, COMMENT_FORMS, PostCard},
        get_post, list_comments,
        types::PostView,
    },
    live::{on_live, types::LiveKind},
    shell::{Loaded, PostedError, RequireUser, id_param},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// One post with its comments open: where links to a post lead.
#[component]
pub fn PostPage() -> impl IntoView {
    view! {
        <Title text="Post" />
        <RequireUser let:_me>
            <OnePost />
        </RequireUser>
    }
}

#[component]
fn OnePost() -> impl IntoView {
    let id = id_param();
    let reloads = RwSignal::new(0u32);
    let gone = RwSignal::new(false);
    let comment_draft = RwSignal::new(String::new());
    // The comments come with the post, so the server renders them and they read without JavaScript.
    let post = Resource::new(
        move || (id(), reloads.get()),
        |(id, _)| async move { Ok::<_, AppError>((get_post(id).await?, list_comments(id).await?)) },
    );
    on_live(move |event| {
        if event.post != Some(id()) {
            return;
        }
        match event.kind {
            LiveKind::PostGone => gone.set(true),
            _ => reloads.update(|n| *n += 1),
        }
    });
    let update = Callback::new(move |(_, post): (i64, Option<PostView>)| match post {
        Some(_) => reloads.update(|n| *n += 1),
        None => gone.set(true),
    });
    view! {
        <div class="single-post">
            <PostedError paths=[CARD_FORMS, COMMENT_FORMS].concat() />
            <Loaded data=post let:loaded>
                {move || if gone.get() {
                    Either::Left(view! { <p class="notice">"This post is no longer here."</p> })
                } else {
                    let (post, comments) = loaded.clone();
                    Either::Right(view! {
                        <PostCard post update comments_open=RwSignal::new(true) comment_draft comments />
                    })
                }}
            </Loaded>
        </div>
    }
}
