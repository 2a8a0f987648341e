//! Every integration test in one binary: each test file is a module here, so the server is linked
//! once instead of once per file (each link produced a ~1.1 GB debug binary).

mod access_log;
mod audit_tamper;
mod auth;
mod authz;
mod backup;
mod billing;
mod breach_disputes;
mod common;
mod complaint_reports;
mod complaints;
mod desk;
mod desk_admin;
mod desk_sla;
mod durability;
mod edge;
mod export;
mod feedback;
mod ledger;
mod logs;
mod mail;
mod membership;
mod metrics;
mod mfa;
mod plans;
mod quality;
mod quality_reports;
mod retention;
mod staff_audit;
