//! Server functions, one domain per file. Each has an explicit endpoint under `/api/` and
//! follows the same four steps: who is asking, may they, one service call, error mapping.

pub mod access_log;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod breach;
pub mod complaint_reports;
pub mod complaint_settings;
pub mod complaints;
pub mod credits;
pub mod customers;
pub mod desk;
pub mod desk_admin;
pub mod disputes;
pub mod feedback;
pub mod ledger;
pub mod membership;
pub mod mfa;
pub mod notifications;
pub mod payments;
pub mod plans;
pub mod programme;
pub mod quality;
pub mod quality_reports;
pub mod reports;
pub mod retention;
pub mod staff;
