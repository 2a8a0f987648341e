//! The routes' pages, loaded lazily in the browser in four groups.
//!
//! Each group of pages becomes one split module of the WebAssembly client (`cargo leptos build
//! --split`), fetched when a page of the group is first shown; the main module holds the shell,
//! the router, the header and the shared components. On the server nothing is lazy: each route
//! renders its page directly and names its group, so the page's `<head>` preloads the group's
//! module before the main module asks for it.
//!
//! Every page is its own split function (with its own loader) inside its group's module, and
//! its route preloads exactly that function: a group-wide preload would leave the other pages'
//! loaders unset and hydration would find the view still pending. To add a page, add a line to
//! its group below and use its route type in `App` (`view={Lazy::<XRoute>::new()}`).

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// Defines, for each `Route => Page` line, the route type `Route` whose view is `Page` and,
/// in the browser build, the split function that loads it from its group's module.
macro_rules! lazy_groups {
    ($( $(#[$doc:meta])* $group:ident { $( $route:ident => $page:ident ),* $(,)? } )*) => { $( $(
        #[cfg(feature = "hydrate")]
        #[allow(non_snake_case)]
        mod $page {
            use leptos::prelude::*;

            #[leptos::wasm_split::wasm_split(
                $group,
                wasm_split_path = ::leptos::wasm_split,
                preload(#[doc(hidden)] preload)
            )]
            pub fn $route() -> AnyView {
                crate::pages::$page().into_any()
            }
        }

        #[doc = concat!("The route of [`crate::pages::", stringify!($page), "`], loaded with `", stringify!($group), "`.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                #[cfg(feature = "hydrate")]
                {
                    $page::$route().await
                }
                #[cfg(not(feature = "hydrate"))]
                {
                    leptos::prefetch_lazy_fn_on_server(stringify!($group));
                    crate::pages::$page().into_any()
                }
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $page::preload().await;
            }
        }
    )* )* };
}

lazy_groups! {
    /// Pages anyone may open: the programme, its fees and channels, sign-in and registration.
    public_pages {
        HomeRoute => HomePage,
        ChannelsRoute => ChannelsPage,
        CurrentAgreementRoute => CurrentAgreementPage,
        GlossaryRoute => GlossaryPage,
        FeesRoute => FeesPage,
        LoginRoute => LoginPage,
        RegisterRoute => RegisterPage,
        LoginVerifyRoute => LoginVerifyPage,
    }
    /// The customer's portal, and the account pages everyone signed in shares.
    customer_pages {
        PortalRoute => PortalPage,
        MembershipRoute => MembershipPage,
        RightsRoute => RightsPage,
        AccessLogRoute => AccessLogPage,
        AgreementRoute => AgreementPage,
        MyAgreementRoute => MyAgreementPage,
        MyRequestsRoute => MyRequestsPage,
        MyRequestRoute => MyRequestPage,
        MyComplaintsRoute => MyComplaintsPage,
        MyComplaintRoute => MyComplaintPage,
        MyBreachCaseRoute => MyBreachCasePage,
        MyDisputeRoute => MyDisputePage,
        MyFeedbackRoute => MyFeedbackPage,
        AccountRoute => AccountPage,
        SecurityRoute => SecurityPage,
        InboxRoute => InboxPage,
    }
    /// Invoices, payment plans and fees, for customers and for finance.
    billing_pages {
        MyInvoicesRoute => MyInvoicesPage,
        MyInvoiceRoute => MyInvoicePage,
        MyPlansRoute => MyPlansPage,
        MyPlanRoute => MyPlanPage,
        TestGatewayRoute => TestGatewayPage,
        BillingRoute => BillingPage,
        FeeVersionsRoute => FeeVersionsPage,
        CreditsRoute => CreditsPage,
        PlansAdminRoute => PlansAdminPage,
        ReportsRoute => ReportsPage,
        PlanAdminRoute => PlanAdminPage,
        FeeVersionRoute => FeeVersionPage,
        InvoiceAdminRoute => InvoiceAdminPage,
    }
    /// The staff area: review, queue, complaints, quality, configuration.
    staff_pages {
        ComplaintQueueRoute => ComplaintQueuePage,
        QueueRoute => QueuePageView,
        QueueItemRoute => QueueItemPage,
        DeskAdminRoute => DeskAdminPage,
        BreachCasesRoute => BreachCasesPage,
        BreachCaseRoute => BreachCasePage,
        DisputesRoute => DisputesPage,
        DisputeRoute => DisputePage,
        ComplaintReportsRoute => ComplaintReportsPage,
        ComplaintSettingsRoute => ComplaintSettingsPage,
        RetentionRoute => RetentionPage,
        ReviewQueueRoute => ReviewQueuePage,
        ReviewApplicationRoute => ReviewApplicationPage,
        AdminRoute => AdminPage,
        StaffRoute => StaffPage,
        AuditRoute => AuditPage,
        LevelsRoute => LevelsPage,
        LedgerRoute => LedgerPage,
        CustomersRoute => CustomersPage,
        CustomerRoute => CustomerPage,
        QualityDashboardRoute => QualityDashboardPage,
        ProcessReportRoute => ProcessReportPage,
        FeedbackAdminRoute => FeedbackAdminPage,
        EvaluationsRoute => EvaluationsPage,
        StandardsRoute => StandardsPage,
        TrainingRoute => TrainingPage,
        MyQualityRoute => MyQualityPage,
        AgentQualityRoute => AgentQualityPage,
        ComplaintAdminRoute => ComplaintAdminPage,
    }
}
