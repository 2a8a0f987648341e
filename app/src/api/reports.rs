//! Finance reports (clause 6.2). The CSV downloads are plain GET routes in the server crate
//! (`/admin/billing/reports/*.csv`) with the same permission.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::reports::{AgeingReport, RevenueReport};
#[cfg(feature = "ssr")]
use {
    crate::server::{authorize, fail, now_ms},
    vipcare::ledger::shanghai_date,
    vipcare::services::reports,
    vipcare::Permission,
};

#[server(endpoint = "billing/reports/ageing")]
pub async fn get_ageing() -> Result<AgeingReport, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageBilling)?;
    reports::ageing(&ctx.db, shanghai_date(now_ms()))
        .await
        .map_err(fail)
}

/// Revenue for the months `from`..=`to` (`YYYY-MM`); by default the last twelve months up to
/// this one (Asia/Shanghai).
#[server(endpoint = "billing/reports/revenue")]
pub async fn get_revenue(
    from: Option<String>,
    to: Option<String>,
) -> Result<RevenueReport, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageBilling)?;
    let (first, last) = vipcare::reports::last_twelve_months(shanghai_date(now_ms()));
    let from = from.filter(|s| !s.trim().is_empty()).unwrap_or(first);
    let to = to.filter(|s| !s.trim().is_empty()).unwrap_or(last);
    reports::revenue(&ctx.db, &from, &to).await.map_err(fail)
}
