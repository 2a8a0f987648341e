//! The VIP Care server: configuration, wiring, middleware, jobs and the command line.

pub mod cli;
pub mod config;
pub mod jobs;
pub mod middleware;
pub mod seed;
pub mod startup;
