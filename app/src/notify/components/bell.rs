use crate::{
    live::{on_live, types::LiveKind},
    notify::unread_notifications,
};
use leptos::{prelude::*, task::spawn_local};

/// The bell in the header: a link to the notifications, with how many are unread. The count comes
/// with the session, so the page draws it at once, and is asked for again whenever the person's
/// notifications change.
#[component]
pub fn Bell(unread: i64) -> impl IntoView {
    let unread = RwSignal::new(unread);
    on_live(move |event| {
        if event.kind == LiveKind::NotificationsChanged {
            spawn_local(async move {
                if let Ok(count) = unread_notifications().await {
                    unread.set(count);
                }
            });
        }
    });
    let label = move || match unread.get() {
        0 => "Notifications".to_string(),
        1 => "Notifications, 1 unread".to_string(),
        n if n >= 99 => "Notifications, 99 or more unread".to_string(),
        n => format!("Notifications, {n} unread"),
    };
    view! {
        <a class="bell" href="/notifications" aria-label=label title=label>
            <svg class="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path d="M12 3a6 6 0 0 0-6 6v3.6l-1.7 2.9A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0Z" />
            </svg>
            <span class="bell__count" aria-hidden="true" hidden=move || unread.get() == 0>
                {move || if unread.get() >= 99 { "99+".to_string() } else { unread.get().to_string() }}
            </span>
        </a>
    }
}
