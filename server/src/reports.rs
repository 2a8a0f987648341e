//! `GET /admin/billing/reports/ageing.csv` and `/admin/billing/reports/revenue.csv?from=&to=`:
//! the finance reports as CSV (UTF-8 with BOM, headings in the reader's language). Finance and
//! admins only; every export is audited.

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;
use vipcare::ledger::shanghai_date;
use vipcare::services::{reports, ServiceError};
use vipcare::store::{now_ms, Db};
use vipcare::Permission;
use vipcare_app::server::RequestContext;

/// A CSV download: `text/csv` in UTF-8, an attachment named `name`, never cached.
pub(crate) fn csv_response(name: &str, body: String) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

fn finance(ctx: &RequestContext) -> Result<i64, StatusCode> {
    match ctx.user.as_ref() {
        None => Err(StatusCode::UNAUTHORIZED),
        Some(u) if u.can(Permission::ManageBilling) => Ok(u.id),
        Some(_) => Err(StatusCode::FORBIDDEN),
    }
}

/// The answer to a failed export: 422 for bad parameters, else 500 (logged).
pub(crate) fn failed(e: ServiceError) -> Response {
    match e {
        ServiceError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        e => {
            tracing::error!(error = ?e, "report export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn ageing_csv(
    State(db): State<Db>,
    Extension(ctx): Extension<RequestContext>,
) -> Response {
    let user = match finance(&ctx) {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    let now = now_ms();
    let today = shanghai_date(now);
    let report = match reports::ageing(&db, today).await {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let actor = ctx.client.actor(Some(user));
    if let Err(e) = reports::record_export(
        &db,
        &actor,
        "ageing",
        serde_json::json!({"as_of": today}),
        now,
    )
    .await
    {
        return failed(e);
    }
    csv_response(
        &format!("receivables-ageing-{today}.csv"),
        vipcare::reports::ageing_csv(&report, ctx.lang),
    )
}

/// `from`/`to` months; missing or empty ones are the last twelve months (as on the page), so
/// a bare URL is answered by the access check rather than refused as a bad query string.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Months {
    from: String,
    to: String,
}

pub async fn revenue_csv(
    State(db): State<Db>,
    Extension(ctx): Extension<RequestContext>,
    Query(m): Query<Months>,
) -> Response {
    let user = match finance(&ctx) {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    let (first, last) = vipcare::reports::last_twelve_months(shanghai_date(now_ms()));
    let pick = |v: String, default: String| if v.trim().is_empty() { default } else { v };
    let (from, to) = (pick(m.from, first), pick(m.to, last));
    let report = match reports::revenue(&db, &from, &to).await {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let actor = ctx.client.actor(Some(user));
    let now = now_ms();
    if let Err(e) = reports::record_export(
        &db,
        &actor,
        "revenue",
        serde_json::json!({"from": report.from, "to": report.to}),
        now,
    )
    .await
    {
        return failed(e);
    }
    csv_response(
        &format!("revenue-{}-{}.csv", report.from, report.to),
        vipcare::reports::revenue_csv(&report, ctx.lang),
    )
}
