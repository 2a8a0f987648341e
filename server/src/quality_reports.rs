//! `GET /admin/quality/export/<table>.csv?from=YYYY-MM&to=YYYY-MM`: a table of the quality
//! dashboard or the process report (5.2.3, 5.3.2) — `csat`, `sla`, `resolution`, `complaints`,
//! `branches`, `process` — as CSV (UTF-8 with BOM, CRLF, headings in the reader's language),
//! the same cells as the page's table. Quality staff only; without `from`/`to` the last six
//! whole months (Asia/Shanghai). Every export is audited.

use crate::reports::{csv_response, failed};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;
use vipcare::quality_reports::QualityTable;
use vipcare::services::{quality_reports, reports};
use vipcare::store::{now_ms, Db};
use vipcare::Permission;
use vipcare_app::server::RequestContext;

#[derive(Debug, Deserialize)]
pub struct Months {
    from: Option<String>,
    to: Option<String>,
}

pub async fn export_csv(
    State(db): State<Db>,
    Extension(ctx): Extension<RequestContext>,
    Path(file): Path<String>,
    Query(m): Query<Months>,
) -> Response {
    let user = match ctx.user.as_ref() {
        None => return StatusCode::UNAUTHORIZED.into_response(),
        Some(u) if u.can(Permission::ManageQuality) => u.id,
        Some(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let Some(which) = file.strip_suffix(".csv").and_then(QualityTable::parse) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = now_ms();
    let (first, last) = quality_reports::default_range(now);
    let pick =
        |v: Option<String>, default: String| v.filter(|s| !s.trim().is_empty()).unwrap_or(default);
    let (from, to) = (pick(m.from, first), pick(m.to, last));
    let (from, to, body) = match quality_reports::table_csv(&db, which, &from, &to, ctx.lang).await
    {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let actor = ctx.client.actor(Some(user));
    if let Err(e) = reports::record_export(
        &db,
        &actor,
        &format!("quality_{}", which.as_str()),
        serde_json::json!({"from": from, "to": to}),
        now,
    )
    .await
    {
        return failed(e);
    }
    csv_response(&format!("quality-{}-{from}-{to}.csv", which.as_str()), body)
}
