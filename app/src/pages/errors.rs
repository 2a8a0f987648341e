use crate::session::t;
use leptos::prelude::*;
use vipcare::Msg;

/// The 404 page; the server answers it with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <crate::PageTitle msg=Msg::NotFoundTitle />
        <section class="card narrow error-page" data-test="not-found">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::ErrNotFound)}</p>
            <a class="btn btn-primary" href="/">
                {t(Msg::BackHome)}
            </a>
        </section>
    }
}
