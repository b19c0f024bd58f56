use super::{ErrorNotice, query_string, see_other, use_session};
use crate::people::types::Me;
use leptos::{either::EitherOf3, prelude::*};
use leptos_router::{components::Redirect, hooks::use_location};
use std::sync::Arc;

/// Renders its children for the signed-in person; sends visitors who are signed out to the sign-in
/// page (with a 303 when the page is rendered on the server), and brings them back here afterwards.
#[component]
pub fn RequireUser<F, V>(children: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let location = use_location();
    let children = Arc::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-live="polite">"Loading…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match session.me.await {
                        Ok(Some(me)) => EitherOf3::A(children(me)),
                        Ok(None) => {
                            let search = location.search.get_untracked();
                            let mut here = location.pathname.get_untracked();
                            if !search.is_empty() {
                                here = format!("{here}?{search}");
                            }
                            let sign_in = format!("/sign-in{}", query_string(&[("next", &here)]));
                            let redirect = view! { <Redirect path=sign_in.clone() /> };
                            see_other(&sign_in);
                            EitherOf3::B(redirect)
                        }
                        Err(error) => EitherOf3::C(view! { <ErrorNotice error /> }),
                    }
                })
            }}
        </Suspense>
    }
}
