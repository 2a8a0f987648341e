//! Retention after the confidentiality period (clause 10.3): the period, who is due, and
//! anonymising them now. Admins only (`ManageRetention`). Forms post back to
//! `/admin/retention`.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::retention::{RetentionOverview, RetentionReport};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::services::retention as svc,
    vipcare::Permission,
};

/// Where forms posted without JavaScript are sent back to.
#[cfg(feature = "ssr")]
const BACK: &str = "/admin/retention";

/// The period, the former members due now and within 180 days, and what has been done.
#[server(endpoint = "retention/overview")]
pub async fn get_retention() -> Result<RetentionOverview, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageRetention)?;
    svc::overview(&ctx.db, now_ms()).await.map_err(fail)
}

/// Sets the confidentiality period in whole years (1–30).
#[server(endpoint = "retention/period")]
pub async fn set_retention_period(years: String) -> Result<u32, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageRetention)?;
    svc::set_years(&ctx.db, &actor(&req), &years, now_ms())
        .await
        .map_err(|e| fail_form(e, BACK))
}

/// Anonymises every former member who is due and not held, now (the daily job does the same).
#[server(endpoint = "retention/run")]
pub async fn run_retention() -> Result<RetentionReport, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageRetention)?;
    svc::run(&ctx.db, &actor(&req), now_ms())
        .await
        .map_err(|e| fail_form(e, BACK))
}
