//! The complaint process's configuration (clauses 7.2, 8.2): deadlines and automatic
//! compensation per VIP level. Admins only (`ManageDisputes`). Forms post back to
//! `/admin/complaints/settings`.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::complaint_settings::ComplaintSettingsOverview;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::services::complaint_settings as svc,
    vipcare::Permission,
};

/// Where forms posted without JavaScript are sent back to.
#[cfg(feature = "ssr")]
const BACK: &str = "/admin/complaints/settings";

/// The deadlines and every VIP level's compensation policy.
#[server(endpoint = "complaint-settings/overview")]
pub async fn get_complaint_settings() -> Result<ComplaintSettingsOverview, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageDisputes)?;
    svc::overview(&ctx.db).await.map_err(fail)
}

/// Sets the deadlines: acknowledge within N hours, propose within N days of receipt, second
/// proposal within N days of an escalation (whole numbers).
#[server(endpoint = "complaint-settings/deadlines")]
pub async fn set_complaint_deadlines(
    acknowledge_hours: String,
    propose_days: String,
    second_proposal_days: String,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    svc::set_deadlines(
        &ctx.db,
        &actor(&req),
        &acknowledge_hours,
        &propose_days,
        &second_proposal_days,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, BACK))
}

/// Sets a VIP level's automatic compensation; amounts in yuan (`50`, `12.50`).
#[server(endpoint = "complaint-settings/policy")]
pub async fn set_compensation_policy(
    level: i64,
    first_response: String,
    resolution: String,
    monthly_cap: String,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    svc::set_policy(
        &ctx.db,
        &actor(&req),
        level,
        &first_response,
        &resolution,
        &monthly_cap,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, BACK))
}

/// Removes a VIP level's automatic compensation.
#[server(endpoint = "complaint-settings/policy/remove")]
pub async fn remove_compensation_policy(level: i64) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    svc::remove_policy(&ctx.db, &actor(&req), level, now_ms())
        .await
        .map_err(|e| fail_form(e, BACK))
}
