//! The browser entry point: hydrates the server-rendered page, once the code of the page it shows
//! (a lazily loaded chunk) has arrived.

use leptos::prelude::document;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The browser's own task queue drives the reactive system.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = document().body().expect("the page has a body");
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // The page, its lazily loaded part included, is interactive: mark it, so styles and tests
        // can tell it from server-rendered HTML.
        if let Some(root) = document().document_element() {
            _ = root.set_attribute("data-hydrated", "");
        }
    });
}
