//! The customer portal home.

use crate::api::programme::get_levels;
use crate::components::guard::Guard;
use crate::pages::LevelsTable;
use crate::session::{t, use_session};
use leptos::prelude::*;
use vipcare::{Msg, Permission};

#[component]
pub fn PortalPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <PortalHome />
        </Guard>
    }
}

#[component]
fn PortalHome() -> impl IntoView {
    let user = use_session().user.unwrap_or_else(|| vipcare::SessionUser {
        id: 0,
        email: String::new(),
        name: String::new(),
        roles: vec![],
    });
    let levels = Resource::new(|| (), |_| get_levels());
    view! {
        <crate::PageTitle msg=Msg::PortalTitle />
        <h1 data-test="portal-welcome">{t(Msg::PortalWelcome)} {user.name.clone()}</h1>
        <div class="grid-2">
            <section class="card">
                <h2>{t(Msg::PortalAccountTitle)}</h2>
                <dl class="facts">
                    <div>
                        <dt>{t(Msg::FullName)}</dt>
                        <dd>{user.name.clone()}</dd>
                    </div>
                    <div>
                        <dt>{t(Msg::Email)}</dt>
                        <dd>{user.email.clone()}</dd>
                    </div>
                </dl>
                <p class="notice notice-info">{t(Msg::PortalStatusNone)}</p>
            </section>
            <section class="card">
                <h2>{t(Msg::PortalProgrammeTitle)}</h2>
                <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        levels.await.map(|l| view! { <LevelsTable levels=l /> }).ok()
                    })}
                </Suspense>
            </section>
        </div>
    }
}
