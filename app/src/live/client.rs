//! Real time in the page: one websocket, opened once someone is signed in, and a log of the events
//! it brought that components follow with `on_live`.

use super::types::LiveEvent;
use leptos::prelude::*;

/// Events kept for components that have not looked yet.
const KEPT: usize = 200;

#[cfg(target_family = "wasm")]
thread_local! {
    /// Whether the page has hydrated, its lazily loaded part included (see `page_hydrated`).
    static HYDRATED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Tells the page it has hydrated: the socket may open, and `html[data-hydrated]` marks the page
/// for styles and tests. Until then events would reach pages the browser is still hydrating, and a
/// page that redrew itself for one would no longer match the server's HTML; the socket asks for
/// the events since the page was drawn, so none is missed.
#[cfg(target_family = "wasm")]
pub fn page_hydrated() {
    HYDRATED.with(|hydrated| hydrated.set(true));
    if let Some(root) = document().document_element() {
        _ = root.set_attribute("data-hydrated", "");
    }
}

/// The page's connection and what it has received.
#[derive(Clone, Copy)]
pub struct Live {
    /// Events with the page's own sequence numbers, oldest first.
    log: RwSignal<Vec<(u64, LiveEvent)>>,
    /// Whether the socket is open now; the header shows it.
    pub connected: RwSignal<bool>,
    /// The live session room the page has open; the socket tells the server.
    pub room: RwSignal<Option<i64>>,
}

impl Live {
    /// Creates the page's live state and, in the browser, connects once someone is signed in and
    /// the page has hydrated.
    pub fn provide() -> Live {
        let live = Live {
            log: RwSignal::new(Vec::new()),
            connected: RwSignal::new(false),
            room: RwSignal::new(None),
        };
        provide_context(live);
        #[cfg(target_family = "wasm")]
        {
            let session = crate::shell::use_session();
            let started = StoredValue::new(false);
            let hydrated = HYDRATED.with(ArcRwSignal::clone);
            Effect::new(move |_| {
                if hydrated.get()
                    && let Some(Ok(Some(me))) = session.me.get()
                    && !started.get_value()
                {
                    started.set_value(true);
                    let after = (me.live_after > 0).then_some(me.live_after);
                    super::socket::connect(live, after, 0);
                }
            });
            Effect::new(move |_| super::socket::watch(live.room.get()));
        }
        live
    }

    /// Enters the open room again, as a page does when its session begins: the server counts the
    /// person as attending and the page reads the room anew.
    #[cfg(target_family = "wasm")]
    pub fn reenter_room(self) {
        super::socket::watch(self.room.get_untracked());
    }

    /// Adds an event that arrived.
    pub fn push(self, event: LiveEvent) {
        self.log.update(|log| {
            let sequence = log.last().map_or(1, |(sequence, _)| sequence + 1);
            log.push((sequence, event));
            if log.len() > KEPT {
                log.drain(..log.len() - KEPT);
            }
        });
    }
}

/// Keeps the room of live session `id` open while the calling component lives: the page hears of
/// its chat and questions, and entering it while the session runs counts as attending.
pub fn enter_room(id: impl Fn() -> i64 + Send + Sync + 'static) {
    let Some(live) = use_context::<Live>() else {
        return;
    };
    Effect::new(move |_| live.room.set(Some(id())));
    on_cleanup(move || live.room.set(None));
}

/// Calls `then` for every event that arrives from now on, in order, while the calling component lives.
pub fn on_live(then: impl Fn(LiveEvent) + 'static) {
    let Some(live) = use_context::<Live>() else {
        return;
    };
    let seen = StoredValue::new(
        live.log
            .with_untracked(|log| log.last().map_or(0, |(sequence, _)| *sequence)),
    );
    Effect::new(move |_| {
        let fresh: Vec<(u64, LiveEvent)> = live.log.with(|log| {
            log.iter()
                .filter(|(sequence, _)| *sequence > seen.get_value())
                .cloned()
                .collect()
        });
        for (sequence, event) in fresh {
            seen.set_value(sequence);
            untrack(|| then(event));
        }
    });
}
