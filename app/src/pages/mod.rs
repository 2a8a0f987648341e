//! One file per area of the site.

mod account;
mod admin;
mod audit;
mod auth;
mod errors;
mod home;
mod portal;

pub use account::AccountPage;
pub use admin::{AdminPage, StaffPage};
pub use audit::AuditPage;
pub use auth::{LoginPage, RegisterPage};
pub use errors::NotFoundPage;
pub use home::{ChannelsPage, HomePage, LevelsTable};
pub use portal::PortalPage;
