use crate::{
    feed::{components::PostCard, get_post, types::PostView},
    live::{on_live, types::LiveKind},
    shell::{Loaded, RequireUser, id_param},
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
    let comments = RwSignal::new(0u32);
    let post = Resource::new(move || (id(), reloads.get()), |(id, _)| get_post(id));
    // The comments open once the page is live, in the browser: rendered on the server they would be
    // a resource inside a resource's view, which the server-side render could wait on forever.
    let comments_open = RwSignal::new(false);
    Effect::new(move |_| comments_open.set(true));
    on_live(move |event| {
        if event.post != Some(id()) {
            return;
        }
        match event.kind {
            LiveKind::PostGone => gone.set(true),
            LiveKind::CommentChanged => {
                comments.update(|n| *n += 1);
                reloads.update(|n| *n += 1);
            }
            _ => reloads.update(|n| *n += 1),
        }
    });
    let update = Callback::new(move |(_, post): (i64, Option<PostView>)| match post {
        Some(_) => reloads.update(|n| *n += 1),
        None => gone.set(true),
    });
    view! {
        <div class="single-post">
            <Loaded data=post let:post>
                {move || if gone.get() {
                    Either::Left(view! { <p class="notice">"This post is no longer here."</p> })
                } else {
                    Either::Right(view! { <PostCard post=post.clone() update comments_version=comments comments_open /> })
                }}
            </Loaded>
        </div>
    }
}
