#![recursion_limit = "256"]
//! The VIP Care Leptos app: the HTML shell, routes, pages, components and server functions.
//! Compiled into the server with `ssr` and to WebAssembly with `hydrate`.

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod session;

use components::layout::{SiteFooter, SiteHeader};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};
use pages::NotFoundPage;
use routes::*;
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
    view! {
        <Title formatter=|text: String| format!("{text} · VIP Care") />
        <Router>
            <SiteHeader />
            <main id="main" class="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/complaint-channels") view={Lazy::<ChannelsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/complaints") view={Lazy::<ChannelsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/complaints") view={Lazy::<MyComplaintsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/complaints/:id") view={Lazy::<MyComplaintRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints") view={Lazy::<ComplaintQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/agreement") view={Lazy::<CurrentAgreementRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/glossary") view={Lazy::<GlossaryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/agreement") view={Lazy::<MyAgreementRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/fees") view={Lazy::<FeesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/invoices") view={Lazy::<MyInvoicesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/invoices/:id") view={Lazy::<MyInvoiceRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/plans") view={Lazy::<MyPlansRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/requests") view={Lazy::<MyRequestsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/requests/:id") view={Lazy::<MyRequestRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/queue") view={Lazy::<QueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/queue/:id") view={Lazy::<QueueItemRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/desk") view={Lazy::<DeskAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/breaches") view={Lazy::<BreachCasesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/breaches/:id") view={Lazy::<BreachCaseRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/disputes") view={Lazy::<DisputesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/disputes/:id") view={Lazy::<DisputeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/breaches/:id") view={Lazy::<MyBreachCaseRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/disputes/:id") view={Lazy::<MyDisputeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/reports") view={Lazy::<ComplaintReportsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/settings") view={Lazy::<ComplaintSettingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/retention") view={Lazy::<RetentionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/pay/test/:token") view={Lazy::<TestGatewayRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/plans/:id") view={Lazy::<MyPlanRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing") view={Lazy::<BillingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/fees") view={Lazy::<FeeVersionsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/credits") view={Lazy::<CreditsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/plans") view={Lazy::<PlansAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/reports") view={Lazy::<ReportsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/plans/:id") view={Lazy::<PlanAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/fees/:id") view={Lazy::<FeeVersionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/billing/invoices/:id") view={Lazy::<InvoiceAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/register") view={Lazy::<RegisterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login/verify") view={Lazy::<LoginVerifyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/security") view={Lazy::<SecurityRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal") view={Lazy::<PortalRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/membership") view={Lazy::<MembershipRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/rights") view={Lazy::<RightsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/access-log") view={Lazy::<AccessLogRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/portal/agreements/:id") view={Lazy::<AgreementRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view={Lazy::<InboxRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/applications") view={Lazy::<ReviewQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/applications/:id") view={Lazy::<ReviewApplicationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/agreements/:id") view={Lazy::<AgreementRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/staff") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/levels") view={Lazy::<LevelsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/ledger") view={Lazy::<LedgerRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/customers") view={Lazy::<CustomersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/customers/:id") view={Lazy::<CustomerRoute>::new()} ssr=SsrMode::Async />
                    // Parameter routes after the static ones they would shadow (first match wins).
                    <Route path=path!("/portal/feedback") view={Lazy::<MyFeedbackRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality") view={Lazy::<QualityDashboardRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/process") view={Lazy::<ProcessReportRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/feedback") view={Lazy::<FeedbackAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/evaluations") view={Lazy::<EvaluationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/standards") view={Lazy::<StandardsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/training") view={Lazy::<TrainingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/me") view={Lazy::<MyQualityRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/quality/agents/:id") view={Lazy::<AgentQualityRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/complaints/:id") view={Lazy::<ComplaintAdminRoute>::new()} ssr=SsrMode::Async />
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
