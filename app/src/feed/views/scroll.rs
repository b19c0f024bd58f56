//! Infinite scroll: a callback when an element comes into view.

use leptos::{html::Div, prelude::*};
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{IntersectionObserver, IntersectionObserverEntry};

/// Calls `then` whenever the element `selector` finds in `within` scrolls into view, watching it
/// anew each time `within` is drawn.
pub fn when_visible(
    within: NodeRef<Div>,
    selector: &'static str,
    then: impl Fn() + Clone + 'static,
) {
    Effect::new(move |_| {
        let Some(element) = within
            .get()
            .and_then(|within| within.query_selector(selector).ok().flatten())
        else {
            return;
        };
        let then = then.clone();
        let seen = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|entry| {
                entry
                    .unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if visible {
                then();
            }
        });
        if let Ok(observer) = IntersectionObserver::new(seen.as_ref().unchecked_ref()) {
            observer.observe(&element);
        }
        // The observer lives as long as the page; it stops mattering once its element is gone.
        seen.forget();
    });
}
