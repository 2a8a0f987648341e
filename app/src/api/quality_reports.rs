//! Server functions for the quality dashboard and the process report (5.2.3, 5.3.2), and the
//! public figures of the home page. The CSV downloads are plain GET routes in the server crate
//! (`/admin/quality/export/<table>.csv`) with the same permission.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::quality_reports::{ProcessReport, PublicFigures, QualityDashboard};
#[cfg(feature = "ssr")]
use {
    crate::server::{app_context, authorize, fail, now_ms},
    vipcare::services::quality_reports as svc,
    vipcare::Permission,
};

/// Picks the typed month or the default one.
#[cfg(feature = "ssr")]
fn pick(v: Option<String>, default: String) -> String {
    v.filter(|s| !s.trim().is_empty()).unwrap_or(default)
}

/// The dashboard for the months `from`..=`to` (`YYYY-MM`); by default the last six whole
/// months (Asia/Shanghai, computed here: the browser's clock is not consulted).
#[server(endpoint = "quality/reports/dashboard")]
pub async fn get_quality_dashboard(
    from: Option<String>,
    to: Option<String>,
) -> Result<QualityDashboard, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageQuality)?;
    let (first, last) = svc::default_range(now_ms());
    svc::dashboard(&ctx.db, &pick(from, first), &pick(to, last))
        .await
        .map_err(fail)
}

/// Time in each status of the requests resolved in `from`..=`to` (default as above).
#[server(endpoint = "quality/reports/process")]
pub async fn get_process_report(
    from: Option<String>,
    to: Option<String>,
) -> Result<ProcessReport, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageQuality)?;
    let (first, last) = svc::default_range(now_ms());
    svc::process(&ctx.db, &pick(from, first), &pick(to, last))
        .await
        .map_err(fail)
}

/// Public, no sign-in: last month's programme-wide figures when an admin enabled them.
#[server(endpoint = "quality/reports/public")]
pub async fn get_public_figures() -> Result<Option<PublicFigures>, AppError> {
    let ctx = app_context()?;
    svc::public_figures(&ctx.db, now_ms()).await.map_err(fail)
}
