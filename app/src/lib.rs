#![recursion_limit = "256"]
//! The VIP Care Leptos app: the HTML shell, routes, pages, components and server functions.
//! Compiled into the server with `ssr` and to WebAssembly with `hydrate`.

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod session;

use components::layout::{SiteFooter, SiteHeader};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::*;
use session::{t, SessionInfo, SESSION_SCRIPT_ID};
use vipcare::Msg;

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let info = SessionInfo::current();
    let json = info.to_script_json();
    view! {
        <!DOCTYPE html>
        <html lang=info.lang.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script type="application/json" id=SESSION_SCRIPT_ID inner_html=json></script>
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Every route renders with `SsrMode::Async`: the server sends the page once all its data is
/// loaded, so pages are complete without JavaScript and status codes (403, 404, 302) set while
/// rendering reach the response.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(SessionInfo::current());
    // Marks the page as hydrated (browser only); end-to-end tests wait for it.
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=|text: String| format!("{text} · VIP Care") />
        <Router>
            <SiteHeader />
            <main id="main" class="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/complaint-channels") view=ChannelsPage ssr=SsrMode::Async />
                    <Route path=path!("/complaints") view=ChannelsPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/complaints") view=MyComplaintsPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/complaints/:id") view=MyComplaintPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints") view=ComplaintQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/agreement") view=CurrentAgreementPage ssr=SsrMode::Async />
                    <Route path=path!("/glossary") view=GlossaryPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/agreement") view=MyAgreementPage ssr=SsrMode::Async />
                    <Route path=path!("/fees") view=FeesPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/invoices") view=MyInvoicesPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/invoices/:id") view=MyInvoicePage ssr=SsrMode::Async />
                    <Route path=path!("/portal/plans") view=MyPlansPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/requests") view=MyRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/requests/:id") view=MyRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/queue") view=QueuePageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/queue/:id") view=QueueItemPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/desk") view=DeskAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/breaches") view=BreachCasesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/breaches/:id") view=BreachCasePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/disputes") view=DisputesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/disputes/:id") view=DisputePage ssr=SsrMode::Async />
                    <Route path=path!("/portal/breaches/:id") view=MyBreachCasePage ssr=SsrMode::Async />
                    <Route path=path!("/portal/disputes/:id") view=MyDisputePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/reports") view=ComplaintReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/settings") view=ComplaintSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/retention") view=RetentionPage ssr=SsrMode::Async />
                    <Route path=path!("/pay/test/:token") view=TestGatewayPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/plans/:id") view=MyPlanPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing") view=BillingPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/fees") view=FeeVersionsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/credits") view=CreditsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/plans") view=PlansAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/reports") view=ReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/plans/:id") view=PlanAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/fees/:id") view=FeeVersionPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/invoices/:id") view=InvoiceAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/login/verify") view=LoginVerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/account/security") view=SecurityPage ssr=SsrMode::Async />
                    <Route path=path!("/portal") view=PortalPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/membership") view=MembershipPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/rights") view=RightsPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/access-log") view=AccessLogPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/agreements/:id") view=AgreementPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=InboxPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/applications") view=ReviewQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/applications/:id") view=ReviewApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/agreements/:id") view=AgreementPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/staff") view=StaffPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/levels") view=LevelsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/ledger") view=LedgerPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/customers") view=CustomersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/customers/:id") view=CustomerPage ssr=SsrMode::Async />
                    // Parameter routes after the static ones they would shadow (first match wins).
                    <Route path=path!("/portal/feedback") view=MyFeedbackPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality") view=QualityDashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/process") view=ProcessReportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/feedback") view=FeedbackAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/evaluations") view=EvaluationsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/standards") view=StandardsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/training") view=TrainingPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/me") view=MyQualityPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/agents/:id") view=AgentQualityPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/:id") view=ComplaintAdminPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}

/// Sets the page title in the current language.
#[component]
pub fn PageTitle(msg: Msg) -> impl IntoView {
    view! { <Title text=t(msg) /> }
}
