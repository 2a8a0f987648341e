//! `GET /admin/complaints/reports.csv?from=YYYY-MM&to=YYYY-MM`: the complaint report (clauses
//! 7.2, 8.2) as CSV (UTF-8 with BOM, CRLF, headings in the reader's language). Staff who handle
//! complaints only; without `from`/`to` the last twelve months (Asia/Shanghai). Every export
//! is audited.

use crate::reports::{csv_response, failed};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;
use vipcare::ledger::shanghai_date;
use vipcare::services::{complaint_reports, reports};
use vipcare::store::{now_ms, Db};
use vipcare::Permission;
use vipcare_app::server::RequestContext;

#[derive(Debug, Deserialize)]
pub struct Months {
    from: Option<String>,
    to: Option<String>,
}

pub async fn report_csv(
    State(db): State<Db>,
    Extension(ctx): Extension<RequestContext>,
    Query(m): Query<Months>,
) -> Response {
    let user = match ctx.user.as_ref() {
        None => return StatusCode::UNAUTHORIZED.into_response(),
        Some(u) if u.can(Permission::HandleComplaints) => u.id,
        Some(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let now = now_ms();
    let (first, last) = complaint_reports::default_range(shanghai_date(now));
    let pick =
        |v: Option<String>, default: String| v.filter(|s| !s.trim().is_empty()).unwrap_or(default);
    let (from, to) = (pick(m.from, first), pick(m.to, last));
    let report = match complaint_reports::report(&db, &from, &to).await {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let actor = ctx.client.actor(Some(user));
    if let Err(e) = reports::record_export(
        &db,
        &actor,
        "complaints",
        serde_json::json!({"from": report.from, "to": report.to}),
        now,
    )
    .await
    {
        return failed(e);
    }
    csv_response(
        &format!("complaints-{}-{}.csv", report.from, report.to),
        vipcare::complaint_reports::csv(&report, ctx.lang),
    )
}
