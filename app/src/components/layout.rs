//! Header with navigation and language switch, and the footer.

use crate::api::auth::{Logout, SetLanguage};
use crate::session::{t, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use vipcare::{Msg, Permission};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    let user = session.user.clone();
    let signed_in = user.is_some();
    let portal = session.can(Permission::UsePortal);
    let admin = session.can(Permission::UseAdmin);
    let manage_staff = session.can(Permission::ManageStaff);
    let read_audit = session.can(Permission::ReadAudit);
    let unread = session.unread;
    let logout = ServerAction::<Logout>::new();
    let name = user.map(|u| u.name).unwrap_or_default();

    view! {
        <a class="skip-link" href="#main">
            {t(Msg::SkipToContent)}
        </a>
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">
                        "V"
                    </span>
                    {t(Msg::AppName)}
                </a>
                <nav class="nav" aria-label=t(Msg::MainNavigation)>
                    <a href="/">{t(Msg::NavHome)}</a>
                    <a href="/complaint-channels">{t(Msg::NavComplaintChannels)}</a>
                    <a href="/agreement">{t(Msg::NavAgreement)}</a>
                    <a href="/fees">{t(Msg::NavFees)}</a>
                    <Show when=move || portal>
                        <a href="/portal">{t(Msg::NavPortal)}</a>
                        <a href="/portal/membership">{t(Msg::NavMembership)}</a>
                        <a href="/portal/invoices">{t(Msg::NavMyInvoices)}</a>
                        <a href="/portal/requests">{t(Msg::NavRequests)}</a>
                        <a href="/portal/rights">{t(Msg::NavRights)}</a>
                    </Show>
                    <Show when=move || admin>
                        <a href="/admin">{t(Msg::NavAdmin)}</a>
                    </Show>
                    <Show when=move || manage_staff>
                        <a href="/admin/staff">{t(Msg::NavStaff)}</a>
                    </Show>
                    <Show when=move || read_audit>
                        <a href="/admin/audit">{t(Msg::NavAudit)}</a>
                    </Show>
                </nav>
                <div class="nav-end">
                    <LangSwitch />
                    <Show when=move || signed_in>
                        <a class="nav-inbox" href="/notifications" data-test="inbox-link" aria-label=move || format!("{} ({unread})", t(Msg::InboxTitle))>
                            {t(Msg::InboxTitle)}
                            {(unread > 0).then(|| view! { " " <span class="count" data-test="unread-count">{unread}</span> })}
                        </a>
                    </Show>
                    {if signed_in {
                        view! {
                            <a class="nav-user" href="/account" title=t(Msg::NavAccount)>
                                {name.clone()}
                            </a>
                            <ActionForm action=logout attr:class="inline-form">
                                <button type="submit" class="btn btn-quiet" data-test="sign-out">
                                    {t(Msg::NavSignOut)}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! {
                            <a class="btn btn-quiet" href="/login">
                                {t(Msg::NavSignIn)}
                            </a>
                            <a class="btn btn-primary" href="/register">
                                {t(Msg::NavRegister)}
                            </a>
                        }
                            .into_any()
                    }}
                </div>
            </div>
        </header>
    }
}

/// Switches between 中文 and English; a plain form, so it works without JavaScript.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_session().lang;
    let action = ServerAction::<SetLanguage>::new();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    view! {
        <ActionForm action=action attr:class="inline-form lang-switch">
            <input type="hidden" name="lang" value=lang.other().tag() />
            <input type="hidden" name="back" value=back />
            <button
                type="submit"
                class="btn btn-quiet"
                lang=lang.other().tag()
                aria-label=t(Msg::SwitchLanguageLabel)
                data-test="lang-switch"
            >
                {t(Msg::SwitchLanguage)}
            </button>
        </ActionForm>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                <a href="/agreement">{t(Msg::FooterAgreement)}</a>
                " · "
                <a href="/glossary" data-test="glossary-link">{t(Msg::NavGlossary)}</a>
            </p>
        </footer>
    }
}
