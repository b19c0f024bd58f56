use crate::{
    live::{on_live, types::LiveKind},
    notify::unread_notifications,
};
use leptos::{prelude::*, task::spawn_local};
use std::time::Duration;

/// A wait of this page's own, up to two seconds. An announcement changes every member's
/// notifications at once; so thousands of bells do not ask in the same millisecond, each waits a
/// moment of its own before asking.
#[cfg(target_family = "wasm")]
fn spread() -> Duration {
    Duration::from_millis((js_sys::Math::random() * 2_000.0) as u64)
}

/// Live events reach only pages in the browser.
#[cfg(not(target_family = "wasm"))]
fn spread() -> Duration {
    Duration::ZERO
}

/// The bell in the header: a link to the notifications, with how many are unread. The count comes
/// with the session, so the page draws it at once, and is asked for again whenever the person's
/// notifications change.
#[component]
pub fn Bell(unread: i64) -> impl IntoView {
    let unread = RwSignal::new(unread);
    on_live(move |event| {
        if event.kind != LiveKind::NotificationsChanged {
            return;
        }
        let ask = move || {
            spawn_local(async move {
                if let Ok(count) = unread_notifications().await {
                    unread.set(count);
                }
            })
        };
        // A group's event reaches all its readers; a person's own comes to them alone.
        if event.group.is_some() {
            set_timeout(ask, spread());
        } else {
            ask();
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
