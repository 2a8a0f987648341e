//! Page guard: signed-out visitors are sent to sign-in (with `next`), signed-in people
//! without the permission get a 403 page. Server functions check again on their first line.

use crate::session::{t, use_session};
use leptos::prelude::*;

use leptos_router::hooks::use_location;
use vipcare::{Msg, Permission};

#[component]
pub fn Guard(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    if session.user.is_none() {
        let target = format!("/login?next={}", location.pathname.get_untracked());
        // A page request answers a real 302 whatever the client's Accept header says.
        #[cfg(feature = "ssr")]
        {
            crate::server::page_redirect(&target);
            return ().into_any();
        }
        #[cfg(not(feature = "ssr"))]
        return view! { <leptos_router::components::Redirect path=target /> }.into_any();
    }
    // Staff without an authenticator set one up before anything else (clause 10).
    let must_enrol = session
        .user
        .as_ref()
        .is_some_and(|u| u.must_set_up_second_factor());
    if must_enrol && permission != Permission::ManageOwnAccount {
        let target = "/account/security";
        #[cfg(feature = "ssr")]
        {
            crate::server::page_redirect(target);
            return ().into_any();
        }
        #[cfg(not(feature = "ssr"))]
        return view! { <leptos_router::components::Redirect path=target /> }.into_any();
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
