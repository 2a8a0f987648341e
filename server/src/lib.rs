//! The VIP Care server: configuration, wiring, middleware, jobs and the command line.

pub mod api_v1;
pub mod backup;
pub mod bench;
pub mod cli;
pub mod complaint_reports;
pub mod config;
pub mod export;
pub mod files;
pub mod jobs;
pub mod mailer;
pub mod metrics;
pub mod middleware;
pub mod payments;
pub mod quality_reports;
pub mod reports;
pub mod seed;
pub mod seed_cases;
pub mod seed_complaints;
pub mod seed_quality;
pub mod startup;
