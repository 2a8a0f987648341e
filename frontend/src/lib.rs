//! The browser entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // After sign-in, sign-out and a language switch the server asks for a redirect; a full
    // page load makes every part of the page (session, language) start afresh.
    let _ = server_fn::redirect::set_redirect_hook(|loc: &str| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_href(loc);
        }
    });
    leptos::mount::hydrate_body(vipcare_app::App);
}
