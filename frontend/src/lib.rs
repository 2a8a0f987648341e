#![recursion_limit = "256"]
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
    // Pages are loaded lazily (see `vipcare_app::routes`): hydration waits for the page's
    // module. The body is marked once it is done; end-to-end tests wait for that mark.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body().expect("a <body>");
        leptos::mount::hydrate_from_async(body.clone(), vipcare_app::App)
            .await
            .forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
