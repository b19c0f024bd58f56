use crate::{
    notify::{UnsubscribeEmail, types::NoticeKind},
    shell::{ActionError, Hidden},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where an email's "Stop emails like this one" leads: one button, no sign-in needed. Opening the
/// page changes nothing, so a mail scanner following the link unsubscribes nobody.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let query = use_query_map();
    let done = move || query.with(|query| query.get("done").as_deref().and_then(NoticeKind::parse));
    let token = move || query.with(|query| query.get("token").unwrap_or_default());
    let action = ServerAction::<UnsubscribeEmail>::new();
    view! {
        <Title text="Unsubscribe" />
        <section class="auth-card">
            {move || match done() {
                Some(kind) => Either::Left(view! {
                    <h1>"You're unsubscribed"</h1>
                    <p role="status">{format!("You'll no longer get emails about: {}. They still show in Wellspring.", kind.label())}</p>
                    <p><a href="/settings/notifications">"Choose which emails you get"</a></p>
                }),
                None => Either::Right(view! {
                    <h1>"Stop these emails?"</h1>
                    <p class="muted">"You'll still see these notifications in Wellspring."</p>
                    <ActionForm action attr:class="form">
                        <Hidden fields=vec![("token", token())] />
                        <ActionError action />
                        <button type="submit" class="button button--primary button--wide">"Unsubscribe"</button>
                    </ActionForm>
                }),
            }}
        </section>
    }
}
