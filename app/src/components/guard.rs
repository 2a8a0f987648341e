//! Page guard: signed-out visitors are sent to sign-in (with `next`), signed-in people
//! without the permission get a 403 page. Server functions check again on their first line.

use crate::session::{t, use_session};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use vipcare::{Msg, Permission};

#[component]
pub fn Guard(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    if session.user.is_none() {
        let next = location.pathname.get_untracked();
        return view! { <Redirect path=format!("/login?next={next}") /> }.into_any();
    }
    if !session.can(permission) {
        return view! { <Forbidden /> }.into_any();
    }
    children().into_any()
}

/// The 403 page.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <crate::PageTitle msg=Msg::ForbiddenTitle />
        <section class="card narrow error-page" data-test="forbidden">
            <h1>{t(Msg::ForbiddenTitle)}</h1>
            <p>{t(Msg::ErrForbidden)}</p>
            <a class="btn btn-primary" href="/">
                {t(Msg::BackHome)}
            </a>
        </section>
    }
}
