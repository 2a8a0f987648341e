//! VIP Care domain.
//!
//! Everything in this crate outside `ssr` is pure and compiles to WebAssembly: money as integer
//! fen, identifiers, roles and permissions, input validation, the audit hash chain and the
//! bilingual message catalogue. Behind the `ssr` feature live the SQLite [`store`] (all SQL)
//! and the [`services`] that apply the rules inside transactions.

pub mod access_log;
pub mod agreement;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod clause_notes;
#[cfg(test)]
mod clause_table;
pub mod complaint_reports;
pub mod complaint_settings;
pub mod complaints;
pub mod customer;
pub mod desk;
pub mod desk_admin;
pub mod disputes;
pub mod eligibility;
pub mod export;
pub mod feedback;
pub mod fees;
pub mod glossary;
pub mod i18n;
pub mod invoice;
pub mod ledger;
pub mod levels;
pub mod membership;
pub mod mfa;
pub mod money;
pub mod notify;
pub mod plans;
pub mod quality;
pub mod quality_reports;
pub mod queue;
pub mod reports;
pub mod retention;
pub mod signed_copy;
pub mod sla;
pub mod time;
pub mod upload;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod store;

pub use auth::{Permission, Role, SessionUser};
pub use i18n::{Lang, Msg};
pub use money::Fen;
