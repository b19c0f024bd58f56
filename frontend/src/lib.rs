//! The browser entry point: hydrates the server-rendered page, once the code of the page it shows
//! (a lazily loaded chunk) has arrived.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
