//! Complaint reports (clauses 7.2, 8.2). The CSV download is a plain GET route in the server
//! crate (`/admin/complaints/reports.csv`) with the same permission.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::complaint_reports::ComplaintReport;
#[cfg(feature = "ssr")]
use {
    crate::server::{authorize, fail, now_ms},
    vipcare::ledger::shanghai_date,
    vipcare::services::complaint_reports as svc,
    vipcare::Permission,
};

/// The report for the months `from`..=`to` (`YYYY-MM`); by default the last twelve months up
/// to this one (Asia/Shanghai, computed here: the browser's clock is not consulted).
#[server(endpoint = "complaints/reports")]
pub async fn get_complaint_report(
    from: Option<String>,
    to: Option<String>,
) -> Result<ComplaintReport, AppError> {
    let (ctx, _req, _user) = authorize(Permission::HandleComplaints)?;
    let (first, last) = svc::default_range(shanghai_date(now_ms()));
    let from = from.filter(|s| !s.trim().is_empty()).unwrap_or(first);
    let to = to.filter(|s| !s.trim().is_empty()).unwrap_or(last);
    svc::report(&ctx.db, &from, &to).await.map_err(fail)
}
