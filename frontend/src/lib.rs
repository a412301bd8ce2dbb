//! The browser entry: hydrates the server-rendered page. Everything else lives in `app`.
// The app's views are deeply nested types; computing their layout for WASM needs a higher limit.
#![recursion_limit = "256"]

mod typed_before_hydration;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let document = web_sys::window().and_then(|window| window.document());
    let typed = document.as_ref().map(typed_before_hydration::remember);
    leptos::mount::hydrate_body(app::App);
    if let (Some(document), Some(typed)) = (document, typed) {
        typed_before_hydration::restore(&document, typed);
    }
}
