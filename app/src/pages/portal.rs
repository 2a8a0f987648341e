//! The customer portal home: where the customer stands (clause 2.1.1) and their account.

use crate::api::customers::my_progress;
use crate::components::eligibility::{EligibilityPanel, Reader};
use crate::components::guard::Guard;
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
        second_factor: false,
    });
    let progress = Resource::new(|| (), |_| my_progress());
    view! {
        <crate::PageTitle msg=Msg::PortalTitle />
        <h1 data-test="portal-welcome">{t(Msg::PortalWelcome)} {user.name.clone()}</h1>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    Ok(p) => view! { <EligibilityPanel progress=p reader=Reader::Customer /> }.into_any(),
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                }
            })}
        </Suspense>
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
            <p><a href="/account">{t(Msg::NavAccount)}</a></p>
        </section>
        <section class="card">
            <h2>{t(Msg::PlansTitle)}</h2>
            <p class="muted">{t(Msg::PlansIntro)}</p>
            <p><a href="/portal/plans" data-test="plans-link">{t(Msg::PlansTitle)}</a></p>
        </section>
        <section class="card">
            <h2>{t(Msg::CmpTitle)}</h2>
            <p class="muted">{t(Msg::CmpPortalIntro)}</p>
            <p><a href="/portal/complaints" data-test="complaints-link">{t(Msg::CmpTitle)}</a></p>
        </section>
        <section class="card">
            <h2>{t(Msg::QNavMyFeedback)}</h2>
            <p class="muted">{t(Msg::FbMyIntro)}</p>
            <p><a href="/portal/feedback" data-test="feedback-link">{t(Msg::QNavMyFeedback)}</a></p>
        </section>
        <section class="card">
            <h2>{t(Msg::AccessLogTitle)}</h2>
            <p class="muted">{t(Msg::AccessLogPortalIntro)}</p>
            <p><a href="/portal/access-log" data-test="access-log-link">{t(Msg::AccessLogTitle)}</a></p>
        </section>
        <section class="card">
            <h2>{t(Msg::ExportTitle)} " " <crate::pages::ClauseRef id="10.1" /></h2>
            <p class="muted">{t(Msg::ExportIntro)}</p>
            <p><a class="btn btn-primary" href="/portal/export.zip" download="" rel="external" data-test="export-link">{t(Msg::ExportDownload)}</a></p>
        </section>
    }
}
