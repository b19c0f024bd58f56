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
        app::live::page_hydrated();
    });
}
