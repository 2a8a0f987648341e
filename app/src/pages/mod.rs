//! One file per area of the site.

mod account;
mod admin;
mod audit;
mod auth;
mod customers;
mod errors;
mod home;
mod ledger;
mod levels;
mod portal;

pub use account::AccountPage;
pub use admin::{AdminPage, StaffPage};
pub use audit::AuditPage;
pub use auth::{LoginPage, RegisterPage};
pub use customers::{CustomerPage, CustomersPage};
pub use errors::NotFoundPage;
pub use home::{ChannelsPage, ClauseRef, HomePage, LevelsTable};
pub use ledger::LedgerPage;
pub use levels::LevelsPage;
pub use portal::PortalPage;
