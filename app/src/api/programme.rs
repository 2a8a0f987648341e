//! The published programme. Public: visitors may read levels and complaint channels
//! (SPEC §1, clauses 2.1.1 and 7.1), so these need no permission.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::levels::VipLevel;
#[cfg(feature = "ssr")]
use {
    crate::server::{app_context, fail},
    vipcare::services::programme,
};

#[server(endpoint = "programme/levels")]
pub async fn get_levels() -> Result<Vec<VipLevel>, AppError> {
    let ctx = app_context()?;
    programme::levels(&ctx.db).await.map_err(fail)
}

/// Complaint channel contacts as (name, value): `phone`, `email`, `acknowledge_hours`, …
#[server(endpoint = "programme/complaint-channels")]
pub async fn get_complaint_channels() -> Result<Vec<(String, String)>, AppError> {
    let ctx = app_context()?;
    programme::complaint_channels(&ctx.db).await.map_err(fail)
}
