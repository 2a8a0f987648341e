//! One file per area of the site.

mod account;
mod admin;
pub mod agreement;
mod audit;
mod auth;
pub mod billing;
pub mod breach;
mod complaint_reports;
mod complaint_settings;
mod complaints;
pub mod credits;
mod customers;
mod desk;
mod desk_admin;
pub mod disputes;
mod errors;
mod feedback;
mod glossary;
pub mod home;
mod inbox;
mod ledger;
mod levels;
pub mod membership;
mod payments;
mod plans;
mod portal;
mod quality;
mod quality_dashboard;
mod reports;
mod review;
mod rights;

pub use account::AccountPage;
pub use admin::{AdminPage, StaffPage};
pub use agreement::{AgreementPage, CurrentAgreementPage, MyAgreementPage};
pub use audit::AuditPage;
pub use auth::{LoginPage, RegisterPage};
pub use billing::{
    BillingPage, FeeVersionPage, FeeVersionsPage, FeesPage, InvoiceAdminPage, MyInvoicePage,
    MyInvoicesPage,
};
pub use breach::{BreachCasePage, BreachCasesPage, MyBreachCasePage, MyBreachCases};
pub use complaint_reports::ComplaintReportsPage;
pub use complaint_settings::ComplaintSettingsPage;
pub use complaints::{ComplaintAdminPage, ComplaintQueuePage, MyComplaintPage, MyComplaintsPage};
pub use credits::CreditsPage;
pub use customers::{CustomerPage, CustomersPage};
pub use desk::{MyRequestPage, MyRequestsPage, QueueItemPage, QueuePageView};
pub use desk_admin::DeskAdminPage;
pub use disputes::{DisputePage, DisputesPage, MyDisputePage, MyDisputes};
pub use errors::NotFoundPage;
pub use feedback::{FeedbackAdminPage, MyFeedbackPage};
pub use glossary::GlossaryPage;
pub use home::{ChannelsPage, ClauseRef, HomePage, LevelsTable};
pub use inbox::InboxPage;
pub use ledger::LedgerPage;
pub use levels::LevelsPage;
pub use membership::MembershipPage;
pub use payments::TestGatewayPage;
pub use plans::{MyPlanPage, MyPlansPage, PlanAdminPage, PlansAdminPage};
pub use portal::PortalPage;
pub use quality::{AgentQualityPage, EvaluationsPage, MyQualityPage, StandardsPage, TrainingPage};
pub use quality_dashboard::{ProcessReportPage, QualityDashboardPage};
pub use reports::ReportsPage;
pub use review::{ReviewApplicationPage, ReviewQueuePage};
pub use rights::RightsPage;
