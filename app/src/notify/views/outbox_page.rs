use crate::{
    notify::{list_outbox, types::OutboxMail},
    shell::{Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// The newest emails and where each stands; without an SMTP server, where admins find the links
/// people are waiting for.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let outbox = Resource::new(|| (), |_| list_outbox());
    view! {
        <Title text="Email outbox" />
        <RequireUser let:_me>
            <header class="page-head">
                <h1>"Email outbox"</h1>
                <a href="/admin/people">"Manage people"</a>
            </header>
            <Loaded data=outbox title="Email outbox" let:outbox>
                {(!outbox.sending).then(|| view! {
                    <p class="panel" role="note">
                        "No mail server is set up (WELLSPRING_SMTP_URL), so emails wait here. Pass a link on by hand where someone needs it."
                    </p>
                })}
                {if outbox.mails.is_empty() {
                    Either::Left(view! { <p class="panel">"No emails yet."</p> })
                } else {
                    Either::Right(view! {
                        <ul class="outbox" aria-label="Emails">
                            {outbox.mails.into_iter().map(|mail| view! { <MailItem mail /> }).collect_view()}
                        </ul>
                    })
                }}
            </Loaded>
        </RequireUser>
    }
}

#[component]
fn MailItem(mail: OutboxMail) -> impl IntoView {
    let status = match (mail.last_error, mail.attempts) {
        (Some(error), 0) => format!("{}: {error}", mail.status.label()),
        (Some(error), 1) => format!("{} after 1 try: {error}", mail.status.label()),
        (Some(error), tries) => format!("{} after {tries} tries: {error}", mail.status.label()),
        (None, _) => mail.status.label().to_string(),
    };
    view! {
        <li class="outbox__mail">
            <details>
                <summary>
                    <span class="outbox__subject">{mail.subject}</span>
                    <span class="outbox__meta">{format!("To {} · {} · {}", mail.to, mail.kind.label(), mail.queued)}</span>
                    <span class="tag">{status}</span>
                </summary>
                <pre class="outbox__text">{mail.text}</pre>
            </details>
        </li>
    }
}
