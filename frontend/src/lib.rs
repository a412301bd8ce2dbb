//! The browser entry: hydrates the server-rendered page. Everything else lives in `app`.
// The app's views are deeply nested types; computing their layout for WASM needs a higher limit.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
